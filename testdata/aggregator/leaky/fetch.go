package leaky

import (
	"context"
	"errors"
	"time"
)

// FetchAndAggregate is the "before" version of
// aggregator.FetchAndAggregate: a timeout leak.
//
// BUG: results is unbuffered, and the loop returns from the timeout case.
// Every source that answers after the timeout blocks its goroutine
// forever on the send, since nobody will ever receive.
func FetchAndAggregate[T any](ctx context.Context, sources []Source[T], timeout time.Duration) ([]Result[T], error) {
	results := make(chan Result[T])
	for _, s := range sources {
		go func() {
			v, err := s.Fetch(ctx)
			results <- Result[T]{Source: s.Name, Value: v, Err: err} // expect sendleak `goroutine may block forever sending on results: FetchAndAggregate can return from the deadline case without receiving \(possible goroutine leak\)`
		}()
	}

	deadline := time.After(timeout)
	var values []Result[T]
	var errs []error
	for range sources {
		select {
		case r := <-results:
			if r.Err != nil {
				errs = append(errs, sourceError(r.Source, r.Err))
				continue
			}
			values = append(values, r)
		case <-deadline: // related sendleak `FetchAndAggregate stops receiving from results in this case`
			return values, errors.Join(append(errs, errTimeout)...)
		}
	}
	return values, errors.Join(errs...)
}

// FetchWithTimer is FetchAndAggregate with its timeout on a time.Timer,
// stopped with the drain idiom from before Go 1.23. Its channel has room
// for every source, so no worker blocks.
//
// BUG: when the timeout fires, the select receives t.C. The deferred
// drain then sees Stop return false and waits for a second value that
// never comes: the caller itself never returns.
func FetchWithTimer[T any](ctx context.Context, sources []Source[T], timeout time.Duration) ([]Result[T], error) {
	results := make(chan Result[T], len(sources))
	for _, s := range sources {
		go func() {
			v, err := s.Fetch(ctx)
			results <- Result[T]{Source: s.Name, Value: v, Err: err}
		}()
	}

	t := time.NewTimer(timeout)
	defer func() {
		if !t.Stop() {
			<-t.C // expect timerleak `blocking drain of t\.C after t\.Stop\(\) can block forever: t\.C may already have been received by a select case before this deferred drain runs`
		}
	}()
	var values []Result[T]
	var errs []error
	for range sources {
		select {
		case r := <-results:
			if r.Err != nil {
				errs = append(errs, sourceError(r.Source, r.Err))
				continue
			}
			values = append(values, r)
		case <-t.C: // related timerleak `earlier receive from t\.C`
			return values, errors.Join(append(errs, errTimeout)...)
		}
	}
	return values, errors.Join(errs...)
}
