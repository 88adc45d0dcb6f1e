package fieldleak_test

import (
	"testing"

	"github.com/leakvet/leakvet/passes/fieldleak"
	"github.com/leakvet/leakvet/passes/internal/passtest"
	"golang.org/x/tools/go/analysis/analysistest"
)

func Test(t *testing.T) {
	tests := []struct {
		dir string
		cfg fieldleak.Config
	}{
		{"basic", fieldleak.Config{}},
		{"silent", fieldleak.Config{}},
		{"mainpkg", fieldleak.Config{}},
		{"generics", fieldleak.Config{}},
		{"unshared", fieldleak.Config{}},
		{"getters", fieldleak.Config{}},
		{"wgloop", fieldleak.Config{}},
		{"rangeclose", fieldleak.Config{}},
		{"buffer", fieldleak.Config{}},
		{"producers", fieldleak.Config{}},
		{"localwg", fieldleak.Config{}},
		{"selfclose", fieldleak.Config{}},
		{"deadlocal", fieldleak.Config{}},
		{"deadlocalmain", fieldleak.Config{}},
		{"cancel", fieldleak.Config{}},
		{"cancelmain", fieldleak.Config{}},
		{"tests", fieldleak.Config{}},
		{"testsignored", fieldleak.Config{IgnoreTests: true}},
	}
	row := func(i int) (string, fieldleak.Config) { return tests[i].dir, tests[i].cfg }
	passtest.ByConfig(t, len(tests), row, func(t *testing.T, cfg fieldleak.Config, dirs []string) {
		analysistest.Run(t, analysistest.TestData(), fieldleak.New(cfg), dirs...)
	})
}

// TestFixes compares the suggested fixes with the .golden files.
func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), fieldleak.New(fieldleak.Config{}), "fixes")
}

// TestRelated checks the related positions, which analysistest does not
// compare.
func TestRelated(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), fieldleak.New(fieldleak.Config{}), "basic")
	passtest.RequireRelated(t, results,
		"the loop exits only here",
		"field stopc of Indexer is declared here",
		"s.quit is closed here",
		"the receiving loop exits here",
		"w.stop is closed here",
		"the ticker is stopped here",
		"the count is added here",
		"the goroutine waits here",
	)
}

// TestRelatedRange checks the related positions of the range rule.
func TestRelatedRange(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), fieldleak.New(fieldleak.Config{}), "rangeclose")
	passtest.RequireRelated(t, results,
		"the loop ends only when p.jobs is closed",
		"Pool.Close does not close it",
		"field jobs of Pool is declared here",
		"Queue.Stop waits here forever",
	)
}

// TestRelatedSelfClose checks the related positions of the selfclose
// rule.
func TestRelatedSelfClose(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), fieldleak.New(fieldleak.Config{}), "selfclose")
	passtest.RequireRelated(t, results,
		"stop is closed only here, when the goroutine returns",
		"events is closed only here, when ranging returns",
		"l.stopped is closed only here, when loop.run returns",
		"field stopped of loop is declared here",
	)
}

// TestRelatedCancel checks the related positions of the cancel rule
// with calls that never run first.
func TestRelatedCancel(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), fieldleak.New(fieldleak.Config{}), "cancel")
	passtest.RequireRelated(t, results,
		"the goroutine waits here",
		"called here, which never runs before the wait ends",
	)
}
