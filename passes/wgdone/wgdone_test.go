package wgdone_test

import (
	"testing"

	"github.com/leakvet/leakvet/passes/wgdone"
	"golang.org/x/tools/go/analysis/analysistest"
)

func Test(t *testing.T) {
	for _, tc := range []struct {
		dir string
		cfg wgdone.Config
	}{
		{"basic", wgdone.Config{}},
		{"named", wgdone.Config{}},
		{"generics", wgdone.Config{}},
		{"tests", wgdone.Config{}},
		{"testsignored", wgdone.Config{IgnoreTests: true}},
		{"fixes", wgdone.Config{}},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			t.Parallel()
			analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), wgdone.New(tc.cfg), tc.dir)
		})
	}
}
