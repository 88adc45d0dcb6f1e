package aggregator_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/leakvet/leakvet/aggregator"
)

// TestMain fails the package if any goroutine is left when the tests end,
// except those the twin tests leave blocked on purpose (twinFrames).
func TestMain(m *testing.M) {
	if os.Getenv(crashTwinEnv) != "" {
		crashTwin() // child process of TestTwinProcessBatchCloseInWorkerCrashes
		return
	}
	var opts []goleak.Option
	for _, f := range twinFrames {
		opts = append(opts, goleak.IgnoreAnyFunction(leakyPath+"."+f))
	}
	goleak.VerifyTestMain(m, opts...)
}

// noLeaks fails t if a goroutine started during the test is still there
// when it ends. goleak retries for a while, so a goroutine on its way out
// is not reported.
func noLeaks(t *testing.T) {
	t.Helper()
	before := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, before) })
}

// value returns a source that answers v at once.
func value(name string, v int) aggregator.Source[int] {
	return aggregator.Source[int]{Name: name, Fetch: func(context.Context) (int, error) { return v, nil }}
}

// failing returns a source that fails with err.
func failing(name string, err error) aggregator.Source[int] {
	return aggregator.Source[int]{Name: name, Fetch: func(context.Context) (int, error) { return 0, err }}
}

// panicking returns a source that panics with v.
func panicking(name string, v any) aggregator.Source[int] {
	return aggregator.Source[int]{Name: name, Fetch: func(context.Context) (int, error) { panic(v) }}
}

// late returns a source that answers v once release is closed, whatever
// its context says: the worst case, a source that ignores cancellation.
func late(name string, v int, release <-chan struct{}) aggregator.Source[int] {
	return aggregator.Source[int]{Name: name, Fetch: func(context.Context) (int, error) {
		<-release
		return v, nil
	}}
}

// blocking returns a source that signals started, then waits until its
// context is done and returns the context's error.
func blocking(name string, started chan<- string) aggregator.Source[int] {
	return aggregator.Source[int]{Name: name, Fetch: func(ctx context.Context) (int, error) {
		started <- name
		<-ctx.Done()
		return 0, ctx.Err()
	}}
}

// many returns n sources; source i is named "s<i>" and answers i.
func many(n int) []aggregator.Source[int] {
	sources := make([]aggregator.Source[int], n)
	for i := range sources {
		sources[i] = value("s"+strconv.Itoa(i), i)
	}
	return sources
}

// values returns the Value of each result.
func values(rs []aggregator.Result[int]) []int {
	var vs []int
	for _, r := range rs {
		vs = append(vs, r.Value)
	}
	return vs
}

// sourceErrors returns the *SourceError joined in err, by source name.
func sourceErrors(t *testing.T, err error) map[string]error {
	t.Helper()
	m := make(map[string]error)
	if err == nil {
		return m
	}
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("error %v (%T) is not a joined error", err, err)
	}
	for _, e := range joined.Unwrap() {
		var se *aggregator.SourceError
		if !errors.As(e, &se) {
			t.Fatalf("error %v (%T) is not a *SourceError", e, e)
		}
		m[se.Source] = se.Err
	}
	return m
}

func TestFetchAndAggregate(t *testing.T) {
	noLeaks(t)
	sources := []aggregator.Source[int]{value("a", 1), value("b", 2), value("c", 3)}
	rs, err := aggregator.FetchAndAggregate(context.Background(), sources, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := values(rs), []int{1, 2, 3}; !slices.Equal(got, want) {
		t.Errorf("values = %v, want %v (in the order of sources)", got, want)
	}
	for i, r := range rs {
		if r.Source != sources[i].Name || r.Err != nil {
			t.Errorf("result %d = %+v, want source %s without error", i, r, sources[i].Name)
		}
	}
}

// A source that answers after the timeout is reported as timed out, and
// its goroutine, once the source returns, still finds room for its send.
func TestFetchAndAggregateSlowSourcePastTimeout(t *testing.T) {
	noLeaks(t)
	release := make(chan struct{})
	sources := []aggregator.Source[int]{value("a", 1), late("slow", 2, release), value("c", 3)}
	rs, err := aggregator.FetchAndAggregate(context.Background(), sources, 20*time.Millisecond)
	close(release) // the slow source answers after FetchAndAggregate returned

	errs := sourceErrors(t, err)
	if !errors.Is(errs["slow"], context.DeadlineExceeded) {
		t.Errorf("slow source: error %v, want %v", errs["slow"], context.DeadlineExceeded)
	}
	// The fast sources answer at once, but a loaded machine may still
	// make them miss 20ms: each is either a value or a timeout.
	got := map[string]int{}
	for _, r := range rs {
		got[r.Source] = r.Value
	}
	for name, v := range map[string]int{"a": 1, "c": 3} {
		if g, ok := got[name]; ok && g != v || !ok && !errors.Is(errs[name], context.DeadlineExceeded) {
			t.Errorf("source %s: value %d (present %v), error %v; want %d or a timeout", name, g, ok, errs[name], v)
		}
	}
	if _, ok := got["slow"]; ok {
		t.Error("the slow source's late value was returned")
	}
}

// Cancelling ctx stops the wait at once and reaches every source.
func TestFetchAndAggregateCancelled(t *testing.T) {
	noLeaks(t)
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan string)
	sources := []aggregator.Source[int]{blocking("a", started), blocking("b", started)}
	go func() {
		<-started
		<-started
		cancel() // both sources are running
	}()
	rs, err := aggregator.FetchAndAggregate(ctx, sources, 0)
	if len(rs) != 0 {
		t.Errorf("got values %v from cancelled sources", rs)
	}
	errs := sourceErrors(t, err)
	for _, s := range sources {
		if !errors.Is(errs[s.Name], context.Canceled) {
			t.Errorf("source %s: error %v, want %v", s.Name, errs[s.Name], context.Canceled)
		}
	}
}

func TestFetchAndAggregateCancelledBefore(t *testing.T) {
	noLeaks(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	src := aggregator.Source[int]{Name: "a", Fetch: func(ctx context.Context) (int, error) { return 0, ctx.Err() }}
	rs, err := aggregator.FetchAndAggregate(ctx, []aggregator.Source[int]{src}, time.Minute)
	if len(rs) != 0 || !errors.Is(sourceErrors(t, err)["a"], context.Canceled) {
		t.Errorf("FetchAndAggregate(cancelled) = %v, %v; want no values and %v", rs, err, context.Canceled)
	}
}

// Failures and panics are reported per source; the others still answer.
func TestFetchAndAggregateFailingAndPanicking(t *testing.T) {
	noLeaks(t)
	boom := errors.New("boom")
	sources := []aggregator.Source[int]{
		value("a", 1),
		failing("bad", boom),
		panicking("panics", "kaboom"),
		panicking("panics-err", boom),
		value("d", 4),
	}
	rs, err := aggregator.FetchAndAggregate(context.Background(), sources, time.Minute)
	if got, want := values(rs), []int{1, 4}; !slices.Equal(got, want) {
		t.Errorf("values = %v, want %v", got, want)
	}
	errs := sourceErrors(t, err)
	if len(errs) != 3 {
		t.Errorf("errors = %v, want 3", errs)
	}
	if !errors.Is(errs["bad"], boom) {
		t.Errorf("bad: %v, want %v", errs["bad"], boom)
	}
	var pe *aggregator.PanicError
	if !errors.As(errs["panics"], &pe) || pe.Value != "kaboom" || len(pe.Stack) == 0 {
		t.Errorf("panics: %v, want a *PanicError with value kaboom and a stack", errs["panics"])
	}
	if !errors.Is(errs["panics-err"], boom) {
		t.Errorf("panics-err: %v, want it to wrap %v", errs["panics-err"], boom)
	}
}

func TestFetchAndAggregateNoSources(t *testing.T) {
	noLeaks(t)
	rs, err := aggregator.FetchAndAggregate[int](context.Background(), nil, time.Minute)
	if rs != nil || err != nil {
		t.Errorf("FetchAndAggregate(no sources) = %v, %v; want nil, nil", rs, err)
	}
}

func TestFetchAndAggregateThousands(t *testing.T) {
	noLeaks(t)
	const n = 5000
	rs, err := aggregator.FetchAndAggregate(context.Background(), many(n), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != n {
		t.Fatalf("got %d values, want %d", len(rs), n)
	}
	for i, r := range rs {
		if r.Value != i || r.Source != "s"+strconv.Itoa(i) {
			t.Fatalf("result %d = %+v, want source s%d with value %d", i, r, i, i)
		}
	}
}

// double is a batch function that doubles each item.
func double(_ context.Context, batch []int) ([]int, error) {
	out := make([]int, len(batch))
	for i, v := range batch {
		out[i] = 2 * v
	}
	return out, nil
}

// ints returns 0, 1, ..., n-1.
func ints(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func TestProcessBatch(t *testing.T) {
	noLeaks(t)
	for _, tc := range []struct{ n, size, workers int }{
		{1, 1, 1},
		{10, 3, 2},
		{10, 10, 4},
		{10, 100, 4},
		{7, 1, 100},
		{100, 7, 0}, // workers below 1 counts as 1
		{5, 0, 2},   // size below 1 counts as 1
	} {
		t.Run(fmt.Sprintf("n=%d,size=%d,workers=%d", tc.n, tc.size, tc.workers), func(t *testing.T) {
			var sizes atomic.Int64 // largest batch seen
			fn := func(ctx context.Context, batch []int) ([]int, error) {
				for {
					m := sizes.Load()
					if int64(len(batch)) <= m || sizes.CompareAndSwap(m, int64(len(batch))) {
						break
					}
				}
				return double(ctx, batch)
			}
			got, err := aggregator.ProcessBatch(context.Background(), ints(tc.n), tc.size, tc.workers, fn)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := double(context.Background(), ints(tc.n))
			if !slices.Equal(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
			if max := int64(max(tc.size, 1)); sizes.Load() > max {
				t.Errorf("largest batch %d, want at most %d", sizes.Load(), max)
			}
		})
	}
}

// The first error cancels the batches in flight, starts no new one, and
// is returned; ProcessBatch returns only after every worker has.
func TestProcessBatchFirstErrorStopsTheRest(t *testing.T) {
	noLeaks(t)
	boom := errors.New("boom")
	var calls atomic.Int32
	fn := func(ctx context.Context, batch []int) ([]int, error) {
		calls.Add(1)
		if batch[0] == 0 {
			return nil, boom
		}
		<-ctx.Done() // only the error can end this batch
		return nil, ctx.Err()
	}
	const workers = 3
	out, err := aggregator.ProcessBatch(context.Background(), ints(100), 1, workers, fn)
	if out != nil || !errors.Is(err, boom) || err.Error() != "batch 0: boom" {
		t.Errorf("ProcessBatch = %v, %v; want nil, batch 0: boom", out, err)
	}
	if n := calls.Load(); n > workers {
		t.Errorf("%d batches started, want at most %d (one per worker)", n, workers)
	}
}

func TestProcessBatchPanic(t *testing.T) {
	noLeaks(t)
	fn := func(ctx context.Context, batch []int) ([]int, error) {
		if batch[0] == 4 {
			panic("kaboom")
		}
		return double(ctx, batch)
	}
	out, err := aggregator.ProcessBatch(context.Background(), ints(10), 2, 3, fn)
	var pe *aggregator.PanicError
	if out != nil || !errors.As(err, &pe) || pe.Value != "kaboom" {
		t.Errorf("ProcessBatch = %v, %v; want nil and a *PanicError", out, err)
	}
}

func TestProcessBatchCancelled(t *testing.T) {
	noLeaks(t)
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{})
	fn := func(ctx context.Context, batch []int) ([]int, error) {
		started <- struct{}{}
		<-ctx.Done()
		return nil, ctx.Err()
	}
	go func() {
		<-started
		<-started
		cancel() // both workers are busy
	}()
	out, err := aggregator.ProcessBatch(ctx, ints(10), 1, 2, fn)
	if out != nil || !errors.Is(err, context.Canceled) {
		t.Errorf("ProcessBatch = %v, %v; want nil, %v", out, err, context.Canceled)
	}
}

func TestProcessBatchNoItems(t *testing.T) {
	noLeaks(t)
	out, err := aggregator.ProcessBatch(context.Background(), nil, 10, 4, double)
	if out != nil || err != nil {
		t.Errorf("ProcessBatch(no items) = %v, %v; want nil, nil", out, err)
	}
}

func TestProcessBatchThousands(t *testing.T) {
	noLeaks(t)
	got, err := aggregator.ProcessBatch(context.Background(), ints(10000), 7, 16, double)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := double(context.Background(), ints(10000))
	if !slices.Equal(got, want) {
		t.Error("outputs differ from the inputs doubled in order")
	}
}

// collect receives from ch until it is closed.
func collect(ch <-chan aggregator.Result[int]) map[string]aggregator.Result[int] {
	m := make(map[string]aggregator.Result[int])
	for r := range ch {
		m[r.Source] = r
	}
	return m
}

func TestStreamResults(t *testing.T) {
	noLeaks(t)
	boom := errors.New("boom")
	sources := []aggregator.Source[int]{value("a", 1), failing("bad", boom), panicking("panics", "kaboom"), value("d", 4)}
	got := collect(aggregator.StreamResults(context.Background(), sources, 0))
	if len(got) != len(sources) {
		t.Errorf("got %d results, want %d", len(got), len(sources))
	}
	if got["a"].Value != 1 || got["a"].Err != nil || got["d"].Value != 4 || got["d"].Err != nil {
		t.Errorf("values: a=%+v d=%+v", got["a"], got["d"])
	}
	if !errors.Is(got["bad"].Err, boom) {
		t.Errorf("bad: %v, want %v", got["bad"].Err, boom)
	}
	var pe *aggregator.PanicError
	if !errors.As(got["panics"].Err, &pe) {
		t.Errorf("panics: %v, want a *PanicError", got["panics"].Err)
	}
}

// A consumer reads one result, cancels and walks away without draining:
// every producer and the waiter still return.
func TestStreamResultsConsumerWalksAway(t *testing.T) {
	for _, every := range []time.Duration{0, time.Millisecond} {
		t.Run("every="+every.String(), func(t *testing.T) {
			noLeaks(t)
			ctx, cancel := context.WithCancel(context.Background())
			ch := aggregator.StreamResults(ctx, many(50), every)
			if r, ok := <-ch; !ok || r.Err != nil {
				t.Errorf("first result %+v, %v; want a value", r, ok)
			}
			cancel()
		})
	}
}

// With every > 0 each source is queried again and again until ctx ends;
// then the channel is closed.
func TestStreamResultsPolling(t *testing.T) {
	noLeaks(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := aggregator.StreamResults(ctx, []aggregator.Source[int]{value("a", 1), value("b", 2)}, time.Millisecond)
	seen := map[string]int{}
	for r := range ch {
		seen[r.Source]++
		if seen["a"] >= 3 && seen["b"] >= 3 {
			cancel()
			break
		}
	}
	for range ch {
		// At most one more result per source may be in flight.
	}
}

func TestStreamResultsCancelledBefore(t *testing.T) {
	noLeaks(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var calls atomic.Int32
	src := aggregator.Source[int]{Name: "a", Fetch: func(context.Context) (int, error) {
		calls.Add(1)
		return 1, nil
	}}
	if got := collect(aggregator.StreamResults(ctx, []aggregator.Source[int]{src}, time.Millisecond)); len(got) != 0 {
		t.Errorf("got %v from a cancelled stream", got)
	}
	if calls.Load() != 0 {
		t.Errorf("a cancelled stream queried its source %d times", calls.Load())
	}
}

func TestStreamResultsNoSources(t *testing.T) {
	noLeaks(t)
	if got := collect(aggregator.StreamResults[int](context.Background(), nil, 0)); len(got) != 0 {
		t.Errorf("got %v from no sources", got)
	}
}

func TestStreamResultsThousands(t *testing.T) {
	noLeaks(t)
	const n = 5000
	got := collect(aggregator.StreamResults(context.Background(), many(n), 0))
	if len(got) != n {
		t.Fatalf("got %d results, want %d", len(got), n)
	}
	for i := range n {
		if r := got["s"+strconv.Itoa(i)]; r.Value != i || r.Err != nil {
			t.Fatalf("source s%d: %+v, want value %d", i, r, i)
		}
	}
}
