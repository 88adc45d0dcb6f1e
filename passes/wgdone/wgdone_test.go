package wgdone_test

import (
	"github.com/leakvet/leakvet/passes/internal/passtest"
	"testing"

	"github.com/leakvet/leakvet/passes/wgdone"
	"golang.org/x/tools/go/analysis/analysistest"
)

func Test(t *testing.T) {
	tests := []struct {
		dir string
		cfg wgdone.Config
	}{
		{"basic", wgdone.Config{}},
		{"endless", wgdone.Config{}},
		{"named", wgdone.Config{}},
		{"fields", wgdone.Config{}},
		{"generics", wgdone.Config{}},
		{"tests", wgdone.Config{}},
		{"testsignored", wgdone.Config{IgnoreTests: true}},
		{"fixes", wgdone.Config{}},
	}
	row := func(i int) (string, wgdone.Config) { return tests[i].dir, tests[i].cfg }
	passtest.ByConfig(t, len(tests), row, func(t *testing.T, cfg wgdone.Config, dirs []string) {
		analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), wgdone.New(cfg), dirs...)
	})
}

// TestRelated checks the related position of the path that skips Done,
// which analysistest does not compare.
func TestRelated(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), wgdone.New(wgdone.Config{}), "basic")
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if len(d.Related) != 1 {
				t.Errorf("%v: %d related positions, want 1", r.Pass.Fset.Position(d.Pos), len(d.Related))
			}
		}
	}
	passtest.RequireRelated(t, results,
		"this path returns without calling wg.Done",
		"this path reaches the end without calling wg.Done",
		"this path returns without calling s.wg.Done",
	)
}
