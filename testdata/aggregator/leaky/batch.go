package leaky

import (
	"context"
	"sync"
)

// split cuts items into batches of at most size items.
func split[T any](items []T, size int) [][]T {
	size = max(size, 1)
	var batches [][]T
	for len(items) > 0 {
		n := min(size, len(items))
		batches = append(batches, items[:n:n])
		items = items[n:]
	}
	return batches
}

// flatten concatenates the outputs of the batches.
func flatten[R any](outs [][]R) []R {
	var all []R
	for _, out := range outs {
		all = append(all, out...)
	}
	return all
}

// output is what a worker sends for batch i.
type output[R any] struct {
	i   int
	out []R
	err error
}

// ProcessBatch is the "before" version of aggregator.ProcessBatch: an
// early return.
//
// BUG: the loop returns on the first error while the workers still have
// batches to send. Each of them blocks forever on its next send on
// results, and the feeder blocks on jobs behind them.
func ProcessBatch[T, R any](ctx context.Context, items []T, size, workers int, fn func(ctx context.Context, batch []T) ([]R, error)) ([]R, error) {
	batches := split(items, size)
	jobs := make(chan int)
	results := make(chan output[R])
	go func() {
		for i := range batches {
			jobs <- i
		}
		close(jobs)
	}()
	for range min(max(workers, 1), len(batches)) {
		go func() {
			for i := range jobs {
				out, err := fn(ctx, batches[i])
				results <- output[R]{i, out, err} // expect sendleak `goroutine may block forever sending on results: ProcessBatch can return from its receive loop before receiving every value \(possible goroutine leak\)`
			}
		}()
	}

	outs := make([][]R, len(batches))
	for range batches {
		r := <-results
		if r.err != nil {
			return nil, batchError(r.i, r.err) // related sendleak `ProcessBatch returns here`
		}
		outs[r.i] = r.out
	}
	return flatten(outs), nil
}

// ProcessBatchCloseInWorker closes results in the wrong place.
//
// BUG: every worker closes results when it runs out of jobs. The first
// close ends the consumer's range early, losing the batches still in
// flight, and the next worker to send or close panics: with two workers
// or more, the process crashes.
func ProcessBatchCloseInWorker[T, R any](ctx context.Context, items []T, size, workers int, fn func(ctx context.Context, batch []T) ([]R, error)) ([]R, error) {
	batches := split(items, size)
	jobs := make(chan int)
	results := make(chan output[R])
	go func() {
		defer close(jobs)
		for i := range batches {
			jobs <- i
		}
	}()
	for range max(workers, 1) {
		go func() { // related waitclose `started here in a loop`
			defer close(results) // expect waitclose `results is closed by one of several producers; the others may send on a closed channel \(close it once, after the producers are done\)`
			for i := range jobs {
				out, err := fn(ctx, batches[i])
				results <- output[R]{i, out, err}
			}
		}()
	}

	outs := make([][]R, len(batches))
	var first error
	for r := range results {
		if r.err != nil && first == nil {
			first = batchError(r.i, r.err)
		}
		outs[r.i] = r.out
	}
	if first != nil {
		return nil, first
	}
	return flatten(outs), nil
}

// ProcessBatchNoClose never closes its job queue.
//
// BUG: the feeder returns without closing jobs, so after the last batch
// every worker waits forever in its range over jobs.
func ProcessBatchNoClose[T, R any](ctx context.Context, items []T, size, workers int, fn func(ctx context.Context, batch []T) ([]R, error)) ([]R, error) {
	batches := split(items, size)
	jobs := make(chan int) // related rangeleak `jobs is made here`
	results := make(chan output[R])
	go func() {
		for i := range batches {
			jobs <- i
		}
	}()
	for range max(workers, 1) {
		go func() {
			for i := range jobs { // expect rangeleak `jobs is never closed: this goroutine ranges over it and blocks forever after the last value \(possible goroutine leak\)`
				out, err := fn(ctx, batches[i])
				results <- output[R]{i, out, err}
			}
		}()
	}

	outs := make([][]R, len(batches))
	var first error
	for range batches {
		r := <-results
		if r.err != nil && first == nil {
			first = batchError(r.i, r.err)
		}
		outs[r.i] = r.out
	}
	if first != nil {
		return nil, first
	}
	return flatten(outs), nil
}

// ProcessBatchSkipDone counts its workers with a WaitGroup, and a worker
// that fails skips wg.Done.
//
// BUG: the failing worker returns before wg.Done, so wg.Wait never
// returns: the waiter never closes results, and the caller ranging over
// results waits forever with it.
func ProcessBatchSkipDone[T, R any](ctx context.Context, items []T, size, workers int, fn func(ctx context.Context, batch []T) ([]R, error)) ([]R, error) {
	batches := split(items, size)
	workers = max(workers, 1)
	jobs := make(chan int)
	results := make(chan output[R])
	errs := make(chan error, workers) // one error per worker at most
	go func() {
		defer close(jobs)
		for i := range batches {
			jobs <- i
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() { // expect wgdone `wg\.Done is not called on all paths of this goroutine \(wg\.Wait may block forever\)`
			for i := range jobs {
				out, err := fn(ctx, batches[i])
				if err != nil {
					errs <- batchError(i, err)
					return // related wgdone `this path returns without calling wg\.Done`
				}
				results <- output[R]{i: i, out: out}
			}
			wg.Done()
		}()
	}
	go func() {
		wg.Wait()
		close(results)
		close(errs)
	}()

	outs := make([][]R, len(batches))
	for r := range results {
		outs[r.i] = r.out
	}
	if err := <-errs; err != nil {
		return nil, err
	}
	return flatten(outs), nil
}
