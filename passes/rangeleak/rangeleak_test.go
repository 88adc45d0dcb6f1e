package rangeleak_test

import (
	"github.com/leakvet/leakvet/passes/internal/passtest"
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
		{"crosspkg", rangeleak.Config{}},
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

// TestRelated checks the related positions (the make call, the range in
// a named worker), which analysistest does not compare.
func TestRelated(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), rangeleak.New(rangeleak.Config{}), "named")
	passtest.RequireRelated(t, results,
		"ch is made here",
		"worker ranges over in here",
		"pool.run ranges over in here",
	)
}
