//go:build tools

// Package tools pins the promtool main package built by ../build-promtool.sh so
// that `go mod tidy` keeps everything it needs in go.mod/go.sum.
package tools

import (
	_ "github.com/prometheus/prometheus/cmd/promtool"
)
