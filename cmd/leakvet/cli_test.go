package main

import (
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// leakyFiles is a module with one finding that has a fix (Fetch) and
// one that has none (Many).
var leakyFiles = map[string]string{
	"a/a.go": `package a

import "time"

func fetch() string { return "" }

// Fetch abandons its sender on timeout: a buffer fixes it.
func Fetch() string {
	ch := make(chan string)
	go func() { ch <- fetch() }()
	select {
	case s := <-ch:
		return s
	case <-time.After(time.Second):
		return ""
	}
}

// Many receives once from three senders: no fix.
func Many() int {
	ch := make(chan int)
	for i := 0; i < 3; i++ {
		go func() { ch <- i }()
	}
	return <-ch
}
`,
}

var (
	fetchFinding = regexp.MustCompile(`(?m)^a/a\.go:10:14: goroutine may block forever sending on ch: Fetch can return .* \[sendleak\]$`)
	manyFinding  = regexp.MustCompile(`(?m)^a/a\.go:23:15: goroutine may block forever sending on ch: 3 goroutines send on ch but Many receives only once .* \[sendleak\]$`)
)

// withEnv returns an adjustment of a command that adds env to its
// environment.
func withEnv(env ...string) func(*exec.Cmd) {
	return func(cmd *exec.Cmd) { cmd.Env = append(os.Environ(), env...) }
}

// TestVersion checks -V, -V=full (the form go vet reads: cmd/go's toolID
// takes the build ID of a devel version) and --version. The test binary
// is built with -buildvcs=false: its version is (devel).
func TestVersion(t *testing.T) {
	short := regexp.MustCompile(`^leakvet version \(devel\)\n$`)
	full := regexp.MustCompile(`^leakvet version devel \(devel\) go\S+ buildID=[0-9a-f]{64}\n$`)
	for _, tc := range []struct {
		args []string
		want *regexp.Regexp
	}{
		{[]string{"-V"}, short},
		{[]string{"--version"}, short},
		{[]string{"-version"}, short},
		{[]string{"-V=true", "./ok"}, short},
		{[]string{"-V=full"}, full},
		{[]string{"-json", "-V=full"}, full},
	} {
		r := run(t, fixture, nil, tc.args...)
		if r.code != 0 || r.stderr != "" || !tc.want.MatchString(r.stdout) {
			t.Errorf("leakvet %s: exit code %d, stdout %q, stderr %q; want 0 and stdout matching %s",
				strings.Join(tc.args, " "), r.code, r.stdout, r.stderr, tc.want)
		}
	}
}

// TestTags checks that -tags and GOFLAGS reach the loader: a file behind
// a build tag is analysed only when the tag is set, in every output mode
// and with GOFLAGS=-modfile as well.
func TestTags(t *testing.T) {
	files := map[string]string{
		"alt.mod":       "module example.com/m\n\ngo 1.26\n",
		"tagged/a.go":   "package tagged\n\nfunc F() {}\n",
		"tagged/int.go": "//go:build integration\n\n" + strings.Replace(leakyFiles["a/a.go"], "package a", "package tagged", 1),
	}
	dir := writeModule(t, files)
	finding := regexp.MustCompile(`(?m)^tagged/int\.go:12:14: goroutine may block forever sending on ch: Fetch .* \[sendleak\]$`)
	for _, tc := range []struct {
		args []string
		env  []string
		want bool
	}{
		{[]string{"./..."}, nil, false},
		{[]string{"-tags", "integration", "./..."}, nil, true},
		{[]string{"-tags=other,integration", "./..."}, nil, true},
		{[]string{"./..."}, []string{"GOFLAGS=-tags=integration"}, true},
		{[]string{"-tags=integration", "./..."}, []string{"GOFLAGS=-modfile=alt.mod"}, true},
		{[]string{"./..."}, []string{"GOFLAGS=-modfile=alt.mod -tags=integration"}, true},
	} {
		r := run(t, dir, withEnv(tc.env...), tc.args...)
		what := strings.Join(append(tc.env, tc.args...), " ")
		if tc.want && (r.code != 3 || !finding.MatchString(r.stderr)) {
			t.Errorf("%s: exit code %d, want 3 and the finding in the tagged file; stderr:\n%s", what, r.code, r.stderr)
		}
		if !tc.want && (r.code != 0 || r.stderr != "") {
			t.Errorf("%s: exit code %d, want 0 and no output (the tagged file is not built); stderr:\n%s", what, r.code, r.stderr)
		}
		// -json and -sarif load the same files.
		r = run(t, dir, withEnv(tc.env...), append([]string{"-json"}, tc.args...)...)
		if got := strings.Contains(r.stdout, "int.go:12:14"); r.code != 0 || got != tc.want {
			t.Errorf("%s -json: exit code %d, finding reported %t, want 0 and %t:\n%s%s", what, r.code, got, tc.want, r.stdout, r.stderr)
		}
		r = run(t, dir, withEnv(tc.env...), append([]string{"-sarif"}, tc.args...)...)
		if got := strings.Contains(r.stdout, `"uri": "tagged/int.go"`); r.code != 0 || got != tc.want {
			t.Errorf("%s -sarif: exit code %d, finding reported %t, want 0 and %t:\n%s", what, r.code, got, tc.want, r.stderr)
		}
	}
}

// TestExitCodes checks that with findings and a package that does not
// compile, text and -json exit with the same code, 1, and still report
// the findings.
func TestExitCodes(t *testing.T) {
	files := map[string]string{"broken/b.go": "package broken\n\nvar x int = \"x\"\n"}
	for k, v := range leakyFiles {
		files[k] = v
	}
	dir := writeModule(t, files)
	for _, tc := range []struct {
		args       []string
		text, json int
	}{
		{[]string{"./a"}, 3, 0},
		{[]string{"./broken"}, 1, 1},
		{[]string{"./a", "./broken"}, 1, 1},
		{[]string{"./..."}, 1, 1},
	} {
		r := run(t, dir, nil, tc.args...)
		if r.code != tc.text || (tc.text == 1) != strings.Contains(r.stderr, "broken/b.go:3:13: cannot use") ||
			!fetchFinding.MatchString(r.stderr) && tc.args[0] == "./a" {
			t.Errorf("leakvet %s: exit code %d, want %d; stderr:\n%s", strings.Join(tc.args, " "), r.code, tc.text, r.stderr)
		}
		r = run(t, dir, nil, append([]string{"-json"}, tc.args...)...)
		if r.code != tc.json || strings.Contains(strings.Join(tc.args, " "), "a") && !strings.Contains(r.stdout, "a.go:10:14") {
			t.Errorf("leakvet -json %s: exit code %d, want %d; stdout:\n%s\nstderr:\n%s", strings.Join(tc.args, " "), r.code, tc.json, r.stdout, r.stderr)
		}
	}
}

// TestFix checks that -fix and -fix -diff report the findings that
// remain and exit 3 if there are any: -fix -diff prints the diff and the
// findings without a fix, and changes nothing; -fix applies the fix, and
// reports the findings without one; once nothing remains, -fix is
// silent and exits 0.
func TestFix(t *testing.T) {
	files := maps.Clone(leakyFiles)
	files["alt.mod"] = "module example.com/m\n\ngo 1.26\n"
	dir := writeModule(t, files)
	file := filepath.Join(dir, "a", "a.go")

	r := run(t, dir, nil, "-fix", "-diff", "./...")
	if r.code != 3 || !strings.Contains(r.stdout, "+\tch := make(chan string, 1)") ||
		!manyFinding.MatchString(r.stderr) || fetchFinding.MatchString(r.stderr) {
		t.Errorf("leakvet -fix -diff: exit code %d, want 3, the diff and only the finding without a fix; stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if data, _ := os.ReadFile(file); string(data) != leakyFiles["a/a.go"] {
		t.Errorf("leakvet -fix -diff changed a.go:\n%s", data)
	}

	// GOFLAGS reaches the loader of -fix too.
	r = run(t, dir, withEnv("GOFLAGS=-modfile=alt.mod"), "-fix", "./...")
	if r.code != 3 || r.stdout != "" || !manyFinding.MatchString(r.stderr) || fetchFinding.MatchString(r.stderr) {
		t.Errorf("leakvet -fix: exit code %d, want 3 and the finding without a fix; stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if data, _ := os.ReadFile(file); !strings.Contains(string(data), "ch := make(chan string, 1)") {
		t.Errorf("leakvet -fix did not apply the fix:\n%s", data)
	}

	// Only the finding without a fix is left: -sendleak=false silences
	// it, and there is nothing left to fix or report.
	r = run(t, dir, nil, "-fix", "-sendleak=false", "./...")
	if r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("leakvet -fix -sendleak=false: exit code %d, want 0 and no output; stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	r = run(t, dir, nil, "-fix", "-tags=x", "-json", "./...")
	if r.code != 0 || !strings.Contains(r.stdout, "a.go:23:15") || strings.Contains(r.stdout, "a.go:10:14") {
		t.Errorf("leakvet -fix -json: exit code %d, want 0 and the remaining finding in JSON; stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
}

// TestBaseline checks -baseline: the first run records the findings and
// passes; later runs report only findings it does not record, also when
// the recorded ones move; -update-baseline records afresh.
func TestBaseline(t *testing.T) {
	dir := writeModule(t, leakyFiles)
	file := filepath.Join(dir, "a", "a.go")
	base := filepath.Join(dir, "leakvet-baseline.json")

	r := run(t, dir, nil, "-baseline=leakvet-baseline.json", "./...")
	if r.code != 0 || r.stderr != "leakvet: recorded 2 findings in leakvet-baseline.json; runs with -baseline=leakvet-baseline.json report only new ones\n" {
		t.Fatalf("first run: exit code %d, want 0 and a note; stderr:\n%s", r.code, r.stderr)
	}
	data, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	var b struct {
		Findings []struct{ File, Func string }
	}
	if err := json.Unmarshal(data, &b); err != nil {
		t.Fatal(err)
	}
	if len(b.Findings) != 2 || b.Findings[0].File != "a/a.go" || b.Findings[0].Func != "Fetch" || b.Findings[1].Func != "Many" ||
		strings.Contains(string(data), `"line"`) {
		t.Errorf("the baseline does not record the two findings by file and function:\n%s", data)
	}

	r = run(t, dir, nil, "-baseline=leakvet-baseline.json", "./...")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("second run: exit code %d, want 0 and no output; stderr:\n%s", r.code, r.stderr)
	}

	// Move the known findings down and add a new one: only it is
	// reported, from any directory.
	src := strings.Replace(leakyFiles["a/a.go"], "func fetch()", "// A comment\n// that moves every line.\n\nfunc fetch()", 1) + `
// Again leaks as Many does.
func Again() int {
	ch := make(chan int)
	for i := 0; i < 2; i++ {
		go func() { ch <- i }()
	}
	return <-ch
}
`
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	again := regexp.MustCompile(`(?m)^a\.go:35:15: goroutine may block forever sending on ch: 2 goroutines send on ch but Again receives only once .* \[sendleak\]$`)
	r = run(t, filepath.Join(dir, "a"), nil, "-baseline=../leakvet-baseline.json", ".")
	if r.code != 3 || !again.MatchString(r.stderr) || strings.Count(r.stderr, "[sendleak]") != 1 {
		t.Errorf("after the edit: exit code %d, want 3 and only the new finding in Again; stderr:\n%s", r.code, r.stderr)
	}
	r = run(t, dir, nil, "-baseline=leakvet-baseline.json", "-json", "./...")
	if r.code != 0 || !strings.Contains(r.stdout, "a.go:35:15") || strings.Count(r.stdout, `"posn"`) != 2 { // the finding and its related position
		t.Errorf("after the edit, -json: exit code %d, want 0 and only the new finding; stdout:\n%s", r.code, r.stdout)
	}

	r = run(t, dir, nil, "-baseline=leakvet-baseline.json", "-update-baseline", "./...")
	if r.code != 0 || !strings.Contains(r.stderr, "recorded 3 findings") {
		t.Errorf("-update-baseline: exit code %d, want 0 and 3 findings recorded; stderr:\n%s", r.code, r.stderr)
	}
	r = run(t, dir, nil, "-baseline=leakvet-baseline.json", "./...")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("after -update-baseline: exit code %d, want 0 and no output; stderr:\n%s", r.code, r.stderr)
	}

	// A baseline is not written from a run with errors, and a bad one
	// is an error.
	if err := os.WriteFile(filepath.Join(dir, "broken.go"), []byte("package m\n\nvar x int = \"x\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, dir, nil, "-baseline=new.json", "./...")
	if _, err := os.Stat(filepath.Join(dir, "new.json")); r.code != 1 || err == nil || !strings.Contains(r.stderr, "leakvet: baseline new.json not written") {
		t.Errorf("with a type error: exit code %d, want 1 and no baseline written; stderr:\n%s", r.code, r.stderr)
	}
	if err := os.WriteFile(base, []byte(`{"version": 1, "findings": [{"line": 3}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, dir, nil, "-baseline=leakvet-baseline.json", "./a")
	if r.code != 1 || !strings.Contains(r.stderr, `leakvet: baseline leakvet-baseline.json: json: unknown field "line"`) {
		t.Errorf("with a malformed baseline: exit code %d, want 1; stderr:\n%s", r.code, r.stderr)
	}
}
