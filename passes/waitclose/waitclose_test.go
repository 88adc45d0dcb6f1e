package waitclose_test

import (
	"testing"

	"github.com/leakvet/leakvet/passes/waitclose"
	"golang.org/x/tools/go/analysis/analysistest"
)

func Test(t *testing.T) {
	for _, tc := range []struct {
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
	} {
		t.Run(tc.dir, func(t *testing.T) {
			t.Parallel()
			analysistest.Run(t, analysistest.TestData(), waitclose.New(tc.cfg), tc.dir)
		})
	}
}
