package main

import (
	"bytes"
	"os/exec"
	"regexp"
	"strings"
)

// noMatch matches go list's warning for a pattern that matched nothing:
//
//	go: warning: "./empty/..." matched no packages
var noMatch = regexp.MustCompile(`^go: warning: "(.*)" matched no packages$`)

// emptyPatterns returns the wildcard patterns among patterns that match
// no packages.
//
// The checker rejects a load that yields no package at all, but when
// one pattern of several matches nothing, go list only warns on
// standard error, go/packages drops the warning and the run passes
// silently. Only "..." patterns can match nothing without an error
// package, so only they are listed again, with -find (no dependency
// resolution; a few milliseconds). Errors of go list itself are left
// for the real load to report.
func emptyPatterns(patterns []string) []string {
	var wild []string
	for _, p := range patterns {
		if strings.Contains(p, "...") {
			wild = append(wild, p)
		}
	}
	if len(wild) == 0 {
		return nil
	}
	cmd := exec.Command("go", append([]string{"list", "-e", "-find", "-f", "{{.ImportPath}}", "--"}, wild...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr // go list's warnings; its output is not needed
	if err := cmd.Run(); err != nil {
		return nil // e.g. no go command: the load reports it
	}
	var empty []string
	for line := range strings.Lines(stderr.String()) {
		if m := noMatch.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
			empty = append(empty, m[1])
		}
	}
	return empty
}
