// Command argocd-lua runs the ArgoCD Lua scripts of a directory (deploy/argocd) against their
// test cases with gopher-lua, in a sandbox like ArgoCD's:
//
//	argocd-lua DIR
//
// DIR holds health-costcredential.lua with health_test.yaml, and actions/discovery.lua and
// actions/<name>/action.lua with actions_test.yaml (paths in the test files are relative to DIR).
// Prints one JSON line per case ({"case": ..., "ok": ..., "detail": ...}) and a summary on
// stderr. Exit status: 0 when every case passes, 1 when one fails, 2 when the files cannot be
// read.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

func main() {
	if len(os.Args) != 2 || os.Args[1] == "-h" || os.Args[1] == "--help" {
		fmt.Fprintln(os.Stderr, "usage: argocd-lua DIR   (runs DIR/health_test.yaml and DIR/actions_test.yaml)")
		os.Exit(2)
	}
	s := &suite{dir: os.Args[1], now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	s.sandboxCase()
	for _, step := range []func() error{s.health, s.actions} {
		if err := step(); err != nil {
			fmt.Fprintln(os.Stderr, "argocd-lua:", err)
			os.Exit(2)
		}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	failed := 0
	for _, r := range s.results {
		if !r.OK {
			failed++
		}
		if err := enc.Encode(r); err != nil {
			os.Exit(2)
		}
	}
	fmt.Fprintf(os.Stderr, "argocd-lua: %d cases, %d failed\n", len(s.results), failed)
	if failed > 0 {
		os.Exit(1)
	}
}
