//go:build go1.22

// Package robust covers unusual but valid code: generics, method values,
// labelled loops, goto, timers in arrays and maps, shadowed names.
package robust

import (
	"context"
	"time"
)

type clock[T any] struct {
	t   *time.Timer
	val T
}

// A timer in a generic type: the drain check follows the field.
func (c *clock[T]) stop(ch chan T) {
	select {
	case <-c.t.C:
	case v := <-ch:
		c.val = v
	}
	if !c.t.Stop() {
		<-c.t.C // want `c.t.C may already have been received by the select above`
	}
}

// Generic function with a local timer.
func waitFor[T any](ctx context.Context, ch chan T) (T, error) {
	t := time.NewTimer(time.Second) // want `timer t is not stopped on all paths`
	var zero T
	select {
	case v := <-ch:
		return v, nil
	case <-t.C:
		return zero, context.DeadlineExceeded
	case <-ctx.Done():
		return zero, ctx.Err()
	}
}

// ok: a method value escapes the timer.
func methodValue() func() bool {
	t := time.NewTimer(time.Second)
	return t.Stop
}

// ok: the method value is stored and called later.
func methodValueDeferred(ch chan int) {
	t := time.NewTimer(time.Second)
	stop := t.Stop
	defer stop()
	<-ch
}

func labelled(ch chan int, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
outer:
	for {
		select {
		case <-t.C:
			t.Reset(d)
			continue outer
		case v, ok := <-ch:
			if !ok {
				break outer
			}
			_ = v
			t.Reset(d) // want `t.Reset may deliver a stale value`
		}
	}
}

func withGoto(ch chan int) int {
	t := time.NewTimer(time.Second) // want `timer t is not stopped on all paths`
	n := 0
again:
	select {
	case <-t.C:
		return n
	case <-ch:
		n++
		if n < 3 {
			goto again
		}
	}
	return n
}

// ok: timers in arrays and maps are not followed.
func containers(ch chan int) {
	ts := [2]*time.Timer{time.NewTimer(time.Second), time.NewTimer(time.Second)}
	m := map[string]*time.Timer{"a": time.NewTimer(time.Second)}
	select {
	case <-ts[0].C:
	case <-m["a"].C:
	case <-ch:
	}
	if !ts[0].Stop() {
		<-ts[0].C
	}
}

type fakeTimer struct{ C chan time.Time }

func (f *fakeTimer) Stop() bool { return false }

// ok: not a time.Timer.
func fake(f *fakeTimer) {
	<-f.C
	if !f.Stop() {
		<-f.C
	}
}

// ok: a local function named like the time package's is not it.
func shadowed(ch chan int) {
	time := struct{ After func(int) chan int }{After: func(int) chan int { return ch }}
	for {
		select {
		case <-time.After(1):
		case <-ch:
		}
	}
}

// Closures: each function literal is checked on its own.
func closures(ch chan int) {
	go func() {
		t := time.NewTimer(time.Second) // want `timer t is not stopped on all paths`
		select {
		case <-t.C:
		case <-ch:
		}
	}()
}

// Parentheses everywhere.
func parens(ch chan int, d time.Duration) {
	t := time.NewTimer(d)
	defer (t.Stop)()
	select {
	case <-(t.C):
	case <-ch:
		(t.Reset)(d) // want `t.Reset may deliver a stale value`
	}
}

func parensDrain(ch chan int, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-(t.C):
	case <-ch:
	}
	if !((t).Stop()) {
		<-((t).C) // want `\(t\).C may already have been received by the select above`
	}
}
