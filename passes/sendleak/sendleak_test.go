package sendleak_test

import (
	"testing"

	"github.com/leakvet/leakvet/passes/sendleak"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestSendleak(t *testing.T) {
	tests := []struct {
		dir string
		cfg sendleak.Config
	}{
		{dir: "timeout"},
		{dir: "earlyreturn"},
		{dir: "ncast"},
		{dir: "doublesend"},
		{dir: "generator"},
		{dir: "named"},
		{dir: "escapes"},
		{dir: "silent"},
		{dir: "errgroupuse"},
		{dir: "suppress"},
		{dir: "stdcases"},
	}
	for _, tc := range tests {
		t.Run(tc.dir, func(t *testing.T) {
			t.Parallel()
			analysistest.Run(t, analysistest.TestData(), sendleak.New(tc.cfg), tc.dir)
		})
	}
}

func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), sendleak.New(sendleak.Config{}), "fixes")
}
