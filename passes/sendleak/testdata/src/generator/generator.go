// Package generator covers functions that return a receive-only channel
// fed by a goroutine whose sends ignore the function's context or done
// channel.
package generator

import (
	"context"
	"sync"
)

func Count(ctx context.Context, n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 0; i < n; i++ {
			out <- i // want `goroutine may block forever sending on out: the send does not select on ctx.Done\(\), so it blocks if the caller of Count stops receiving \(possible goroutine leak\); select on ctx.Done\(\) in the sender`
		}
	}()
	return out
}

func WithDone(done <-chan struct{}, xs []string) <-chan string {
	out := make(chan string)
	go func() {
		for _, x := range xs {
			out <- x // want `the send does not select on done, so it blocks if the caller of WithDone stops receiving`
		}
		close(out)
	}()
	return out
}

func Async(ctx context.Context, f func(context.Context) int) <-chan int {
	out := make(chan int)
	go func() { out <- f(ctx) }() // want `the send does not select on ctx.Done\(\), so it blocks if the caller of Async stops receiving`
	return out
}

func okSelects(ctx context.Context, n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 0; i < n; i++ {
			select {
			case out <- i: // ok: stops when ctx is done
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func okBufferedAsync(ctx context.Context, f func(context.Context) int) <-chan int {
	out := make(chan int, 1) // ok: the one value fits
	go func() { out <- f(ctx) }()
	return out
}

// okNoContext: the caller has no way to stop it but to drain it.
func okNoContext(n int) <-chan int {
	out := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			out <- i
		}
		close(out)
	}()
	return out
}

// okBidirectional: the caller may send too; not a generator.
func okBidirectional(ctx context.Context) chan int {
	out := make(chan int)
	go func() { out <- 1 }()
	return out
}

// A filter: the number of sends is unknown, but one is enough to block.
func Evens(ctx context.Context, xs []int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, x := range xs {
			if x%2 == 0 {
				out <- x // want `the send does not select on ctx.Done\(\), so it blocks if the caller of Evens stops receiving`
			}
		}
	}()
	return out
}

// A named goroutine body.
func Named(ctx context.Context, in <-chan int) <-chan int {
	out := make(chan int)
	go pump(in, out) // want `the send does not select on ctx.Done\(\), so it blocks if the caller of Named stops receiving`
	return out
}

func pump(in <-chan int, out chan<- int) { // want pump:"sends on out#1 in a loop"
	for v := range in {
		out <- v
	}
	close(out)
}

// Fan-in: one goroutine per source, started in a loop, each sending
// without a way out, and a waiter that closes after them.
func FanIn(ctx context.Context, srcs []func(context.Context) int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, f := range srcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out <- f(ctx) // want `the send does not select on ctx.Done\(\), so it blocks if the caller of FanIn stops receiving \(possible goroutine leak\); select on ctx.Done\(\) in the sender$`
		}()
	}
	go func() { wg.Wait(); close(out) }()
	return out
}

// Two goroutines.
func Pair(ctx context.Context, a, b func() int) <-chan int {
	out := make(chan int)
	go func() { out <- a() }() // want `the send does not select on ctx.Done\(\), so it blocks if the caller of Pair stops receiving`
	go func() { out <- b() }()
	return out
}

func okFanInSelects(ctx context.Context, srcs []func(context.Context) int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, f := range srcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case out <- f(ctx): // ok: stops when ctx is done
			case <-ctx.Done():
			}
		}()
	}
	go func() { wg.Wait(); close(out) }()
	return out
}

func okFanInBuffered(ctx context.Context, srcs []func(context.Context) int) <-chan int {
	out := make(chan int, len(srcs)) // ok: a buffer for every source (not counted: silent)
	var wg sync.WaitGroup
	for _, f := range srcs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out <- f(ctx)
		}()
	}
	go func() { wg.Wait(); close(out) }()
	return out
}
