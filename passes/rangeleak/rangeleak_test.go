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
	want := map[string]bool{
		"ch is made here":              false,
		"worker ranges over in here":   false,
		"pool.run ranges over in here": false,
	}
	for _, r := range results {
		for _, d := range r.Diagnostics {
			for _, rel := range d.Related {
				if _, ok := want[rel.Message]; ok {
					want[rel.Message] = true
				}
			}
		}
	}
	for msg, seen := range want {
		if !seen {
			t.Errorf("no related position %q", msg)
		}
	}
}
