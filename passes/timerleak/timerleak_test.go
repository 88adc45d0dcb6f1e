package timerleak_test

import (
	"testing"

	"github.com/leakvet/leakvet/passes/timerleak"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestTimerleak(t *testing.T) {
	tests := []struct {
		dir string
		cfg timerleak.Config
	}{
		{"drain", timerleak.Config{}},
		{"go123", timerleak.Config{}},
		{"pre123", timerleak.Config{}},
	}
	for _, tc := range tests {
		t.Run(tc.dir, func(t *testing.T) {
			t.Parallel()
			analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), timerleak.New(tc.cfg), tc.dir)
		})
	}
}
