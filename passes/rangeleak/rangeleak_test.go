package rangeleak_test

import (
	"testing"

	"github.com/leakvet/leakvet/passes/rangeleak"
	"golang.org/x/tools/go/analysis/analysistest"
)

func Test(t *testing.T) {
	for _, tc := range []struct {
		dir string
		cfg rangeleak.Config
	}{
		{"basic", rangeleak.Config{}},
		{"named", rangeleak.Config{}},
		{"generics", rangeleak.Config{}},
		{"mainpkg", rangeleak.Config{}},
		{"tests", rangeleak.Config{}},
		{"testsignored", rangeleak.Config{IgnoreTests: true}},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			t.Parallel()
			analysistest.Run(t, analysistest.TestData(), rangeleak.New(tc.cfg), tc.dir)
		})
	}
}
