package aggregator_test

import (
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/leakvet/leakvet/analyzer"
)

// suite returns the analyzers that the suite tests run: all of leakvet.
var suite = analyzer.All

// A finding is one diagnostic of the suite.
type finding struct {
	check   string
	posn    token.Position
	message string
	related []finding // the diagnostic's Related information
}

func (f finding) String() string {
	return fmt.Sprintf("%s:%d: %s: %s", f.posn.Filename, f.posn.Line, f.check, f.message)
}

// runSuite loads patterns (with their tests when tests is set) and runs
// every analyzer of the suite on them, as the leakvet binary does. It
// returns the findings, without the duplicates that test variants of a
// package repeat.
func runSuite(tests bool, patterns ...string) ([]finding, error) {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Tests: tests, Dir: ".."}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, err
	}
	var errs []error
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, err := range p.Errors {
			errs = append(errs, err)
		}
	})
	if len(errs) > 0 {
		return nil, fmt.Errorf("load %v: %w", patterns, errors.Join(errs...))
	}
	graph, err := checker.Analyze(suite(), pkgs, nil)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool)
	var fs []finding
	for _, act := range graph.Roots {
		if act.Err != nil {
			errs = append(errs, fmt.Errorf("%s on %s: %w", act.Analyzer.Name, act.Package.PkgPath, act.Err))
		}
		for _, d := range act.Diagnostics {
			f := finding{check: act.Analyzer.Name, posn: act.Package.Fset.Position(d.Pos), message: d.Message}
			for _, r := range d.Related {
				f.related = append(f.related, finding{check: f.check, posn: act.Package.Fset.Position(r.Pos), message: r.Message})
			}
			if !seen[f.String()] {
				seen[f.String()] = true
				fs = append(fs, f)
			}
		}
	}
	return fs, errors.Join(errs...)
}

// Each run of the suite is the same computation on the same sources, so
// -count=N does it once per process.
var (
	twinFindings = sync.OnceValues(func() ([]finding, error) { return runSuite(false, leakyPath) })
	selfFindings = sync.OnceValues(func() ([]finding, error) {
		return runSuite(true, "github.com/leakvet/leakvet/aggregator")
	})
)

// An expectation is a marker in a twin, about the marker's line:
//
//   - "// expect <check> `<regexp>`": the check reports a diagnostic there;
//   - "// related <check> `<regexp>`": a diagnostic of the check points
//     there in its Related information;
//   - "// missed <check> `<regexp>` (<why>)": a known false negative, a
//     leak the check does not report yet.
type expectation struct {
	kind  string // expect, related or missed
	check string
	posn  token.Position
	re    *regexp.Regexp
}

// matches reports whether f is at e's place and matches its regexp.
func (e *expectation) matches(f finding) bool {
	return e.check == f.check && e.posn.Filename == f.posn.Filename && e.posn.Line == f.posn.Line && e.re.MatchString(f.message)
}

var expectRE = regexp.MustCompile("(expect|related|missed) ([a-z]+) `([^`]*)`")

// expectations returns the markers of the twin sources.
func expectations(t *testing.T) []*expectation {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(leakyDir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no twin sources in %s (%v)", leakyDir, err)
	}
	fset := token.NewFileSet()
	var es []*expectation
	for _, name := range files {
		abs, err := filepath.Abs(name) // as the loader names files
		if err != nil {
			t.Fatal(err)
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, abs, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if m := expectRE.FindStringIndex(c.Text); m == nil || strings.TrimSpace(c.Text[2:m[0]]) != "" {
					continue // not a marker
				}
				for _, m := range expectRE.FindAllStringSubmatch(c.Text, -1) {
					re, err := regexp.Compile(m[3])
					if err != nil {
						t.Fatalf("%s: %v", fset.Position(c.Pos()), err)
					}
					es = append(es, &expectation{m[1], m[2], fset.Position(c.Pos()), re})
				}
			}
		}
	}
	return es
}

// TestSuiteFlagsTwins runs the whole suite on the leaky twins: each
// expected diagnostic must be reported, on its line, by its check, with
// the related places marked; a missed one must still be missed; and
// nothing else may be reported.
func TestSuiteFlagsTwins(t *testing.T) {
	fs, err := twinFindings()
	if err != nil {
		t.Fatal(err)
	}
	es := expectations(t)
	if len(es) == 0 {
		t.Fatal("no expectations in the twins")
	}
	var names []string
	for _, a := range suite() {
		names = append(names, a.Name)
	}
	for _, e := range es {
		if !slices.Contains(names, e.check) {
			t.Errorf("%s:%d: expectation for %s, which is not in the suite %v", e.posn.Filename, e.posn.Line, e.check, names)
		}
	}
	for _, e := range es {
		if e.kind != "related" {
			continue
		}
		if !slices.ContainsFunc(fs, func(f finding) bool { return slices.ContainsFunc(f.related, e.matches) }) {
			t.Errorf("%s:%d: no %s diagnostic has related information %q here", e.posn.Filename, e.posn.Line, e.check, e.re)
		}
	}
	for _, f := range fs {
		i := slices.IndexFunc(es, func(e *expectation) bool { return e.kind != "related" && e.matches(f) })
		switch {
		case i < 0:
			t.Errorf("unexpected finding %v", f)
		case es[i].kind == "missed":
			t.Errorf("%v: a known false negative is now reported: make its marker an expect", f)
		default:
			es = slices.Delete(es, i, i+1) // each marker consumes one finding
		}
	}
	for _, e := range es {
		if e.kind == "expect" {
			t.Errorf("%s:%d: %s did not report %q", e.posn.Filename, e.posn.Line, e.check, e.re)
		}
	}
}

// TestSuiteCleanOnAggregator runs the whole suite on the aggregator and
// its tests: the reference code has no finding.
func TestSuiteCleanOnAggregator(t *testing.T) {
	fs, err := selfFindings()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		t.Errorf("finding in the reference package: %v", f)
	}
	if len(suite()) == 0 {
		t.Error("the suite is empty: nothing was checked")
	}
}
