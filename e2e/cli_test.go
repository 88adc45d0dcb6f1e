package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/analyzer"
)

// demoFiles is the module in which the README's bad inputs run.
var demoFiles = map[string]string{
	"go.mod":           "module example.com/demo\n\ngo 1.26\n",
	"ok/ok.go":         "package ok\n\nfunc F() {}\n",
	"syntaxerror/s.go": "package syntaxerror\n\nfunc f() int {\n\tch := make(chan int\n\tgo func() { ch <- 1 }()\n\treturn <-ch\n}\n",
	"typeerror/t.go":   "package typeerror\n\nvar x int = \"x\"\n",
	"empty/README":     "no Go files here\n",
}

// writeFiles writes files (path: content) under a new directory and
// returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// A readmeCase is one command of the README's list of bad inputs, with
// the standard error and exit code it must give.
type readmeCase struct {
	args   []string
	stderr string
	code   int
}

// readmeBadInputs returns the README's list of bad inputs: the commands
// between its bad-input markers, each "$ leakvet args" line followed by
// the lines of standard error and "[exit N]".
func readmeBadInputs(t *testing.T) []readmeCase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(data), "<!-- bad-input:begin -->\n```text\n")
	block, _, ok2 := strings.Cut(block, "```\n<!-- bad-input:end -->")
	if !ok || !ok2 {
		t.Fatal("README.md has no list of bad inputs between <!-- bad-input:begin --> and <!-- bad-input:end -->")
	}
	exitRE := regexp.MustCompile(`^\[exit (\d+)\]$`)
	var cases []readmeCase
	var cur *readmeCase
	for line := range strings.Lines(block) {
		line = strings.TrimSuffix(line, "\n")
		switch {
		case strings.HasPrefix(line, "$ "):
			fields := strings.Fields(strings.TrimPrefix(line, "$ "))
			if cur != nil || len(fields) == 0 || fields[0] != "leakvet" {
				t.Fatalf("README.md: bad-input list: unexpected command line %q", line)
			}
			cur = &readmeCase{args: fields[1:]}
		case cur == nil:
			t.Fatalf("README.md: bad-input list: output before any command: %q", line)
		case exitRE.MatchString(line):
			cur.code, _ = strconv.Atoi(exitRE.FindStringSubmatch(line)[1])
			cases = append(cases, *cur)
			cur = nil
		default:
			cur.stderr += line + "\n"
		}
	}
	if cur != nil || len(cases) < 10 {
		t.Fatalf("README.md: bad-input list: %d complete cases, and one without its [exit N] line: %t", len(cases), cur != nil)
	}
	return cases
}

// TestREADMEBadInputs runs every bad input that the README lists and
// compares standard error (with "..." for the module's directory) and
// the exit code.
func TestREADMEBadInputs(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, demoFiles)
	for _, tc := range readmeBadInputs(t) {
		r := run(t, dir, nil, leakvet, tc.args...)
		want := strings.ReplaceAll(tc.stderr, "...", "\x00")
		want = strings.ReplaceAll(want, "\x00/", dir+"/")
		want = strings.ReplaceAll(want, "\x00", "...")
		if r.code != tc.code || r.stderr != want {
			t.Errorf("leakvet %s: exit code %d, want %d; stderr:\n%s\nwant (README.md):\n%s",
				strings.Join(tc.args, " "), r.code, tc.code, r.stderr, want)
		}
	}
}

// TestHelpAndVersion checks leakvet's own help, the usage message of a
// bare "leakvet", and the version flags.
func TestHelpAndVersion(t *testing.T) {
	t.Parallel()
	r := run(t, sample, nil, leakvet, "help")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("leakvet help: exit code %d, want 0; stderr:\n%s", r.code, r.stderr)
	}
	for _, a := range analyzer.All() {
		if !regexp.MustCompile(`(?m)^  ` + a.Name + ` +\S`).MatchString(r.stdout) {
			t.Errorf("leakvet help does not list %s:\n%s", a.Name, r.stdout)
		}
	}
	if !strings.Contains(r.stdout, "go vet -vettool=") || !strings.Contains(r.stdout, "\n  -tags string\n") {
		t.Errorf("leakvet help does not name the drivers and the flags:\n%s", r.stdout)
	}

	r = run(t, sample, nil, leakvet)
	if r.code != 2 || !strings.HasPrefix(r.stderr, "usage: leakvet [flags] [packages]\n") {
		t.Errorf("leakvet: exit code %d, want 2 and the usage; stderr:\n%s", r.code, r.stderr)
	}

	// The binary under test is built with -buildvcs=false.
	for flag, re := range map[string]string{
		"-V":        `^leakvet version \(devel\)\n$`,
		"--version": `^leakvet version \(devel\)\n$`,
		"-V=full":   `^leakvet version devel \(devel\) go\S+ buildID=[0-9a-f]{64}\n$`,
	} {
		r := run(t, sample, nil, leakvet, flag)
		if r.code != 0 || !regexp.MustCompile(re).MatchString(r.stdout) {
			t.Errorf("leakvet %s: exit code %d, output %q; want 0 and a match for %s", flag, r.code, r.stdout, re)
		}
	}
}

// taggedFiles is a module whose only leak is in a file behind the build
// tag "integration".
var taggedFiles = map[string]string{
	"go.mod":        "module example.com/tagged\n\ngo 1.26\n",
	"dev.mod":       "module example.com/tagged\n\ngo 1.26\n",
	"tagged/a.go":   "package tagged\n\nfunc F() {}\n",
	"tagged/int.go": "//go:build integration\n\npackage tagged\n\nfunc G() int {\n\tch := make(chan int)\n\tfor i := 0; i < 3; i++ {\n\t\tgo func() { ch <- i }()\n\t}\n\treturn <-ch\n}\n",
}

// TestTags checks that a file behind a build tag is analysed when the
// tag is set, through -tags or GOFLAGS, standalone and under go vet.
func TestTags(t *testing.T) {
	t.Parallel()
	dir := writeFiles(t, taggedFiles)
	env := privateCache(t)
	for _, tc := range []struct {
		name string
		env  []string
		args []string
		code int
		set  bool
	}{
		{"leakvet", nil, []string{leakvet, "./..."}, 0, false},
		{"leakvet -tags", nil, []string{leakvet, "-tags=integration", "./..."}, 3, true},
		{"leakvet GOFLAGS=-tags", []string{"GOFLAGS=-tags=integration"}, []string{leakvet, "./..."}, 3, true},
		{"leakvet GOFLAGS=-modfile -tags", []string{"GOFLAGS=-modfile=dev.mod"}, []string{leakvet, "-tags", "integration", "./..."}, 3, true},
		{"go vet", env, []string{"go", "vet", "-vettool=" + leakvet, "./..."}, 0, false},
		{"go vet -tags", env, []string{"go", "vet", "-vettool=" + leakvet, "-tags=integration", "./..."}, 1, true},
	} {
		r := run(t, dir, tc.env, tc.args[0], tc.args[1:]...)
		var got set
		want := "tagged/int.go:8 sendleak"
		if tc.args[0] == "go" {
			got, want = vetLines(t, tc.name, dir, r.stderr), "tagged/int.go:8"
		} else {
			got = textLines(t, tc.name, dir, r.stderr)
		}
		if r.code != tc.code || got[want] != tc.set || len(got) != map[bool]int{false: 0, true: 1}[tc.set] {
			t.Errorf("%s: exit code %d, findings %v; want %d and the tagged file's finding %t; stderr:\n%s", tc.name, r.code, got, tc.code, tc.set, r.stderr)
		}
	}
}

// TestBaseline checks -baseline on the sample: the first run records
// its findings and passes, the next passes too, and after a new leak is
// added (and the old code moved) only the new leak is reported.
func TestBaseline(t *testing.T) {
	t.Parallel()
	dir := copySample(t)
	r := run(t, dir, nil, leakvet, "-baseline=.leakvet-baseline.json", "./...")
	if r.code != 0 || !strings.HasPrefix(r.stderr, "leakvet: recorded ") {
		t.Fatalf("first run: exit code %d, want 0 and a note; stderr:\n%s", r.code, r.stderr)
	}
	r = run(t, dir, nil, leakvet, "-baseline=.leakvet-baseline.json", "./...")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("second run: exit code %d, want 0 and no output; stderr:\n%s", r.code, r.stderr)
	}

	// Shift every line of every file of the sample, then add a leak.
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(path, append([]byte("// Moved down.\n\n"), data...), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	leak := "package fetch\n\n// Fresh leaks all senders but one.\nfunc Fresh() int {\n\tch := make(chan int)\n\tfor i := 0; i < 3; i++ {\n\t\tgo func() { ch <- i }()\n\t}\n\treturn <-ch\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "fetch", "fresh.go"), []byte(leak), 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, dir, nil, leakvet, "-baseline=.leakvet-baseline.json", "./...")
	got := textLines(t, "leakvet -baseline", dir, r.stderr)
	if r.code != 3 || len(got) != 1 || !got["fetch/fresh.go:7 sendleak"] {
		t.Errorf("after the edit: exit code %d, findings %v; want 3 and only fetch/fresh.go:7 sendleak; stderr:\n%s", r.code, got, r.stderr)
	}
}
