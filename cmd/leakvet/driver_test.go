package main

import (
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
// flag that "leakvet help" documents (which multichecker defines), with
// the same kind (boolean or not), except the two that only the go
// command sends and that stay with multichecker.
func TestStandaloneFlags(t *testing.T) {
	r := run(t, fixture, nil, "help")
	_, core, ok := strings.Cut(r.stdout, "\nCore flags:\n")
	if !ok {
		t.Fatalf("leakvet help has no core flags:\n%s", r.stdout)
	}
	re := regexp.MustCompile(`(?m)^  -([^\s.]+)(?: (\w+))?(?:\t|$)`)
	fs := flag.NewFlagSet("leakvet", flag.ContinueOnError)
	if _, _, _, err := parseStandalone(fs, nil, analyzer.All()); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range re.FindAllStringSubmatch(core, -1) {
		name := m[1]
		if name == "flags" || name == "V" {
			continue
		}
		n++
		f := fs.Lookup(name)
		if f == nil {
			t.Errorf("the standalone driver does not define -%s", name)
			continue
		}
		if isBoolFlag(f) != (m[2] == "") {
			t.Errorf("-%s: boolean %t in the standalone driver, help says type %q", name, isBoolFlag(f), m[2])
		}
	}
	if n < 10 {
		t.Fatalf("found only %d core flags in leakvet help:\n%s", n, core)
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
		if len(lines) != 1 || !strings.HasSuffix(lines[0], `broken/b.go:4:9: cannot use "x" (untyped string constant) as int value in return statement`) {
			t.Errorf("leakvet %s: stderr is not the one type error:\n%s", strings.Join(args, " "), r.stderr)
		}
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
