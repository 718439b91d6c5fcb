package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"time"

	"sigs.k8s.io/yaml"
)

// healthTests is deploy/argocd/health_test.yaml, in ArgoCD's format.
type healthTests struct {
	Tests []struct {
		InputPath    string `json:"inputPath"`
		HealthStatus struct {
			Status  string `json:"status"`
			Message string `json:"message"`
		} `json:"healthStatus"`
	} `json:"tests"`
}

// actionTests is deploy/argocd/actions_test.yaml: ArgoCD's action_test.yaml format, plus now
// (the clock os.time and os.date read), legacy (no actionParams global, as before ArgoCD 3.1)
// and expectedPatch (the JSON merge patch ArgoCD would send for the returned object).
type actionTests struct {
	Now            string `json:"now"`
	DiscoveryTests []struct {
		InputPath string         `json:"inputPath"`
		Legacy    bool           `json:"legacy"`
		Result    []actionResult `json:"result"`
	} `json:"discoveryTests"`
	ActionTests []struct {
		Action               string            `json:"action"`
		InputPath            string            `json:"inputPath"`
		Parameters           map[string]string `json:"parameters"`
		Legacy               bool              `json:"legacy"`
		ExpectedOutputPath   string            `json:"expectedOutputPath"`
		ExpectedErrorMessage string            `json:"expectedErrorMessage"`
		ExpectedPatch        map[string]any    `json:"expectedPatch"`
	} `json:"actionTests"`
}

// actionResult is one entry of what discovery.lua offers, as ArgoCD reads it.
type actionResult struct {
	Name        string        `json:"name"`
	Disabled    bool          `json:"disabled"`
	IconClass   string        `json:"iconClass"`
	DisplayName string        `json:"displayName"`
	Params      []actionParam `json:"params,omitempty"`
}

type actionParam struct {
	Name string `json:"name"`
}

// result is one line of output: a case and whether it passed.
type result struct {
	Case   string `json:"case"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail,omitempty"`
}

type suite struct {
	dir     string
	now     time.Time
	results []result
}

func (s *suite) record(name string, err error) {
	r := result{Case: name, OK: err == nil}
	if err != nil {
		r.Detail = err.Error()
	}
	s.results = append(s.results, r)
}

func (s *suite) read(rel string) (string, error) {
	b, err := os.ReadFile(filepath.Join(s.dir, rel))
	return string(b), err
}

func (s *suite) object(rel string) (map[string]any, error) {
	b, err := os.ReadFile(filepath.Join(s.dir, rel))
	if err != nil {
		return nil, err
	}
	j, err := yaml.YAMLToJSON(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rel, err)
	}
	v, err := decodeJSON(j)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s is not an object", rel)
	}
	return m, nil
}

func readYAML(path string, into any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return yaml.UnmarshalStrict(b, into)
}

// sandboxCase checks the harness itself: the globals ArgoCD's sandbox has, and only those.
func (s *suite) sandboxCase() {
	script := `
local missing = {}
for _, name in ipairs({"string", "math", "io", "debug", "coroutine", "channel"}) do
  if _G[name] ~= nil then table.insert(missing, name .. " is open") end
end
if os.execute ~= nil or os.getenv ~= nil or os.remove ~= nil then table.insert(missing, "os is not the safe subset") end
if os.date == nil or os.time == nil or require("os").date == nil then table.insert(missing, "safe os is missing") end
return {problems = table.concat(missing, ", ")}`
	out, err := run(script, map[string]any{}, nil, false, s.now)
	if err == nil {
		var v struct{ Problems string }
		if err = json.Unmarshal(out, &v); err == nil && v.Problems != "" {
			err = fmt.Errorf("sandbox differs from ArgoCD's: %s", v.Problems)
		}
	}
	s.record("sandbox: only base, table, package and a safe os library", err)
}

func (s *suite) health() error {
	var tests healthTests
	if err := readYAML(filepath.Join(s.dir, "health_test.yaml"), &tests); err != nil {
		return err
	}
	script, err := s.read("health-costcredential.lua")
	if err != nil {
		return err
	}
	for _, t := range tests.Tests {
		s.record("health "+t.InputPath, func() error {
			obj, err := s.object(t.InputPath)
			if err != nil {
				return err
			}
			out, err := run(script, obj, nil, false, s.now)
			if err != nil {
				return err
			}
			var got struct {
				Status  string `json:"status"`
				Message string `json:"message"`
			}
			if err := json.Unmarshal(out, &got); err != nil {
				return fmt.Errorf("health result %s: %w", out, err)
			}
			switch got.Status {
			case "Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown":
			default:
				return fmt.Errorf("invalid health status %q (ArgoCD shows Unknown)", got.Status)
			}
			if got.Status != t.HealthStatus.Status || got.Message != t.HealthStatus.Message {
				return fmt.Errorf("got %s %q, want %s %q", got.Status, got.Message, t.HealthStatus.Status, t.HealthStatus.Message)
			}
			return nil
		}())
	}
	return nil
}

func (s *suite) actions() error {
	var tests actionTests
	if err := readYAML(filepath.Join(s.dir, "actions_test.yaml"), &tests); err != nil {
		return err
	}
	if tests.Now != "" {
		now, err := time.Parse(time.RFC3339, tests.Now)
		if err != nil {
			return fmt.Errorf("actions_test.yaml now: %w", err)
		}
		s.now = now
	}
	discovery, err := s.read("actions/discovery.lua")
	if err != nil {
		return err
	}
	for _, t := range tests.DiscoveryTests {
		s.record("discovery "+t.InputPath, s.discover(discovery, t.InputPath, t.Legacy, t.Result))
	}
	for _, t := range tests.ActionTests {
		name := "action " + t.Action + " " + t.InputPath
		if len(t.Parameters) > 0 {
			name += fmt.Sprintf(" %v", t.Parameters)
		}
		if t.Legacy {
			name += " (ArgoCD < 3.1)"
		}
		s.record(name, s.act(t.Action, t.InputPath, t.Parameters, t.Legacy, t.ExpectedOutputPath, t.ExpectedErrorMessage, t.ExpectedPatch))
	}
	return nil
}

func (s *suite) discover(script, input string, legacy bool, want []actionResult) error {
	obj, err := s.object(input)
	if err != nil {
		return err
	}
	out, err := run(script, obj, nil, legacy, s.now)
	if err != nil {
		return err
	}
	got := []actionResult{}
	if string(out) != "[]" { // an empty Lua table encodes as an array: no actions
		var m map[string]actionResult
		if err := json.Unmarshal(out, &m); err != nil {
			return fmt.Errorf("discovery result %s: %w", out, err)
		}
		for name, a := range m {
			a.Name = name
			got = append(got, a)
		}
	}
	sort.Slice(got, func(i, j int) bool { return got[i].Name < got[j].Name })
	sort.Slice(want, func(i, j int) bool { return want[i].Name < want[j].Name })
	if !reflect.DeepEqual(got, want) {
		return fmt.Errorf("got %s, want %s", mustJSON(got), mustJSON(want))
	}
	return nil
}
