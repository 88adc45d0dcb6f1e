package main

import (
	"flag"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// coreValueFlags are the flags of the standalone driver (driver.go,
// registerFlags) that take a value, so that "-c 3" is one flag and not a flag and a
// package. Every other core flag is boolean. TestCoreFlags checks this
// list against "leakvet help".
var coreValueFlags = []string{"baseline", "c", "cpuprofile", "debug", "memprofile", "tags", "trace"}

// valueFlags returns the names of the flags that take a value: the core
// ones and each check's non-boolean options, as -<check>.<option>.
func valueFlags(analyzers []*analysis.Analyzer) map[string]bool {
	m := make(map[string]bool)
	for _, name := range coreValueFlags {
		m[name] = true
	}
	for _, a := range analyzers {
		a.Flags.VisitAll(func(f *flag.Flag) {
			if !isBoolFlag(f) {
				m[a.Name+"."+f.Name] = true
			}
		})
	}
	return m
}

// isBoolFlag reports whether f needs no value, as the flag package
// decides it.
func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// leadingFlags returns how many of args the flag package would consume
// as flags, including a terminating "--". It mirrors flag.Parse for
// well-formed input; malformed flags are left for flag.Parse to reject.
func leadingFlags(args []string, valueFlags map[string]bool) int {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return i + 1
		}
		if len(a) < 2 || a[0] != '-' {
			return i // the first package pattern (or "help")
		}
		name := strings.TrimPrefix(a[1:], "-")
		if strings.Contains(name, "=") {
			continue // -name=value
		}
		if valueFlags[name] {
			i++ // -name value
		}
	}
	return len(args)
}

// extractBool reports whether the boolean flag name is set among flags
// (the last occurrence wins, as in the flag package) and returns flags
// without it. Values of other flags are skipped as leadingFlags does. A
// malformed value is left in place for flag.Parse to reject.
func extractBool(flags []string, name string, valueFlags map[string]bool) (bool, []string) {
	set := false
	var others []string
	for i := 0; i < len(flags); i++ {
		a := flags[i]
		if a == "--" || !strings.HasPrefix(a, "-") {
			others = append(others, a)
			continue
		}
		n, v, hasValue := strings.Cut(strings.TrimPrefix(a[1:], "-"), "=")
		if n != name {
			others = append(others, a)
			if !hasValue && valueFlags[n] && i+1 < len(flags) {
				i++
				others = append(others, flags[i]) // the value of -n
			}
			continue
		}
		if !hasValue {
			set = true
			continue
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			others = append(others, a)
			continue
		}
		set = b
	}
	return set, others
}

// hasFlag reports whether flags sets the flag name, with or without a
// value.
func hasFlag(flags []string, name string) bool {
	for _, a := range flags {
		if a == "--" {
			break
		}
		n, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if strings.HasPrefix(a, "-") && n == name {
			return true
		}
	}
	return false
}
