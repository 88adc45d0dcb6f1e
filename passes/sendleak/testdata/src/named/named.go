// Package named covers goroutines whose body is a named function or
// method, here and in another package.
package named

import (
	"context"
	"time"

	"worker"
)

func compute(x int, out chan<- int) { // want compute:"sends on out#1 once"
	out <- x
}

func Timeout() int {
	ch := make(chan int)
	go worker.Compute(1, ch) // want `goroutine may block forever sending on ch: Timeout can return from the time.After case without receiving \(possible goroutine leak\); buffer ch with capacity 1`
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

func Local(xs []int) int {
	ch := make(chan int)
	for _, x := range xs {
		go compute(x, ch) // want `a goroutine is started per loop iteration but Local receives only once`
	}
	return <-ch
}

func Method(ctx context.Context) error {
	errc := make(chan error)
	var w worker.W
	go w.Send(errc) // want `Method can return from the ctx.Done\(\) case without receiving`
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func Pumped(in chan int) int {
	out := make(chan int)
	go worker.Pump(in, out) // want `the goroutine sends in a loop but Pumped receives only once`
	return <-out
}

func okCareful(ctx context.Context) int {
	ch := make(chan int)
	go worker.Careful(ctx, ch) // ok: no fact, the send selects on ctx
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

func okStores() int {
	ch := make(chan int)
	go worker.Stores(ch) // ok: the callee lets the channel escape
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

func okReceived(xs []int) int {
	ch := make(chan int)
	go worker.Compute(1, ch) // ok: received
	return <-ch
}

// The channel is an argument of the go literal.
func LitParam() int {
	ch := make(chan int)
	go func(out chan<- int) {
		out <- 1 // want `LitParam can return from the time.After case without receiving`
	}(ch)
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

func okLitParamReceives() int {
	ch := make(chan int)
	go func(c chan int) {
		c <- <-c // ok: the literal receives too
	}(ch)
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

// A generic goroutine body from another package.
func Generic() string {
	ch := make(chan string)
	go worker.Produce("x", ch) // want `Generic can return from the time.After case without receiving`
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return ""
	}
}
