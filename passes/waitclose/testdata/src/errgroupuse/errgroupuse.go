// Package errgroupuse covers producers started with errgroup.Group.Go
// (a stub under testdata/src/golang.org/x/sync/errgroup).
package errgroupuse

import (
	"context"

	"golang.org/x/sync/errgroup"
)

func fetch(context.Context, string) (int, error) { return 0, nil }

func All(ctx context.Context, urls []string) ([]int, error) {
	out := make(chan int, len(urls)) // ok: closed after g.Wait
	g, ctx := errgroup.WithContext(ctx)
	for _, u := range urls {
		g.Go(func() error {
			n, err := fetch(ctx, u)
			if err != nil {
				return err
			}
			out <- n
			return nil
		})
	}
	err := g.Wait()
	close(out)
	var res []int
	for n := range out {
		res = append(res, n)
	}
	return res, err
}

func Early(ctx context.Context, urls []string) error {
	out := make(chan int, len(urls))
	var g errgroup.Group
	for _, u := range urls {
		g.Go(func() error {
			n, err := fetch(ctx, u)
			out <- n
			return err
		})
	}
	close(out) // want `out is closed while its producers may still send on it \(close it once, after g.Wait\)`
	return g.Wait()
}
