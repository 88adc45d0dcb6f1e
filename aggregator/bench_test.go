package aggregator_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/leakvet/leakvet/aggregator"
)

// errgroupFetch is the plain errgroup version of FetchAndAggregate, the
// baseline of the benchmarks. It waits for every source, so a source that
// ignores its context delays it past the timeout.
func errgroupFetch[T any](ctx context.Context, sources []aggregator.Source[T], timeout time.Duration) ([]aggregator.Result[T], error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	rs := make([]aggregator.Result[T], len(sources))
	var g errgroup.Group
	for i, s := range sources {
		g.Go(func() error {
			v, err := s.Fetch(ctx)
			rs[i] = aggregator.Result[T]{Source: s.Name, Value: v, Err: err}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err // not reached: the goroutines report through rs
	}
	var ok []aggregator.Result[T]
	for _, r := range rs {
		if r.Err == nil {
			ok = append(ok, r)
		}
	}
	return ok, nil
}

// errgroupBatch is the plain errgroup version of ProcessBatch.
func errgroupBatch[T, R any](ctx context.Context, items []T, size, workers int, fn func(context.Context, []T) ([]R, error)) ([]R, error) {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	outs := make([][]R, (len(items)+size-1)/size) // allocated first: the goroutines write into it
	for j := range outs {
		batch := items[j*size : min((j+1)*size, len(items))]
		g.Go(func() error {
			out, err := fn(ctx, batch)
			outs[j] = out
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var all []R
	for _, out := range outs {
		all = append(all, out...)
	}
	return all, nil
}

// reportLeft reports, as "goroutines-left", how many more goroutines run
// after the benchmark loop than before it.
func reportLeft(b *testing.B, before int) {
	b.ReportMetric(float64(runtime.NumGoroutine()-before), "goroutines-left")
}

func BenchmarkFetchAndAggregate(b *testing.B) {
	impls := []struct {
		name  string
		fetch func(context.Context, []aggregator.Source[int], time.Duration) ([]aggregator.Result[int], error)
	}{
		{"aggregator", aggregator.FetchAndAggregate[int]},
		{"errgroup", errgroupFetch[int]},
	}
	for _, n := range []int{10, 1000} {
		sources := many(n)
		for _, impl := range impls {
			b.Run(fmt.Sprintf("%s/sources=%d", impl.name, n), func(b *testing.B) {
				b.ReportAllocs()
				before := runtime.NumGoroutine()
				for b.Loop() {
					rs, err := impl.fetch(context.Background(), sources, time.Minute)
					if err != nil || len(rs) != n {
						b.Fatalf("got %d values, %v", len(rs), err)
					}
				}
				reportLeft(b, before)
			})
		}
	}
}

func BenchmarkProcessBatch(b *testing.B) {
	impls := []struct {
		name    string
		process func(context.Context, []int, int, int, func(context.Context, []int) ([]int, error)) ([]int, error)
	}{
		{"aggregator", aggregator.ProcessBatch[int, int]},
		{"errgroup", errgroupBatch[int, int]},
	}
	items := ints(10000)
	for _, size := range []int{10, 1000} {
		for _, impl := range impls {
			b.Run(fmt.Sprintf("%s/size=%d", impl.name, size), func(b *testing.B) {
				b.ReportAllocs()
				before := runtime.NumGoroutine()
				for b.Loop() {
					out, err := impl.process(context.Background(), items, size, 8, double)
					if err != nil || len(out) != len(items) {
						b.Fatalf("got %d outputs, %v", len(out), err)
					}
				}
				reportLeft(b, before)
			})
		}
	}
}

func BenchmarkStreamResults(b *testing.B) {
	sources := many(100)
	b.ReportAllocs()
	before := runtime.NumGoroutine()
	for b.Loop() {
		n := 0
		for range aggregator.StreamResults(context.Background(), sources, 0) {
			n++
		}
		if n != len(sources) {
			b.Fatalf("got %d results", n)
		}
	}
	reportLeft(b, before)
}

// BenchmarkFetchAndAggregateSlowSource shows what the channel costs buy:
// one source of ten takes 5ms and ignores its context, the timeout is
// 1ms. The errgroup version waits for it; FetchAndAggregate returns at
// the timeout, and the slow source's goroutine finishes on its own later,
// its send absorbed by the buffer. (No goroutines-left here: stragglers
// of the previous round would skew the count.)
func BenchmarkFetchAndAggregateSlowSource(b *testing.B) {
	sources := many(10)
	sources[5].Fetch = func(context.Context) (int, error) {
		time.Sleep(5 * time.Millisecond) // simulated latency, deaf to ctx
		return 5, nil
	}
	for _, impl := range []struct {
		name  string
		fetch func(context.Context, []aggregator.Source[int], time.Duration) ([]aggregator.Result[int], error)
	}{
		{"aggregator", aggregator.FetchAndAggregate[int]},
		{"errgroup", errgroupFetch[int]},
	} {
		b.Run(impl.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				impl.fetch(context.Background(), sources, time.Millisecond)
			}
		})
	}
}
