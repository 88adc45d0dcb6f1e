// Package timers holds timer code judged under Go 1.23 semantics (the
// module's go line is 1.26): a blocking drain after Stop can only block.
package timers

import (
	"context"
	"errors"
	"time"
)

// WaitOrCancel waits for d or for ctx. The drain in the deferred cleanup
// blocks forever when the timer fired: the select already took t.C.
func WaitOrCancel(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer func() {
		if !t.Stop() {
			<-t.C // leakvet:want timerleak
		}
	}()
	select {
	case <-t.C:
		return errors.New("timeout")
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Restart stops t before reusing it, with the pre-1.23 idiom that can
// only block since Go 1.23.
func Restart(t *time.Timer, d time.Duration) {
	if !t.Stop() {
		<-t.C // leakvet:want timerleak
	}
	t.Reset(d)
}

// Deadline stops its timer on every path; Stop and Reset need no drain.
func Deadline(ctx context.Context, work <-chan int, d time.Duration) (int, error) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case v := <-work:
		return v, nil
	case <-t.C:
		return 0, errors.New("deadline exceeded")
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Poll uses time.After in a loop: under Go 1.23 each timer is collected
// once unreferenced.
func Poll(ctx context.Context, ready func() bool) error {
	for !ready() {
		select {
		case <-time.After(10 * time.Millisecond):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// NonBlockingDrain empties t.C without waiting.
func NonBlockingDrain(t *time.Timer, d time.Duration) {
	t.Stop()
	select {
	case <-t.C:
	default:
	}
	t.Reset(d)
}

// Legacy keeps a drain on purpose; the suppression directive silences
// it, with its reason.
func Legacy(t *time.Timer) {
	if !t.Stop() {
		//leakvet:ignore timerleak the caller guarantees t fired and was never received
		<-t.C
	}
}
