// Package timers is judged under go 1.26 here and under go 1.22 in
// ../go122, whose source is the same but for the want comments: the
// unstopped timer is a leak only before Go 1.23, the drain a deadlock
// only since.
package timers

import (
	"context"
	"time"
)

func wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func stop(t *time.Timer) {
	if !t.Stop() {
		<-t.C // want `blocking drain of t.C after t.Stop\(\) blocks forever since Go 1.23`
	}
}
