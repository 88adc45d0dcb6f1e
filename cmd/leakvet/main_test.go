package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/analyzer"
)

// The binary under test and the fixture module it runs on, both made
// once by TestMain.
var (
	leakvet string // absolute path of the built binary
	fixture string // root of the fixture module
)

// fixtureFiles is the fixture module: one clean package, one that does
// not compile, a directory without Go files and one that is made
// unreadable (see unreadable_unix_test.go).
var fixtureFiles = map[string]string{
	"go.mod":           "module example.com/fixture\n\ngo 1.26\n",
	"ok/ok.go":         "// Package ok is clean.\npackage ok\n\n// F does nothing.\nfunc F() {}\n",
	"broken/b.go":      "package broken\n\nfunc f() int {\n\treturn \"x\"\n}\n",
	"empty/README":     "no Go files here\n",
	"noread/noread.go": "package noread\n",
	// A syntax error after which the parser's recovery leaves bad
	// expressions that the type checker would report.
	"syntax/s.go": "package syntax\n\nfunc f() int {\n\tch := make(chan int\n\tgo func() { ch <- 1 }()\n\treturn <-ch\n}\n",
}

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "leakvet-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	// The unreadable-directory case may run the binary as another user.
	if err := os.Chmod(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	leakvet = filepath.Join(dir, "bin", "leakvet")
	build := exec.Command("go", "build", "-buildvcs=false", "-o", leakvet, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build leakvet:", err)
		return 1
	}
	fixture = filepath.Join(dir, "fixture")
	for name, content := range fixtureFiles {
		path := filepath.Join(fixture, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	return m.Run()
}

// result is the outcome of one run of the binary.
type result struct {
	code           int
	stdout, stderr string
}

// run runs the binary with args in dir and returns its exit code and
// output. adjust, if not nil, adjusts the command before the run.
func run(t *testing.T, dir string, adjust func(*exec.Cmd), args ...string) result {
	t.Helper()
	cmd := exec.Command(leakvet, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if adjust != nil {
		adjust(cmd)
	}
	err := cmd.Run()
	code := 0
	if err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			// Not Fatalf: run may be called from another goroutine.
			t.Errorf("run leakvet %s: %v", strings.Join(args, " "), err)
			return result{code: -1}
		}
		code = exit.ExitCode()
	}
	return result{code, stdout.String(), stderr.String()}
}

// badInput is a run that must fail with code and print one line (on
// stderr) that matches line in full.
type badInput struct {
	name string
	args []string
	code int
	line string // regexp for one whole line of stderr
}

// checkBadInput runs tc in the fixture module (or dir, if not empty).
func checkBadInput(t *testing.T, tc badInput, adjust func(*exec.Cmd)) {
	t.Helper()
	r := run(t, fixture, adjust, tc.args...)
	if r.code != tc.code {
		t.Errorf("leakvet %s: exit code %d, want %d\nstderr:\n%s", strings.Join(tc.args, " "), r.code, tc.code, r.stderr)
	}
	re := regexp.MustCompile(`(?m)^` + tc.line + `$`)
	if !re.MatchString(r.stderr) {
		t.Errorf("leakvet %s: stderr has no line matching %q:\n%s", strings.Join(tc.args, " "), tc.line, r.stderr)
	}
	if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine ") {
		t.Errorf("leakvet %s: looks like a crash:\n%s", strings.Join(tc.args, " "), r.stderr)
	}
	for line := range strings.Lines(r.stderr) {
		if strings.HasPrefix(line, "-: ") {
			t.Errorf("leakvet %s: an error without a position has the prefix \"-: \": %s", strings.Join(tc.args, " "), line)
		}
	}
	// A usage error is one line, printed once, before any analysis.
	if tc.code == 2 && !strings.HasPrefix(tc.line, "usage") && strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("leakvet %s: a usage error of %d lines, want 1:\n%s", strings.Join(tc.args, " "), strings.Count(r.stderr, "\n"), r.stderr)
	}
}

// TestBadInput covers every bad input the README lists, and more.
func TestBadInput(t *testing.T) {
	for _, tc := range []badInput{
		{"unknown flag", []string{"-bogus", "./ok"}, 2,
			`leakvet: unknown flag -bogus: no check or flag has that name; run "leakvet help" for the list`},
		{"unknown check option", []string{"-sendleak.bogus", "./ok"}, 2,
			`leakvet: unknown option -sendleak\.bogus: run "leakvet help sendleak" for the options of sendleak`},
		{"bad option value", []string{"-timerleak.semantics=go999", "./ok", "./broken"}, 2,
			`leakvet: invalid value "go999" for flag -timerleak\.semantics: want auto, pre123 or go123`},
		{"bad option value, -json", []string{"-json", "-timerleak.semantics=go999", "./ok"}, 2,
			`leakvet: invalid value "go999" for flag -timerleak\.semantics: want auto, pre123 or go123`},
		{"bad option value, -sarif", []string{"-sarif", "-timerleak.semantics=go999", "./ok"}, 2,
			`leakvet: invalid value "go999" for flag -timerleak\.semantics: want auto, pre123 or go123`},
		{"bad option value, -fix", []string{"-fix", "-timerleak.semantics=go999", "./ok"}, 2,
			`leakvet: invalid value "go999" for flag -timerleak\.semantics: want auto, pre123 or go123`},
		{"bad check switch", []string{"-sendleak=maybe", "./ok"}, 2,
			`leakvet: invalid boolean value "maybe" for -sendleak: want true or false`},
		{"unsupported build flag", []string{"-mod=vendor", "./ok"}, 2,
			`leakvet: -mod is a build flag: leakvet takes only -tags; set others in GOFLAGS \(GOFLAGS=-mod=\.\.\. leakvet \./\.\.\.\)`},
		{"unsupported build flag, boolean", []string{"-race", "./ok"}, 2,
			`leakvet: -race is a build flag: leakvet takes only -tags; set others in GOFLAGS \(GOFLAGS=-race leakvet \./\.\.\.\)`},
		{"bad -V value", []string{"-V=short"}, 2,
			`leakvet: invalid value "short" for flag -V: want -V or -V=full`},
		{"-diff without -fix", []string{"-diff", "./ok"}, 2,
			`leakvet: -diff works only with -fix: leakvet -fix -diff \./\.\.\.`},
		{"-diff with -json", []string{"-fix", "-diff", "-json", "./ok"}, 2,
			`leakvet: -diff and -json must not be combined: -diff prints the fixes, -json the findings`},
		{"-update-baseline without -baseline", []string{"-update-baseline", "./ok"}, 2,
			`leakvet: -update-baseline needs -baseline=FILE`},
		{"flag after a pattern", []string{"./ok", "-c"}, 2, // flags end at the first pattern
			`leakvet: flag -c after the packages: flags go before them`},
		{"missing flag value", []string{"-c"}, 2,
			`leakvet: flag needs an argument: -c`},
		{"unknown check", []string{"help", "nosuchcheck"}, 2,
			`leakvet: unknown check "nosuchcheck"; run "leakvet help" for the list`},
		{"unknown check after flags", []string{"-c", "1", "help", "nosuchcheck"}, 2,
			`leakvet: unknown check "nosuchcheck"; run "leakvet help" for the list`},
		{"no arguments", nil, 2,
			`usage: leakvet \[flags\] \[packages\]`},
		{"flags but no package", []string{"-json"}, 2,
			`usage: leakvet \[flags\] \[packages\]`},
		{"only pattern matches nothing", []string{"./empty/..."}, 1,
			`leakvet: \./empty/\.\.\. matched no packages`},
		{"one of several patterns matches nothing", []string{"./ok", "./empty/..."}, 1,
			`leakvet: pattern \./empty/\.\.\. matched no packages`},
		{"one of several patterns matches nothing, after flags", []string{"-c", "0", "./ok/...", "./empty/..."}, 1,
			`leakvet: pattern \./empty/\.\.\. matched no packages`},
		{"directory without Go files", []string{"./empty"}, 1,
			`no Go files in .*/fixture/empty`},
		{"nonexistent directory", []string{"./nosuchdir"}, 1,
			`stat .*/fixture/nosuchdir: directory not found`},
		{"nonexistent directory, wildcard", []string{"./ok", "./nosuchdir/..."}, 1,
			`pattern \./nosuchdir/\.\.\.: lstat \./nosuchdir/: no such file or directory`},
		{"nonexistent package", []string{"example.com/nosuch"}, 1,
			`no required module provides package example\.com/nosuch; to add it: go get example\.com/nosuch`},
		{"package does not compile", []string{"./broken"}, 1,
			`broken/b\.go:4:9: cannot use "x" \(untyped string constant\) as int value in return statement`},
		{"package does not compile, -json", []string{"-json", "./broken"}, 1,
			`broken/b\.go:4:9: cannot use "x" \(untyped string constant\) as int value in return statement`},
		{"package does not compile, -sarif", []string{"-sarif", "./broken"}, 1,
			`broken/b\.go:4:9: cannot use "x" \(untyped string constant\) as int value in return statement`},
		{"syntax error", []string{"./syntax"}, 1,
			`syntax/s\.go:4:21: missing ',' before newline in argument list`},
		{"-sarif with -fix", []string{"-sarif", "-fix", "./ok"}, 2,
			`leakvet: -sarif and -fix must not be combined`},
		{"-sarif with -json", []string{"-json", "-sarif=true", "./ok"}, 2,
			`leakvet: -sarif and -json must not be combined`},
		{"-sarif under go vet", []string{"-sarif", "vet.cfg"}, 2,
			`leakvet: -sarif is not supported under go vet or go fix; run "leakvet -sarif \./\.\.\."`},
		{"-baseline under go vet", []string{"-baseline=b.json", "vet.cfg"}, 2,
			`leakvet: -baseline is not supported under go vet or go fix; run "leakvet -baseline=FILE \./\.\.\."`},
		{"-sarif with unknown flag", []string{"-sarif", "-bogus", "./ok"}, 2,
			`leakvet: unknown flag -bogus: no check or flag has that name; run "leakvet help" for the list`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			checkBadInput(t, tc, nil)
		})
	}
}

// TestGoodInput is the control for TestBadInput: the fixture's clean
// package passes in every output mode.
func TestGoodInput(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		stdout string // regexp for the whole of stdout
	}{
		{[]string{"./ok"}, ``},
		{[]string{"./ok/...", "./ok"}, ``},
		{[]string{"-c", "1", "./ok"}, ``},
		{[]string{"-json", "./ok"}, `\{\}\n`},
		{[]string{"-sarif=false", "./ok"}, ``},
		{[]string{"-sarif", "./ok"}, `(?s)\{\n.*"version": "2\.1\.0".*\}\n`},
		{[]string{"-fix", "-diff", "./ok"}, ``},
		{[]string{"--", "./ok"}, ``},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			r := run(t, fixture, nil, tc.args...)
			if r.code != 0 || r.stderr != "" {
				t.Errorf("exit code %d, want 0; stderr:\n%s", r.code, r.stderr)
			}
			if !regexp.MustCompile(`^` + tc.stdout + `$`).MatchString(r.stdout) {
				t.Errorf("stdout does not match %q:\n%s", tc.stdout, r.stdout)
			}
		})
	}
}

// TestHelp checks "leakvet help" and "leakvet help <check>" for every
// check of the suite: leakvet's own help lists each check with its
// title, and the drivers.
func TestHelp(t *testing.T) {
	r := run(t, fixture, nil, "help")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("leakvet help: exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	for _, a := range analyzer.All() {
		title, _, _ := strings.Cut(a.Doc, "\n")
		m := regexp.MustCompile(`(?m)^  ` + a.Name + ` +(\S.*)$`).FindStringSubmatch(r.stdout)
		if m == nil || m[1] != title {
			t.Errorf("leakvet help does not list %s with its title %q:\n%s", a.Name, title, r.stdout)
		}
		r := run(t, fixture, nil, "help", a.Name)
		if r.code != 0 || !strings.HasPrefix(r.stdout, a.Name+": ") {
			t.Errorf("leakvet help %s: exit code %d, output:\n%s%s", a.Name, r.code, r.stdout, r.stderr)
		}
		if strings.HasPrefix(r.stdout, a.Name+": "+a.Name+":") {
			t.Errorf("leakvet help %s repeats the name: %q", a.Name, strings.SplitN(r.stdout, "\n", 2)[0])
		}
	}
	for _, want := range []string{"go vet -vettool=", "go fix -fixtool=", "\n  -sarif\n", "\n  -tags string\n", "\n  -baseline file\n", "Exit codes:", "//leakvet:ignore"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("leakvet help does not contain %q:\n%s", want, r.stdout)
		}
	}
	// Not the generic text of x/tools' driver.
	if strings.Contains(r.stdout, "Printf") || strings.Contains(r.stdout, "SplitSeq") {
		t.Errorf("leakvet help has the generic driver's text:\n%s", r.stdout)
	}
}

// helpFlags returns the flags that "leakvet help" lists: name → whether
// it takes a value.
func helpFlags(t *testing.T) map[string]bool {
	t.Helper()
	r := run(t, fixture, nil, "help")
	_, list, ok := strings.Cut(r.stdout, "\nFlags:\n")
	list, _, _ = strings.Cut(list, "\nExit codes:")
	if !ok {
		t.Fatalf("leakvet help has no flags:\n%s", r.stdout)
	}
	// flag.PrintDefaults: "  -name type" for flags with a value,
	// "  -name" or "  -n<TAB>usage" for boolean ones.
	re := regexp.MustCompile(`(?m)^  -([^\s.]+)(?: (\w+))?(?:\t|$)`)
	flags := make(map[string]bool)
	for _, m := range re.FindAllStringSubmatch(list, -1) {
		flags[m[1]] = m[2] != ""
	}
	if len(flags) < 10 {
		t.Fatalf("found only %d flags in leakvet help:\n%s", len(flags), list)
	}
	return flags
}

// TestCoreFlags checks coreValueFlags, which leadingFlags relies on,
// against the flags that "leakvet help" lists.
func TestCoreFlags(t *testing.T) {
	flags := helpFlags(t)
	var withValue []string
	for name, value := range flags {
		if value {
			withValue = append(withValue, name)
		}
	}
	slices.Sort(withValue)
	if !slices.Equal(withValue, coreValueFlags) {
		t.Errorf("core flags with a value: leakvet help lists %q, coreValueFlags has %q", withValue, coreValueFlags)
	}
	for _, want := range []string{"json", "fix", "diff", "sarif", "c", "V", "version", "tags", "baseline"} {
		if _, ok := flags[want]; !ok {
			t.Errorf("leakvet help does not list -%s", want)
		}
	}
}

func TestLeadingFlags(t *testing.T) {
	vf := map[string]bool{"c": true, "sendleak.max": true}
	for _, tc := range []struct {
		args string
		want int
	}{
		{"", 0},
		{"./...", 0},
		{"help x", 0},
		{"-json ./...", 1},
		{"--json ./...", 1},
		{"-c 3 ./...", 2},
		{"-c=3 ./...", 1},
		{"--c 3 help", 2},
		{"-sendleak.max 2 -sarif ./...", 3},
		{"-sendleak=false ./...", 1},
		{"-json -- ./...", 2},
		{"-json - ./...", 1}, // "-" is not a flag
		{"-c", 1},
	} {
		if got := leadingFlags(strings.Fields(tc.args), vf); got != tc.want {
			t.Errorf("leadingFlags(%q) = %d, want %d", tc.args, got, tc.want)
		}
	}
}

func TestExtractBool(t *testing.T) {
	vf := map[string]bool{"c": true}
	for _, tc := range []struct {
		flags  string
		set    bool
		others string
	}{
		{"", false, ""},
		{"-sarif", true, ""},
		{"--sarif -json", true, "-json"},
		{"-sarif=false", false, ""},
		{"-sarif -sarif=0", false, ""},
		{"-sarif=0 -sarif", true, ""},
		{"-sarif=maybe", false, "-sarif=maybe"}, // left for flag.Parse to reject
		{"-c -sarif", false, "-c -sarif"},       // the value of -c
		{"-sarifx -c 1", false, "-sarifx -c 1"},
		{"-json -sarif --", true, "-json --"},
	} {
		set, others := extractBool(strings.Fields(tc.flags), "sarif", vf)
		if set != tc.set || strings.Join(others, " ") != tc.others {
			t.Errorf("extractBool(%q) = %v, %q; want %v, %q", tc.flags, set, others, tc.set, tc.others)
		}
	}
}

// TestFlagsQuery checks "leakvet -flags", by which go vet and go fix
// learn the flags they may pass on: -sarif is not among them, so that
// they reject it once instead of running the tool on every package.
func TestFlagsQuery(t *testing.T) {
	r := run(t, fixture, nil, "-flags")
	if r.code != 0 {
		t.Fatalf("leakvet -flags: exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	var flags []struct{ Name string }
	if err := json.Unmarshal([]byte(r.stdout), &flags); err != nil {
		t.Fatalf("decode leakvet -flags: %v\n%s", err, r.stdout)
	}
	var names []string
	for _, f := range flags {
		names = append(names, f.Name)
	}
	if slices.Contains(names, "sarif") || !slices.Contains(names, "json") {
		t.Errorf("leakvet -flags lists %q; want -json and not -sarif", names)
	}
}

// writeModule writes the given files (path: content) in a new
// directory and returns it. Unless files has one, it adds a go.mod for
// the module example.com/m.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["go.mod"]; !ok {
		files = maps.Clone(files)
		files["go.mod"] = "module example.com/m\n\ngo 1.26\n"
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
