// Package integration runs leakvet through the tools users run it in:
// a golangci-lint binary with the module plugin, built by "golangci-lint
// custom" and by scripts/golangci-build.sh (also as the README pins it,
// by a commit's pseudo-version), and the pre-commit hooks of
// .pre-commit-hooks.yaml.
//
// The tests install what they need (golangci-lint with go install,
// pre-commit with apt-get) and take minutes, so they run only when
// LEAKVET_E2E=1:
//
//	LEAKVET_E2E=1 go test -v -count=1 -timeout=30m ./integration
//
// Each sample module under testdata/ marks the lines leakvet must report
// with a trailing "// leakvet:want <check>" comment; every other line
// must stay silent.
//
// golangci-lint also turns each Diagnostic.Related into an issue of its
// own, on its own line, which a //nolint on the finding's line does not
// silence: testdata/gcl marks such a leftover with "// leakvet:related
// <check>".
package integration

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// e2e skips t unless the end-to-end tests are enabled.
func e2e(t *testing.T) {
	t.Helper()
	if os.Getenv("LEAKVET_E2E") != "1" {
		t.Skip("end-to-end test: set LEAKVET_E2E=1 to run it")
	}
}

// repoRoot returns the root of the leakvet repository.
func repoRoot(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(wd) // the test runs in <root>/integration
}

// finding is one diagnostic: where it is and which check reported it.
type finding struct {
	file  string // slash-separated, relative to the sample module
	line  int
	check string
}

func (f finding) String() string { return fmt.Sprintf("%s:%d: %s", f.file, f.line, f.check) }

// markers returns the findings that the .go files under dir expect:
// the lines that end with "// leakvet:want <check>".
func markers(t *testing.T, dir string) []finding {
	t.Helper()
	out := markersOf(t, dir, "want")
	if len(out) == 0 {
		t.Fatalf("no // leakvet:want markers under %s", dir)
	}
	return out
}

// markersOf returns the lines of the .go files under dir that end with
// "// leakvet:<kind> <check>".
func markersOf(t *testing.T, dir, kind string) []finding {
	t.Helper()
	markerRE := regexp.MustCompile(`// leakvet:` + kind + ` ([a-z][a-z0-9]*)\s*$`)
	var out []finding
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for line := 1; sc.Scan(); line++ {
			if m := markerRE.FindStringSubmatch(sc.Text()); m != nil {
				out = append(out, finding{filepath.ToSlash(rel), line, m[1]})
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	sortFindings(out)
	return out
}

func sortFindings(fs []finding) {
	slices.SortFunc(fs, func(a, b finding) int {
		return strings.Compare(a.String(), b.String())
	})
}

// compare reports the difference between the findings got and want,
// each of which is expected once.
func compare(t *testing.T, what string, got, want []finding) {
	t.Helper()
	count := map[finding]int{}
	for _, f := range got {
		count[f]++
	}
	for _, f := range want {
		count[f]--
	}
	var diffs []string
	for f, n := range count {
		switch {
		case n < 0:
			diffs = append(diffs, fmt.Sprintf("%s: missing finding %s", what, f))
		case n > 0 && slices.Contains(want, f):
			diffs = append(diffs, fmt.Sprintf("%s: finding %s reported %d extra time(s)", what, f, n))
		case n > 0:
			diffs = append(diffs, fmt.Sprintf("%s: unexpected finding %s", what, f))
		}
	}
	slices.Sort(diffs)
	for _, d := range diffs {
		t.Error(d)
	}
}

// copyDir copies the tree src to dst, which must not exist.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatalf("copy %s: %v", src, err)
	}
}

// cmd describes one command of a test.
type cmd struct {
	dir  string
	env  []string // added to the environment
	args []string
}

// run runs c, logs its wall time, and returns its combined output and
// exit code. It fails t if the command cannot start or times out.
func run(t *testing.T, c cmd) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	x := exec.CommandContext(ctx, c.args[0], c.args[1:]...)
	x.Dir = c.dir
	x.Env = append(os.Environ(), c.env...)
	x.Stdin = nil
	start := time.Now()
	out, err := x.CombinedOutput()
	t.Logf("wall %6.1fs  %s", time.Since(start).Seconds(), strings.Join(c.args, " "))
	if ctx.Err() != nil {
		t.Fatalf("%s: timed out\n%s", strings.Join(c.args, " "), out)
	}
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%s: %v", strings.Join(c.args, " "), err)
		}
		code = ee.ExitCode()
	}
	return string(out), code
}

// mustRun runs c and fails t unless it exits 0.
func mustRun(t *testing.T, c cmd) string {
	t.Helper()
	out, code := run(t, c)
	if code != 0 {
		t.Fatalf("%s: exit code %d\n%s", strings.Join(c.args, " "), code, out)
	}
	return out
}

// goEnv returns the value of a go env variable.
func goEnv(t *testing.T, name string) string {
	t.Helper()
	return strings.TrimSpace(mustRun(t, cmd{args: []string{"go", "env", name}}))
}
