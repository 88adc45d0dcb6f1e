package waitclose_test

import (
	"github.com/leakvet/leakvet/passes/internal/passtest"
	"path/filepath"
	"testing"

	"github.com/leakvet/leakvet/passes/waitclose"
	"golang.org/x/tools/go/analysis/analysistest"
)

func Test(t *testing.T) {
	tests := []struct {
		dir string
		cfg waitclose.Config
	}{
		{"basic", waitclose.Config{}},
		{"twice", waitclose.Config{}},
		{"named", waitclose.Config{}},
		{"generics", waitclose.Config{}},
		{"tests", waitclose.Config{}},
		{"testsignored", waitclose.Config{IgnoreTests: true}},
		{"errgroupuse", waitclose.Config{}},
		{"crosspkg", waitclose.Config{}},
	}
	row := func(i int) (string, waitclose.Config) { return tests[i].dir, tests[i].cfg }
	passtest.ByConfig(t, len(tests), row, func(t *testing.T, cfg waitclose.Config, dirs []string) {
		analysistest.Run(t, analysistest.TestData(), waitclose.New(cfg), dirs...)
	})
}

// TestLoopVar121 checks that loop variables shared by all iterations
// (Go 1.21, set by the go.mod of the test module) do not count as a
// channel per iteration.
func TestLoopVar121(t *testing.T) {
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "loopvar121"), waitclose.New(waitclose.Config{}), "./...")
}

// TestRelated checks that the producers are named in the related
// positions, which analysistest does not compare.
func TestRelated(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), waitclose.New(waitclose.Config{}), "named")
	passtest.RequireRelated(t, results,
		"producer produce is started here in a loop, once per iteration",
		"producer produceOnly is started here, and nothing waits for it before the close",
		"producer pipeline.emit is started here, and nothing waits for it before the close",
	)
}
