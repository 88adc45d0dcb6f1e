package sendleak_test

import (
	"os"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/passes/internal/passtest"
	"github.com/leakvet/leakvet/passes/sendleak"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestSendleak(t *testing.T) {
	tests := []struct {
		dir string
		cfg sendleak.Config
	}{
		{dir: "timeout"},
		{dir: "earlyreturn"},
		{dir: "ncast"},
		{dir: "doublesend"},
		{dir: "generator"},
		{dir: "named"},
		{dir: "escapes"},
		{dir: "silent"},
		{dir: "errgroupuse"},
		{dir: "groupctx"},
		{dir: "asym"},
		{dir: "suppress"},
		{dir: "helpers"},
		{dir: "stdcases"},
		{dir: "ignoretests", cfg: sendleak.Config{IgnoreTests: true}},
		{dir: "testfail"},
		{dir: "exclusive"},
		{dir: "counts"},
		{dir: "recovered"},
		{dir: "testfailpaths", cfg: sendleak.Config{TestFailPaths: true}},
	}
	row := func(i int) (string, sendleak.Config) { return tests[i].dir, tests[i].cfg }
	passtest.ByConfig(t, len(tests), row, func(t *testing.T, cfg sendleak.Config, dirs []string) {
		results := analysistest.Run(t, analysistest.TestData(), sendleak.New(cfg), dirs...)
		for _, dir := range dirs {
			if want, ok := categories[dir]; ok {
				t.Run(dir, func(t *testing.T) {
					checkCategoryAndRelated(t, passtest.Of(results, dir), want)
				})
			}
		}
	})
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), sendleak.New(sendleak.Config{}), "fixes")
}

// categories maps the scenario packages to the one category each
// reports.
var categories = map[string]string{
	"timeout":     sendleak.CategoryTimeout,
	"earlyreturn": sendleak.CategoryEarlyReturn,
	"ncast":       sendleak.CategoryNCast,
	"doublesend":  sendleak.CategoryDoubleSend,
	"generator":   sendleak.CategoryGenerator,
}

// checkCategoryAndRelated checks what analysistest does not: a scenario
// package reports only its own category, and every diagnostic points
// (Related) at the select case or the return where the receiver gives
// up, or at the make of a channel that replaces the old one.
func checkCategoryAndRelated(t *testing.T, results []*analysistest.Result, want string) {
	t.Helper()
	n := 0
	for _, res := range results {
		for _, d := range res.Diagnostics {
			n++
			posn := res.Pass.Fset.Position(d.Pos)
			if d.Category != want {
				t.Errorf("%v: category %q, want %q", posn, d.Category, want)
			}
			if len(d.Related) != 1 {
				t.Errorf("%v: %d related locations, want 1", posn, len(d.Related))
				continue
			}
			rel := res.Pass.Fset.Position(d.Related[0].Pos)
			line := strings.TrimSpace(sourceLine(t, rel.Filename, rel.Line))
			if !strings.HasPrefix(line, "case ") && !strings.HasPrefix(line, "return") && !strings.Contains(line, "make(") && line != "}" {
				t.Errorf("%v: related location %v is on %q, not a case, return or make", posn, rel, line)
			}
		}
	}
	if n == 0 {
		t.Errorf("no diagnostics")
	}
}

func sourceLine(t *testing.T, file string, line int) string {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	if line < 1 || line > len(lines) {
		t.Fatalf("%s has no line %d", file, line)
	}
	return lines[line-1]
}
