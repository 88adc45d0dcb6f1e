package aggregator

import (
	"context"
	"sync"
	"time"
)

// StreamResults queries every source concurrently and sends each
// [Result] on the returned channel as it arrives. With every > 0 it
// queries each source again every interval (or as soon as its previous
// result was taken, if that is later) until ctx is done; otherwise it
// queries each source once.
//
// The channel is closed when no more results will come: after every
// source answered once (every <= 0), or once ctx is done. A consumer that
// stops reading early must cancel ctx; it need not drain the channel,
// and no goroutine is left blocked either way.
func StreamResults[T any](ctx context.Context, sources []Source[T], every time.Duration) <-chan Result[T] {
	out := make(chan Result[T])
	var wg sync.WaitGroup
	for _, s := range sources {
		wg.Go(func() { produce(ctx, s, every, out) })
	}
	// The waiter closes out exactly once, after every producer returned.
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// produce queries s and sends each result on out until ctx is done; with
// every <= 0 it queries s once. Every send and every wait also selects on
// ctx.Done(), so a consumer that cancels can walk away.
func produce[T any](ctx context.Context, s Source[T], every time.Duration, out chan<- Result[T]) {
	var t *time.Timer
	if every > 0 {
		t = time.NewTimer(every)
		defer t.Stop() // no drain: since Go 1.23 Stop leaves no stale value
	}
	for ctx.Err() == nil {
		r := fetch(ctx, s)
		select {
		case out <- r:
		case <-ctx.Done():
			return // the consumer cancelled: nobody will receive
		}
		if t == nil {
			return // query once
		}
		select {
		case <-t.C:
			t.Reset(every) // the value was received: nothing stale to drain
		case <-ctx.Done():
			return
		}
	}
}
