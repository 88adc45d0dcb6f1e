// Package passtest holds test helpers shared by the passes' tests.
package passtest

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
)

// ByConfig runs a pass's test table of n rows: run is called once for
// each distinct configuration in the table, with the testdata packages
// (dirs) of every row that has it, in table order, in a parallel subtest
// named after the configuration. row returns the package and the
// configuration of row i.
//
// Most of an analysistest run is loading, type-checking and analysing
// the standard packages the testdata imports, so one run over many
// packages costs little more than a run over one: a table costs one run
// per configuration, not one per row.
func ByConfig[C comparable](t *testing.T, n int, row func(i int) (dir string, cfg C), run func(t *testing.T, cfg C, dirs []string)) {
	t.Helper()
	var cfgs []C
	dirs := make(map[C][]string)
	for i := range n {
		dir, cfg := row(i)
		if _, ok := dirs[cfg]; !ok {
			cfgs = append(cfgs, cfg)
		}
		dirs[cfg] = append(dirs[cfg], dir)
	}
	for _, cfg := range cfgs {
		t.Run(fmt.Sprintf("%+v", cfg), func(t *testing.T) {
			t.Parallel()
			run(t, cfg, dirs[cfg])
		})
	}
}

// Of returns the results of the testdata package dir: the package, its
// test variants and the packages below it.
func Of(results []*analysistest.Result, dir string) []*analysistest.Result {
	var out []*analysistest.Result
	for _, r := range results {
		path := strings.TrimSuffix(r.Pass.Pkg.Path(), "_test")
		if path == dir || strings.HasPrefix(path, dir+"/") {
			out = append(out, r)
		}
	}
	return out
}

// RequireRelated fails t unless, for every message in msgs, some
// diagnostic of results has a related position with exactly that
// message. analysistest compares messages and positions of diagnostics
// but not their related information; this covers it.
func RequireRelated(t *testing.T, results []*analysistest.Result, msgs ...string) {
	t.Helper()
	seen := make(map[string]bool, len(msgs))
	for _, r := range results {
		for _, d := range r.Diagnostics {
			for _, rel := range d.Related {
				seen[rel.Message] = true
			}
		}
	}
	for _, msg := range msgs {
		if !seen[msg] {
			t.Errorf("no related position %q", msg)
		}
	}
}
