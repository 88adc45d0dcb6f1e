package main

import (
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/analyzer"
	"golang.org/x/tools/go/analysis"
)

// TestStandaloneFlags checks that the standalone driver accepts every
// flag that multichecker defines (the flags go vet may pass on, as
// "leakvet -flags" lists them), with the same kind (boolean or not), and
// every check and option.
func TestStandaloneFlags(t *testing.T) {
	r := run(t, fixture, nil, "-flags")
	var vetFlags []struct {
		Name string
		Bool bool
	}
	if err := json.Unmarshal([]byte(r.stdout), &vetFlags); err != nil {
		t.Fatalf("decode leakvet -flags: %v\n%s", err, r.stdout)
	}
	fs := flag.NewFlagSet("leakvet", flag.ContinueOnError)
	if _, _, _, err := parseStandalone(fs, nil, analyzer.All()); err != nil {
		t.Fatal(err)
	}
	if len(vetFlags) < 10 {
		t.Fatalf("leakvet -flags lists only %d flags:\n%s", len(vetFlags), r.stdout)
	}
	for _, vf := range vetFlags {
		if vf.Name == "flags" {
			continue // the query itself
		}
		f := fs.Lookup(vf.Name)
		if f == nil {
			t.Errorf("the standalone driver does not define -%s", vf.Name)
			continue
		}
		if isBoolFlag(f) != vf.Bool {
			t.Errorf("-%s: boolean %t in the standalone driver, %t for go vet", vf.Name, isBoolFlag(f), vf.Bool)
		}
	}
	for name, value := range helpFlags(t) {
		if f := fs.Lookup(name); f == nil || isBoolFlag(f) == value {
			t.Errorf("-%s: listed by leakvet help, not defined as such by the standalone driver", name)
		}
	}
	for _, a := range analyzer.All() {
		if fs.Lookup(a.Name) == nil {
			t.Errorf("the standalone driver does not define -%s", a.Name)
		}
		a.Flags.VisitAll(func(f *flag.Flag) {
			if fs.Lookup(a.Name+"."+f.Name) == nil {
				t.Errorf("the standalone driver does not define -%s.%s", a.Name, f.Name)
			}
		})
	}
}

// TestSelectChecks checks the meaning of -<check>: true selects, false
// drops, and selecting wins over dropping.
func TestSelectChecks(t *testing.T) {
	all := analyzer.All()
	names := func(as []*analysis.Analyzer) []string {
		var s []string
		for _, a := range as {
			s = append(s, a.Name)
		}
		return s
	}
	allNames := names(all)
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{nil, allNames},
		{[]string{"-sendleak"}, []string{"sendleak"}},
		{[]string{"-wgdone", "-sendleak=true"}, []string{"sendleak", "wgdone"}},
		{[]string{"-wgdone=false"}, slices.DeleteFunc(slices.Clone(allNames), func(n string) bool { return n == "wgdone" })},
		{[]string{"-sendleak", "-wgdone=false"}, []string{"sendleak"}},
	} {
		fs := flag.NewFlagSet("leakvet", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		_, got, pats, err := parseStandalone(fs, append(tc.args, "./..."), all)
		if err != nil {
			t.Errorf("%q: %v", tc.args, err)
			continue
		}
		g := names(got)
		slices.Sort(g)
		want := slices.Clone(tc.want)
		slices.Sort(want)
		if !slices.Equal(g, want) || !slices.Equal(pats, []string{"./..."}) {
			t.Errorf("%q: checks %q, patterns %q; want %q, [./...]", tc.args, g, pats, want)
		}
	}
}

// TestTypeErrorOnly checks that a package that does not compile gives
// its errors and nothing else: no line per check that could not run.
func TestTypeErrorOnly(t *testing.T) {
	for _, args := range [][]string{{"./broken"}, {"./broken", "./ok"}} {
		r := run(t, fixture, nil, args...)
		if r.code != 1 {
			t.Errorf("leakvet %s: exit code %d, want 1", strings.Join(args, " "), r.code)
		}
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if len(lines) != 1 || !strings.HasPrefix(lines[0], `broken/b.go:4:9: cannot use "x" (untyped string constant) as int value in return statement`) {
			t.Errorf("leakvet %s: stderr is not the one type error:\n%s", strings.Join(args, " "), r.stderr)
		}
	}
}

// TestSyntaxErrorOnly checks that a syntax error gives one line per
// source line, in the compiler's form, and none of the type errors that
// follow from the parser's recovery (which print bad expressions as
// "(ast: *ast.BadExpr)").
func TestSyntaxErrorOnly(t *testing.T) {
	r := run(t, fixture, nil, "./syntax")
	want := `syntax/s.go:4:21: missing ',' before newline in argument list
syntax/s.go:5:2: expected operand, found 'go'
syntax/s.go:6:2: expected operand, found 'return'
syntax/s.go:7:1: expected operand, found '}'
`
	if r.code != 1 || r.stderr != want {
		t.Errorf("leakvet ./syntax: exit code %d, want 1; stderr:\n%s\nwant:\n%s", r.code, r.stderr, want)
	}
}

// crossFiles is a module in which the goroutine that leaks is started
// on a function of another package: the finding needs the facts of
// package worker while analysing package main.
var crossFiles = map[string]string{
	"go.mod": "module example.com/cross\n\ngo 1.26\n",
	"worker/worker.go": `// Package worker sends one result.
package worker

// Send sends v on ch.
func Send(ch chan<- int, v int) { ch <- v }
`,
	"main.go": `package main

import (
	"time"

	"example.com/cross/worker"
)

func first() int {
	ch := make(chan int)
	go worker.Send(ch, 1)
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

func main() { println(first()) }
`,
}

// TestFactsBetweenNamedPackages checks that facts flow between the
// packages named on the command line, and that an unnamed dependency
// contributes none: the same module gives the finding with ./... and
// stays silent when only the main package is named.
func TestFactsBetweenNamedPackages(t *testing.T) {
	dir := writeModule(t, crossFiles)
	want := regexp.MustCompile(`(?m)^.*main\.go:11:17: goroutine may block forever sending on ch: first can return from the time\.After case without receiving`)

	r := run(t, dir, nil, "./...")
	if r.code != 3 || !want.MatchString(r.stderr) {
		t.Errorf("leakvet ./...: exit code %d, want 3 and a finding at main.go:11; stderr:\n%s", r.code, r.stderr)
	}
	r = run(t, dir, nil, ".")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("leakvet .: exit code %d, want 0 and nothing on stderr (package worker is not named); stderr:\n%s", r.code, r.stderr)
	}
}

func TestVetxOnly(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		content string
		want    bool
	}{
		{`{"ID": "p", "VetxOnly": true, "GoFiles": ["p.go"]}`, true},
		{`{"ID": "p", "VetxOnly": false, "GoFiles": ["p.go"]}`, false},
		{`{"ID": "p"}`, false},
		{`not json`, false},
	} {
		path := filepath.Join(dir, "vet.cfg")
		if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := vetxOnly(path); got != tc.want {
			t.Errorf("vetxOnly(%s) = %t, want %t", tc.content, got, tc.want)
		}
	}
	if vetxOnly(filepath.Join(dir, "missing.cfg")) {
		t.Errorf("vetxOnly of a missing file = true")
	}
}

func TestHasFlag(t *testing.T) {
	for _, tc := range []struct {
		flags []string
		want  bool
	}{
		{[]string{"-V=full"}, true},
		{[]string{"--V"}, true},
		{[]string{"-json", "-V"}, true},
		{[]string{"-Vx"}, false},
		{[]string{"-json"}, false},
		{[]string{"--", "-V"}, false},
		{nil, false},
	} {
		if got := hasFlag(tc.flags, "V"); got != tc.want {
			t.Errorf("hasFlag(%q, V) = %t, want %t", tc.flags, got, tc.want)
		}
	}
}
