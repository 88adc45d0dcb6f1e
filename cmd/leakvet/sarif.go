package main

// This file implements -sarif: it reruns this binary with -json (the
// standalone driver) and converts the driver's JSON tree into a SARIF
// 2.1.0 log (internal/driver/sarif).

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"

	"github.com/leakvet/leakvet/internal/driver/sarif"
	"golang.org/x/tools/go/analysis"
)

// docURI is the documentation of the module, for SARIF's
// informationUri; the version is appended for a release.
const docURI = "https://pkg.go.dev/github.com/leakvet/leakvet"

// runSARIF runs the standalone driver with -json on patterns, with the
// user's other flags, prints the SARIF log of its findings on stdout
// and returns the exit code: 0 when the analysis ran (findings or
// not), 1 when a package or check failed (the log is still printed,
// with executionSuccessful false), the driver's code for usage errors.
func runSARIF(flags, patterns []string, analyzers []*analysis.Analyzer) int {
	exe, err := os.Executable()
	if err != nil {
		fail(1, "sarif: find this executable: %v", err)
	}
	cwd, err := os.Getwd()
	if err != nil {
		fail(1, "sarif: %v", err)
	}

	// -json goes before a terminating "--", if any.
	args := slices.Clone(flags)
	if n := len(args); n > 0 && args[n-1] == "--" {
		args = slices.Insert(args, n-1, "-json")
	} else {
		args = append(args, "-json")
	}
	args = append(args, patterns...)

	var stdout, stderr bytes.Buffer
	cmd := exec.Command(exe, args...)
	cmd.Stdout = &stdout
	cmd.Stderr = io.MultiWriter(os.Stderr, &stderr)
	code := 0
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			fail(1, "sarif: run the driver: %v", err)
		}
		code = exit.ExitCode()
	}
	if code != 0 && code != 1 {
		return code // usage error, already reported on stderr
	}

	tree := make(sarif.Tree)
	if stdout.Len() > 0 { // empty when the load failed
		if err := json.Unmarshal(stdout.Bytes(), &tree); err != nil {
			fail(1, "sarif: decode the driver's JSON output: %v", err)
		}
	}
	var notes []string
	for line := range strings.Lines(stderr.String()) {
		if line = strings.TrimSpace(line); line != "" {
			notes = append(notes, line)
		}
	}
	v, devel := version()
	tool := sarif.Tool{Name: progname, Release: !devel, InformationURI: docURI}
	if v != "(devel)" {
		tool.Version = v
	}
	log, failed, err := sarif.Convert(tree, tool, analyzers, cwd, notes, code == 0)
	if err != nil {
		fail(1, "sarif: %v", err)
	}

	data, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		panic("internal error: encode SARIF: " + err.Error())
	}
	os.Stdout.Write(append(data, '\n'))
	if failed {
		return 1
	}
	return 0
}
