package leaky

import (
	"context"
	"sync"
	"time"
)

// StreamResults is the "before" version of aggregator.StreamResults:
// fire-and-forget producers.
//
// BUG: the producers send without selecting on ctx.Done(). A consumer
// that cancels ctx and stops reading, as the API asks, leaves every
// producer with a result in hand blocked forever on out, and the waiter
// blocked behind them.
func StreamResults[T any](ctx context.Context, sources []Source[T], every time.Duration) <-chan Result[T] {
	out := make(chan Result[T])
	var wg sync.WaitGroup
	for _, s := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var tick <-chan time.Time // nil: query once
			if every > 0 {
				t := time.NewTicker(every)
				defer t.Stop()
				tick = t.C
			}
			for {
				v, err := s.Fetch(ctx)
				out <- Result[T]{Source: s.Name, Value: v, Err: err} // expect sendleak `goroutine may block forever sending on out: the send does not select on ctx\.Done\(\), so it blocks if the caller of StreamResults stops receiving \(possible goroutine leak\); select on ctx\.Done\(\) in the sender`
				if tick == nil {
					return
				}
				select {
				case <-tick:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out // related sendleak `StreamResults hands out to its caller here`
}
