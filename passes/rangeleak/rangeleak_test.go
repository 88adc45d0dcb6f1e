package rangeleak_test

import (
	"github.com/leakvet/leakvet/passes/internal/passtest"
	"testing"

	"github.com/leakvet/leakvet/passes/rangeleak"
	"golang.org/x/tools/go/analysis/analysistest"
)

func Test(t *testing.T) {
	tests := []struct {
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
	}
	row := func(i int) (string, rangeleak.Config) { return tests[i].dir, tests[i].cfg }
	passtest.ByConfig(t, len(tests), row, func(t *testing.T, cfg rangeleak.Config, dirs []string) {
		analysistest.Run(t, analysistest.TestData(), rangeleak.New(cfg), dirs...)
	})
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
