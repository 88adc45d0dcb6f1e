// Package fixes covers the suggested fixes: a buffer of 1 for one
// abandoned send, len(xs) or n for one goroutine per element or
// iteration, and no fix where a buffer is not certain to suffice.
package fixes

import (
	"context"
	"time"
)

func get(int) int { return 0 }

func One() int {
	ch := make(chan int)
	go func() { ch <- get(0) }() // want `buffer ch with capacity 1`
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

func Zero() int {
	ch := make(chan int, 0)
	go func() { ch <- get(0) }() // want `buffer ch with capacity 1`
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

func PerElement(xs []int) int {
	ch := make(chan int)
	for _, x := range xs {
		go func() { ch <- get(x) }() // want `buffer ch with capacity len\(xs\)`
	}
	return <-ch
}

func PerIteration(n int) int {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func() { ch <- get(i) }() // want `buffer ch with capacity n`
	}
	return <-ch
}

// No fix: xs changes between the make and the loop.
func Reassigned(xs []int) int {
	ch := make(chan int)
	xs = append(xs, 1)
	for _, x := range xs {
		go func() { ch <- get(x) }() // want `a goroutine is started per loop iteration but Reassigned receives only once \(possible goroutine leak\)$`
	}
	return <-ch
}

// No fix: the collection is a call.
func Call() int {
	ch := make(chan int)
	for _, x := range list() {
		go func() { ch <- get(x) }() // want `Call receives only once \(possible goroutine leak\)$`
	}
	return <-ch
}

func list() []int { return nil }

// No fix: two sends per goroutine.
func Double() int {
	ch := make(chan int)
	go func() {
		ch <- 1 // want `the goroutine can send twice but Double receives only once \(possible goroutine leak\)$`
		ch <- 2
	}()
	return <-ch
}

// A generator with one send: the buffer also fixes it.
func Async(ctx context.Context) <-chan int {
	ch := make(chan int)
	go func() { ch <- get(0) }() // want `buffer ch with capacity 1`
	return ch
}

// A fresh channel per iteration.
func Fresh(xs []int) int {
	sum := 0
	for _, x := range xs {
		ch := make(chan int)
		go func() { ch <- get(x) }() // want `buffer ch with capacity 1`
		select {
		case v := <-ch:
			sum += v
		case <-time.After(time.Second):
		}
	}
	return sum
}
