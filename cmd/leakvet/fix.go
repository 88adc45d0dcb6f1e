package main

// This file implements -fix and -fix -diff: a second run of this binary
// applies the fixes with multichecker (which merges overlapping fixes
// and formats the result as go fix does), then the standalone driver
// reports what remains.

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
)

// A fixOutcome is the result of applying the fixes.
type fixOutcome struct {
	code  int      // the exit code of the run that applied them
	notes []string // its messages ("leakvet: ..."), other than package errors
}

// printNotes prints the messages of the run that applied the fixes.
func (o *fixOutcome) printNotes(w io.Writer) {
	for _, n := range o.notes {
		fmt.Fprintln(w, n)
	}
}

// childFlags are the flags that multichecker does not define, or that
// the standalone driver serves itself: they are not passed on to the run
// that applies the fixes. -tags reaches it through GOFLAGS.
var childFlags = []string{
	"tags", "json", "sarif", "baseline", "update-baseline", "c", "V", "version",
	"cpuprofile", "memprofile", "trace",
}

// applyFixes runs this binary as multichecker with the flags set in fs
// (but childFlags) on patterns, to apply the suggested fixes (with -diff,
// to print them as a diff on stdout). Package errors it prints are
// dropped: the standalone driver reports them after it, in its own
// form.
func applyFixes(fs *flag.FlagSet, d *driverFlags, patterns []string) *fixOutcome {
	var args []string
	fs.Visit(func(f *flag.Flag) {
		if !slices.Contains(childFlags, f.Name) {
			args = append(args, "-"+f.Name+"="+f.Value.String())
		}
	})
	args = append(append(args, "--"), patterns...)
	for _, f := range strings.Fields(os.Getenv("GOFLAGS")) {
		if name, _, _ := strings.Cut(strings.TrimLeft(f, "-"), "="); name == "mod" || name == "modfile" || name == "modcacherw" {
			return &fixOutcome{code: 1, notes: []string{fmt.Sprintf(
				"%s: -fix does not work with GOFLAGS=%s; run go fix -fixtool=$(command -v %s) ./..., which does", progname, f, progname)}}
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return &fixOutcome{code: 1, notes: []string{fmt.Sprintf("%s: -fix: find this executable: %v", progname, err)}}
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), fixChildEnv+"=1")
	if d.tags != "" {
		cmd.Env = append(cmd.Env, "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -tags="+d.tags))
	}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = os.Stdout, &stderr
	out := &fixOutcome{}
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return &fixOutcome{code: 1, notes: []string{fmt.Sprintf("%s: -fix: %v", progname, err)}}
		}
		out.code = exit.ExitCode()
	}
	for line := range strings.Lines(stderr.String()) {
		line = strings.TrimRight(line, "\n")
		if out.code > 1 || strings.HasPrefix(line, progname+": ") {
			out.notes = append(out.notes, line)
		}
	}
	if out.code > 1 { // a crash or a usage error: say all
		out.printNotes(os.Stderr)
		out.code = 1
	}
	return out
}
