//go:build go1.23

// Package deaddrains is run with -timerleak.dead-drains: a drain that
// can never run is reported as a cleanup hint, not as a leak.
package deaddrains

import "time"

func fresh(d time.Duration) {
	t := time.NewTimer(d)
	// want +2 `this drain of t.C never runs since Go 1.23 \(not a leak\): nothing received from t.C or stopped the timer before, so t.Stop\(\) returns true; delete it`
	if !t.Stop() {
		<-t.C
	}
}

// Still a leak: the timer comes from outside.
func param(t *time.Timer) {
	// want +2 `blocks forever since Go 1.23 if t.C was received or the timer stopped before`
	if !t.Stop() {
		<-t.C
	}
}
