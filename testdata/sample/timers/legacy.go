//go:build go1.22

// This file is judged under Go 1.22 semantics: its build constraint
// lowers its Go version below the module's. Before Go 1.23 a timer that
// is never stopped stays pending until it fires.

package timers

import (
	"context"
	"time"
)

// WaitLegacy returns on cancellation without stopping t.
func WaitLegacy(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d) // leakvet:want timerleak
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// WaitLegacyStopped is WaitLegacy fixed.
func WaitLegacyStopped(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
