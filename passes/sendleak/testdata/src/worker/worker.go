// Package worker declares goroutine bodies used by package named: the
// facts record which channel parameters they send on without a way out.
package worker

import "context"

func Compute(x int, out chan<- int) { // want Compute:"sends on out#1 once"
	out <- x * 2
}

func Pump(in <-chan int, out chan<- int) { // want Pump:"sends on out#1 in a loop"
	for v := range in {
		out <- v
	}
}

func Both(a, b chan int) { // want Both:"sends on a#0 once; sends on b#1 twice"
	a <- 1
	b <- 2
	b <- 3
}

type W struct{}

func (W) Send(ch chan<- error) { // want Send:"sends on ch#0 once"
	ch <- nil
}

func Careful(ctx context.Context, out chan<- int) { // no fact: the send has a way out
	select {
	case out <- 1:
	case <-ctx.Done():
	}
}

func Receives(ch chan int) { // no fact: it receives
	ch <- <-ch
}

func Stores(ch chan int) { // no fact: the channel escapes
	saved = ch
	ch <- 1
}

var saved chan int

func Produce[T any](v T, out chan<- T) { // want Produce:"sends on out#1 once"
	out <- v
}
