package aggregator

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
)

// ProcessBatch splits items into batches of at most size items and calls
// fn on each batch from at most workers goroutines at a time. It returns
// the outputs of all batches in the order of items.
//
// The first error stops the rest: it cancels the context passed to the
// calls still running, no new batch starts, and ProcessBatch returns that
// error, wrapped with the batch's index. A panic in fn is returned as a
// [*PanicError]. When ctx ends first, ProcessBatch returns context.Cause(ctx).
// A size or workers below 1 counts as 1.
//
// ProcessBatch returns only after every goroutine it started has
// finished, so fn must return once its context is done.
func ProcessBatch[T, R any](ctx context.Context, items []T, size, workers int, fn func(ctx context.Context, batch []T) ([]R, error)) ([]R, error) {
	size, workers = max(size, 1), max(workers, 1)
	var batches [][]T
	for len(items) > 0 {
		n := min(size, len(items))
		batches = append(batches, items[:n:n])
		items = items[n:]
	}
	if len(batches) == 0 {
		return nil, nil // nothing to start
	}

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	type output struct {
		i   int
		out []R
	}
	var (
		wg      sync.WaitGroup
		jobs    = make(chan int)
		results = make(chan output)
		errs    = make(chan error)
	)

	// The feeder is the only sender on jobs: it closes jobs when it is
	// done, so that the workers' range ends.
	wg.Go(func() {
		defer close(jobs)
		for i := range batches {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return // an error or the caller stopped the batch
			}
		}
	})
	for range min(workers, len(batches)) {
		wg.Go(func() {
			for i := range jobs {
				out, err := process(ctx, fn, batches[i])
				if err != nil {
					select {
					case errs <- fmt.Errorf("batch %d: %w", i, err):
					case <-ctx.Done():
					}
					return // the first error stops the rest
				}
				select {
				case results <- output{i, out}:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	// The waiter closes results and errs exactly once, after every
	// goroutine that can send on them has returned.
	go func() {
		wg.Wait()
		close(results)
		close(errs)
	}()

	outs := make([][]R, len(batches))
	done := 0
	var first error
	for results != nil || errs != nil {
		select {
		case r, ok := <-results:
			if !ok {
				results = nil
				continue
			}
			outs[r.i] = r.out
			done++
		case err, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			if first == nil {
				first = err
				cancel(err)
			}
		}
	}
	// Both channels are closed: every goroutine has returned.
	if first != nil {
		return nil, first
	}
	if done < len(batches) {
		return nil, context.Cause(ctx)
	}
	var all []R
	for _, out := range outs {
		all = append(all, out...)
	}
	return all, nil
}

// process calls fn on batch, turning a panic into a [*PanicError].
func process[T, R any](ctx context.Context, fn func(context.Context, []T) ([]R, error), batch []T) (out []R, err error) {
	defer func() {
		if v := recover(); v != nil {
			out, err = nil, &PanicError{Value: v, Stack: debug.Stack()}
		}
	}()
	return fn(ctx, batch)
}
