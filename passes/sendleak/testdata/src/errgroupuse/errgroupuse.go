// Package errgroupuse covers errgroup-style fan-out: functions handed
// to errgroup.Group.Go and sync.WaitGroup.Go are goroutines.
package errgroupuse

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

func fetch(context.Context, string) (string, error) { return "", nil }

func okErrgroup(ctx context.Context, urls []string) ([]string, error) {
	g, ctx := errgroup.WithContext(ctx)
	results := make(chan string)
	for _, u := range urls {
		g.Go(func() error {
			s, err := fetch(ctx, u)
			if err != nil {
				return err
			}
			select {
			case results <- s: // ok: a way out, and a g.Go function
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
		out = append(out, s)
	}
	return out, g.Wait()
}

func ErrgroupPlainSend(ctx context.Context, urls []string) (string, error) {
	g, ctx := errgroup.WithContext(ctx)
	results := make(chan string)
	for _, u := range urls {
		g.Go(func() error {
			s, err := fetch(ctx, u)
			results <- s // want `goroutine may block forever sending on results: a goroutine is started per loop iteration but ErrgroupPlainSend receives only once`
			return err
		})
	}
	return <-results, nil
}

func ErrgroupEarlyReturn(ctx context.Context, urls []string) ([]string, error) {
	var g errgroup.Group
	results := make(chan string)
	for _, u := range urls {
		g.Go(func() error {
			s, _ := fetch(ctx, u)
			results <- s // want `ErrgroupEarlyReturn can return from its receive loop before receiving every value \(possible goroutine leak\); the goroutine waiting in g.Wait\(\) blocks with them`
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
			return nil, context.Canceled
		}
		out = append(out, s)
	}
	return out, nil
}

func okErrgroupCancelled(ctx context.Context, urls []string) (string, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g, ctx := errgroup.WithContext(ctx)
	results := make(chan string)
	for _, u := range urls {
		g.Go(func() error {
			s, err := fetch(ctx, u)
			select {
			case results <- s: // ok: the group's context is cancelled by the deferred cancel
			case <-ctx.Done():
			}
			return err
		})
	}
	return <-results, nil
}

func WaitGroupGo(urls []string) string {
	var wg sync.WaitGroup
	results := make(chan string)
	for _, u := range urls {
		wg.Go(func() {
			s, _ := fetch(context.Background(), u)
			results <- s // want `a goroutine is started per loop iteration but WaitGroupGo receives only once`
		})
	}
	return <-results
}

func okWaitGroupGoBuffered(urls []string) []string {
	var wg sync.WaitGroup
	results := make(chan string, len(urls))
	for _, u := range urls {
		wg.Go(func() {
			s, _ := fetch(context.Background(), u)
			results <- s // ok: the buffer holds every value
		})
	}
	wg.Wait()
	close(results)
	var out []string
	for s := range results {
		out = append(out, s)
	}
	return out
}

func WaitGroupGoTimeout(ctx context.Context, xs []int) int {
	ch := make(chan int)
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Go(func() { ch <- x }) // want `goroutine may block forever sending on ch: WaitGroupGoTimeout can return from the ctx.Done\(\) case without receiving \(possible goroutine leak\); buffer ch with capacity len\(xs\)`
	}
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}
