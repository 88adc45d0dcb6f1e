// Package passtest holds test helpers shared by the passes' tests.
package passtest

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
)

// RequireRelated fails t unless, for every message in msgs, some
// diagnostic of results has a related position with exactly that
// message. analysistest compares messages and positions of diagnostics
// but not their related information; this covers it.
func RequireRelated(t *testing.T, results []*analysistest.Result, msgs ...string) {
	t.Helper()
	seen := make(map[string]bool, len(msgs))
	for _, r := range results {
		for _, d := range r.Diagnostics {
			for _, rel := range d.Related {
				seen[rel.Message] = true
			}
		}
	}
	for _, msg := range msgs {
		if !seen[msg] {
			t.Errorf("no related position %q", msg)
		}
	}
}
