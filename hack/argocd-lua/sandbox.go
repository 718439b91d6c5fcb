package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"
	luajson "layeh.com/gopher-json"
)

// run evaluates script the way ArgoCD evaluates a custom health check or resource action (facts
// from argo-cd util/lua/lua.go; this is our own code): the standard libraries are skipped
// (useOpenLibs off, ArgoCD's default), then only package, base, table and a safe os library
// (time and date) are opened; the object is the global obj, action parameters the global
// actionParams (a table of strings since ArgoCD 3.1; nil before: legacy), one second to run. The
// script's return value is encoded to JSON with gopher-json, as ArgoCD does.
func run(script string, obj map[string]any, params map[string]string, legacy bool, now time.Time) ([]byte, error) {
	l := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer l.Close()
	libs := []struct {
		name string
		open lua.LGFunction
	}{
		{lua.LoadLibName, lua.OpenPackage},
		{lua.BaseLibName, lua.OpenBase},
		{lua.TabLibName, lua.OpenTable},
		{lua.OsLibName, openSafeOs(now)},
	}
	for _, lib := range libs {
		if err := l.CallByParam(lua.P{Fn: l.NewFunction(lib.open), NRet: 0, Protect: true}, lua.LString(lib.name)); err != nil {
			return nil, fmt.Errorf("opening %s: %w", lib.name, err)
		}
	}
	l.PreloadModule(lua.OsLibName, func(l *lua.LState) int {
		l.Push(l.SetFuncs(l.NewTable(), osFuncs(now)))
		return 1
	})
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	l.SetContext(ctx)
	if !legacy {
		p := l.CreateTable(0, len(params))
		for k, v := range params {
			p.RawSetString(k, lua.LString(v))
		}
		l.SetGlobal("actionParams", p)
	}
	l.SetGlobal("obj", toLua(l, obj))
	if err := l.DoString(script); err != nil {
		if apiErr, ok := err.(*lua.ApiError); ok && apiErr.Type == lua.ApiErrorRun {
			return nil, fmt.Errorf("%s", apiErr.Object.String())
		}
		return nil, err
	}
	ret := l.Get(-1)
	if ret.Type() != lua.LTTable {
		return nil, fmt.Errorf("expect table output from Lua script, not %s", ret.Type())
	}
	return luajson.Encode(ret)
}

// toLua converts a decoded Kubernetes object as ArgoCD does: maps and arrays become tables,
// integers and floats numbers, null nil.
func toLua(l *lua.LState, v any) lua.LValue {
	switch t := v.(type) {
	case bool:
		return lua.LBool(t)
	case string:
		return lua.LString(t)
	case int64:
		return lua.LNumber(t)
	case float64:
		return lua.LNumber(t)
	case []any:
		arr := l.CreateTable(len(t), 0)
		for _, item := range t {
			arr.Append(toLua(l, item))
		}
		return arr
	case map[string]any:
		tbl := l.CreateTable(0, len(t))
		for k, item := range t {
			tbl.RawSetH(lua.LString(k), toLua(l, item))
		}
		return tbl
	}
	return lua.LNil
}

func openSafeOs(now time.Time) lua.LGFunction {
	return func(l *lua.LState) int {
		l.Push(l.RegisterModule(lua.OsLibName, osFuncs(now)))
		return 1
	}
}

// osFuncs: os.time() and os.date(format) on a fixed clock, so that expected outputs are stable.
// Only the conversions the scripts use are implemented; any other fails the script.
func osFuncs(now time.Time) map[string]lua.LGFunction {
	return map[string]lua.LGFunction{
		"time": func(l *lua.LState) int {
			if l.GetTop() > 0 {
				l.RaiseError("os.time with a table is not supported by this harness")
			}
			l.Push(lua.LNumber(now.Unix()))
			return 1
		},
		"date": func(l *lua.LState) int {
			format := l.OptString(1, "%c")
			t := now.Local()
			if strings.HasPrefix(format, "!") {
				t, format = now.UTC(), format[1:]
			}
			out, err := strftime(t, format)
			if err != nil {
				l.RaiseError("%s", err.Error())
			}
			l.Push(lua.LString(out))
			return 1
		},
	}
}

func strftime(t time.Time, format string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		if format[i] != '%' || i+1 == len(format) {
			b.WriteByte(format[i])
			continue
		}
		i++
		switch format[i] {
		case 'Y':
			fmt.Fprintf(&b, "%04d", t.Year())
		case 'm':
			fmt.Fprintf(&b, "%02d", int(t.Month()))
		case 'd':
			fmt.Fprintf(&b, "%02d", t.Day())
		case 'H':
			fmt.Fprintf(&b, "%02d", t.Hour())
		case 'M':
			fmt.Fprintf(&b, "%02d", t.Minute())
		case 'S':
			fmt.Fprintf(&b, "%02d", t.Second())
		case 'X':
			fmt.Fprintf(&b, "%02d:%02d:%02d", t.Hour(), t.Minute(), t.Second())
		case '%':
			b.WriteByte('%')
		default:
			return "", fmt.Errorf("os.date: %%%c is not supported by this harness", format[i])
		}
	}
	return b.String(), nil
}

// decodeJSON parses JSON into generic values with integers as int64 and other numbers as
// float64, as the Kubernetes unstructured decoder does.
func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return numbers(v), nil
}

func numbers(v any) any {
	switch t := v.(type) {
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return i
		}
		f, _ := t.Float64()
		return f
	case []any:
		for i := range t {
			t[i] = numbers(t[i])
		}
	case map[string]any:
		for k := range t {
			t[k] = numbers(t[k])
		}
	}
	return v
}
