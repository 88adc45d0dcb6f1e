package fieldleak_test

import (
	"testing"

	"github.com/leakvet/leakvet/passes/fieldleak"
	"github.com/leakvet/leakvet/passes/internal/passtest"
	"golang.org/x/tools/go/analysis/analysistest"
)

func Test(t *testing.T) {
	for _, tc := range []struct {
		dir string
		cfg fieldleak.Config
	}{
		{"basic", fieldleak.Config{}},
		{"silent", fieldleak.Config{}},
		{"mainpkg", fieldleak.Config{}},
		{"generics", fieldleak.Config{}},
		{"unshared", fieldleak.Config{}},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			t.Parallel()
			analysistest.Run(t, analysistest.TestData(), fieldleak.New(tc.cfg), tc.dir)
		})
	}
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
