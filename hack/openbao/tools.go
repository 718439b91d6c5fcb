//go:build tools

// Package tools pins the OpenBao server main package built by
// ../build-openbao.sh so that `go mod tidy` keeps everything it needs in
// go.mod/go.sum.
package tools

import (
	_ "github.com/openbao/openbao"
)
