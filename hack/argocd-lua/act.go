package main

import (
	"encoding/json"
	"fmt"
	"reflect"
)

// act runs actions/<action>/action.lua like ArgoCD's RunResourceAction: an object result is the
// new state of the resource; ArgoCD restores maps that Lua turned into empty arrays, then sends a
// JSON merge patch (the part under status goes to the status subresource).
func (s *suite) act(action, input string, params map[string]string, legacy bool, wantPath, wantErr string, wantPatch map[string]any) error {
	script, err := s.read("actions/" + action + "/action.lua")
	if err != nil {
		return err
	}
	live, err := s.object(input)
	if err != nil {
		return err
	}
	out, runErr := run(script, copyObject(live), params, legacy, s.now)
	if wantErr != "" || runErr != nil {
		if runErr == nil {
			return fmt.Errorf("got no error, want %q", wantErr)
		}
		if runErr.Error() != wantErr {
			return fmt.Errorf("got error %q, want %q", runErr.Error(), wantErr)
		}
		return nil
	}
	if len(out) > 0 && out[0] == '[' {
		return fmt.Errorf("action returned a list of impacted resources; these actions return the object")
	}
	decoded, err := decodeJSON(out)
	if err != nil {
		return err
	}
	got, ok := decoded.(map[string]any)
	if !ok {
		return fmt.Errorf("action returned %s", out)
	}
	got = restoreEmptyMaps(got, live)
	want, err := s.object(wantPath)
	if err != nil {
		return err
	}
	if !sameJSON(got, want) {
		return fmt.Errorf("returned object differs from %s:\n got  %s\n want %s", wantPath, mustJSON(got), mustJSON(want))
	}
	patch := mergePatch(live, got)
	if _, ok := patch["status"]; ok {
		return fmt.Errorf("the action changes status: %s", mustJSON(patch))
	}
	if wantPatch != nil && !sameJSON(patch, wantPatch) {
		return fmt.Errorf("merge patch %s, want %s", mustJSON(patch), mustJSON(wantPatch))
	}
	return nil
}

// restoreEmptyMaps undoes what gopher-json does to an empty Lua table (an empty JSON array) where
// the live object had a map, as ArgoCD does before patching.
func restoreEmptyMaps(got, live map[string]any) map[string]any {
	for k, old := range live {
		switch n := got[k].(type) {
		case map[string]any:
			if o, ok := old.(map[string]any); ok {
				got[k] = restoreEmptyMaps(n, o)
			}
		case []any:
			if o, ok := old.(map[string]any); ok && len(n) == 0 {
				got[k] = o
			}
		}
	}
	return got
}

// mergePatch is the RFC 7386 JSON merge patch that turns from into to.
func mergePatch(from, to map[string]any) map[string]any {
	patch := map[string]any{}
	for k, old := range from {
		n, ok := to[k]
		if !ok {
			patch[k] = nil
			continue
		}
		om, oldIsMap := old.(map[string]any)
		nm, newIsMap := n.(map[string]any)
		if oldIsMap && newIsMap {
			if sub := mergePatch(om, nm); len(sub) > 0 {
				patch[k] = sub
			}
		} else if !sameJSON(old, n) {
			patch[k] = n
		}
	}
	for k, n := range to {
		if _, ok := from[k]; !ok {
			patch[k] = n
		}
	}
	return patch
}

// sameJSON compares two values as JSON documents (3 and 3.0 are the same number).
func sameJSON(a, b any) bool {
	var x, y any
	if json.Unmarshal([]byte(mustJSON(a)), &x) != nil || json.Unmarshal([]byte(mustJSON(b)), &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("<%v>", err)
	}
	return string(b)
}

func copyObject(m map[string]any) map[string]any {
	var c map[string]any
	if err := json.Unmarshal([]byte(mustJSON(m)), &c); err != nil {
		panic(err)
	}
	return numbers(c).(map[string]any)
}
