// Package helperlib declares helpers that send on or receive from the
// channel they are given; their summaries reach package helpers as
// facts.
package helperlib

import "context"

// Reply sends err, then nil: twice when err != nil.
func Reply(resc chan<- error, err error) {
	if err != nil {
		resc <- err
	}
	resc <- nil
}

// WaitFor returns on ctx.Done() without receiving.
func WaitFor[T any](ctx context.Context, ch <-chan T) (T, error) {
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// Recv receives once, with no way out.
func Recv(ch <-chan int) int { return <-ch }
