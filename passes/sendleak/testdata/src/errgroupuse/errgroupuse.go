// Package errgroupuse covers errgroup-style fan-out: the sends are in
// functions handed to g.Go, which the pass does not model. Silent.
package errgroupuse

import (
	"context"

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

func okErrgroupPlainSend(ctx context.Context, urls []string) (string, error) {
	g, ctx := errgroup.WithContext(ctx)
	results := make(chan string)
	for _, u := range urls {
		g.Go(func() error {
			s, err := fetch(ctx, u)
			results <- s // ok: sent from a g.Go function
			return err
		})
	}
	return <-results, nil
}
