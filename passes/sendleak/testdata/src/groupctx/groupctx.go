// Package groupctx covers workers of an errgroup (or a WaitGroup) that
// select on a context nothing cancels: when the consumer stops
// receiving early, the Done case never fires and every remaining
// worker blocks on its send.
package groupctx

import (
	"context"
	"errors"
	"sync"

	"golang.org/x/sync/errgroup"
)

type result struct {
	body string
	err  error
}

func fetch(context.Context, string) (string, error) { return "", nil }

var errBad = errors.New("bad")

// The consumer returns on the first bad value; no worker fails, so the
// group's context is never cancelled.
func FirstBad(ctx context.Context, urls []string) ([]string, error) {
	g, ctx := errgroup.WithContext(ctx)
	results := make(chan string)
	for _, u := range urls {
		g.Go(func() error {
			s, _ := fetch(ctx, u)
			select {
			case results <- s: // want `goroutine may block forever sending on results: FirstBad can return from its receive loop before receiving every value \(possible goroutine leak\); its select on ctx.Done\(\) is no way out: nothing cancels ctx when FirstBad returns \(derive it from a context that FirstBad cancels with defer\); the goroutine waiting in g.Wait\(\) blocks with them`
			case <-ctx.Done():
				return ctx.Err()
			}
			return nil
		})
	}
	go func() {
		g.Wait()
		close(results)
	}()
	var out []string
	for s := range results {
		if s == "" {
			return nil, errBad
		}
		out = append(out, s)
	}
	return out, nil
}

// The same from a background context, and the first value only.
func FirstOnly(urls []string) string {
	g, ctx := errgroup.WithContext(context.Background())
	results := make(chan string)
	for _, u := range urls {
		g.Go(func() error {
			s, _ := fetch(ctx, u)
			select {
			case results <- s: // want `a goroutine is started per loop iteration but FirstOnly receives only once`
			case <-ctx.Done():
			}
			return nil
		})
	}
	return <-results
}

// A value context over the group's context is no more cancellable.
func WithValue(parent context.Context, urls []string) string {
	g, gctx := errgroup.WithContext(parent)
	ctx := context.WithValue(gctx, "k", 1)
	results := make(chan string)
	for _, u := range urls {
		g.Go(func() error {
			select {
			case results <- u: // want `its select on ctx.Done\(\) is no way out`
			case <-ctx.Done():
			}
			return nil
		})
	}
	return <-results
}

// WaitGroup.Go workers on a background context.
func Background(xs []int) int {
	ctx := context.Background()
	var wg sync.WaitGroup
	ch := make(chan int)
	for _, x := range xs {
		wg.Go(func() {
			select {
			case ch <- x: // want `its select on ctx.Done\(\) is no way out: nothing cancels ctx when Background returns`
			case <-ctx.Done():
			}
		})
	}
	return <-ch
}

// Generic workers.
func Generic[T comparable](ctx context.Context, xs []T, bad T) error {
	g, ctx := errgroup.WithContext(ctx)
	ch := make(chan T)
	for _, x := range xs {
		g.Go(func() error {
			select {
			case ch <- x: // want `Generic can return from its receive loop before receiving every value`
			case <-ctx.Done():
				return ctx.Err()
			}
			return nil
		})
	}
	go func() { g.Wait(); close(ch) }()
	for v := range ch {
		if v == bad {
			return errBad
		}
	}
	return nil
}

func okDeferredCancel(ctx context.Context, urls []string) ([]string, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g, ctx := errgroup.WithContext(ctx)
	results := make(chan string)
	for _, u := range urls {
		g.Go(func() error {
			select {
			case results <- u: // ok: the deferred cancel ends the group's context
			case <-ctx.Done():
				return ctx.Err()
			}
			return nil
		})
	}
	go func() { g.Wait(); close(results) }()
	var out []string
	for s := range results {
		if s == "" {
			return nil, errBad
		}
		out = append(out, s)
	}
	return out, nil
}

func okCancelCalled(ctx context.Context, urls []string) string {
	ctx, cancel := context.WithCancel(ctx)
	g, ctx := errgroup.WithContext(ctx)
	results := make(chan string)
	for _, u := range urls {
		g.Go(func() error {
			select {
			case results <- u: // ok: F cancels the parent before it returns
			case <-ctx.Done():
			}
			return nil
		})
	}
	s := <-results
	cancel()
	return s
}

func okTimeout(ctx context.Context, urls []string) string {
	ctx, cancel := context.WithTimeout(ctx, 1)
	_ = cancel
	g, ctx := errgroup.WithContext(ctx)
	results := make(chan string)
	for _, u := range urls {
		g.Go(func() error {
			select {
			case results <- u: // ok: the deadline cancels the context
			case <-ctx.Done():
			}
			return nil
		})
	}
	return <-results
}

func okBuffered(ctx context.Context, urls []string) ([]string, error) {
	g, ctx := errgroup.WithContext(ctx)
	results := make(chan string, len(urls))
	for _, u := range urls {
		g.Go(func() error {
			select {
			case results <- u: // ok: the buffer holds every value
			case <-ctx.Done():
			}
			return nil
		})
	}
	go func() { g.Wait(); close(results) }()
	var out []string
	for s := range results {
		if s == "" {
			return nil, errBad
		}
		out = append(out, s)
	}
	return out, nil
}

func okDrains(ctx context.Context, urls []string) []string {
	g, ctx := errgroup.WithContext(ctx)
	results := make(chan string)
	for _, u := range urls {
		g.Go(func() error {
			select {
			case results <- u: // ok: the consumer drains every value
			case <-ctx.Done():
			}
			return nil
		})
	}
	go func() { g.Wait(); close(results) }()
	var out []string
	for s := range results {
		out = append(out, s)
	}
	return out
}

// The worker that sends the error returns it too: the group's context
// is cancelled, and the other workers leave through ctx.Done().
func okWorkerFails(ctx context.Context, urls []string) error {
	g, ctx := errgroup.WithContext(ctx)
	results := make(chan result)
	for _, u := range urls {
		g.Go(func() error {
			s, err := fetch(ctx, u)
			select {
			case results <- result{s, err}: // ok: the failing worker cancels the group
			case <-ctx.Done():
				return ctx.Err()
			}
			return err
		})
	}
	go func() { g.Wait(); close(results) }()
	for r := range results {
		if r.err != nil {
			return r.err
		}
	}
	return nil
}

// Outside an errgroup, the caller's context is the caller's to cancel.
func okPlainParam(ctx context.Context, xs []int) int {
	var wg sync.WaitGroup
	ch := make(chan int)
	for _, x := range xs {
		wg.Go(func() {
			select {
			case ch <- x: // ok: the caller may cancel ctx
			case <-ctx.Done():
			}
		})
	}
	return <-ch
}

// A generator over the group's context: the caller owns the channel.
func okGenerator(ctx context.Context, urls []string) <-chan string {
	g, ctx := errgroup.WithContext(ctx)
	results := make(chan string)
	for _, u := range urls {
		g.Go(func() error {
			select {
			case results <- u: // ok: the caller may drain or cancel
			case <-ctx.Done():
			}
			return nil
		})
	}
	return results
}

// A select with a stop channel as well has a way out.
func okStop(ctx context.Context, stop chan struct{}, urls []string) string {
	g, ctx := errgroup.WithContext(ctx)
	results := make(chan string)
	for _, u := range urls {
		g.Go(func() error {
			select {
			case results <- u: // ok: stop is another way out
			case <-ctx.Done():
			case <-stop:
			}
			return nil
		})
	}
	return <-results
}

type job struct {
	ctx context.Context
	out chan string
	u   string
}

func (j job) run() error {
	select {
	case j.out <- j.u: // ok: a field channel, and a method value started by the group
	case <-j.ctx.Done():
	}
	return nil
}

func okMethodValue(urls []string) string {
	g, ctx := errgroup.WithContext(context.Background())
	out := make(chan string)
	for _, u := range urls {
		j := job{ctx, out, u}
		g.Go(j.run)
	}
	return <-out
}
