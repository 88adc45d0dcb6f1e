// Package selfclose covers receives from a local channel whose only
// close is deferred by the function that waits on it.
package selfclose

import "time"

func work(done <-chan struct{}) {
	select {
	case <-done:
	case <-time.After(time.Second):
	}
}

func goroutines(n int) {
	for range n {
		go func() {
			stop := make(chan struct{})
			defer close(stop) // the only close: runs when the goroutine returns
			work(stop)
			<-stop // want `receive from stop blocks forever: its only close is deferred by the goroutine, which cannot return while it waits, and nothing sends on stop \(possible goroutine leak\)`
		}()
	}
}

func ranging() {
	events := make(chan int)
	defer close(events)
	go watch(events)
	for range events { // want `range over events blocks forever: its only close is deferred by ranging`
	}
}

func watch(<-chan int) {}

// Silent twins.

// ok: another close, by the helper goroutine.
func closedElsewhere() {
	stop := make(chan struct{})
	defer close(stop)
	go func() { close(stop) }()
	<-stop
}

// ok: a sender elsewhere.
func sentElsewhere() {
	stop := make(chan struct{})
	defer close(stop)
	go func() { stop <- struct{}{} }()
	<-stop
}

// ok: the channel escapes to a field another goroutine may use.
type holder struct{ c chan struct{} }

func escapes(h *holder) {
	stop := make(chan struct{})
	defer close(stop)
	h.c = stop
	<-stop
}

// ok: passed as a bidirectional channel, the callee may close it.
func passed() {
	stop := make(chan struct{})
	defer close(stop)
	finish(stop)
	<-stop
}

func finish(c chan struct{}) { close(c) }

// ok: the select has another live case.
func selected(other chan int) {
	stop := make(chan struct{})
	defer close(stop)
	select {
	case <-stop:
	case <-other:
	}
}

// ok: the close is not deferred: it runs before the wait.
func notDeferred() {
	stop := make(chan struct{})
	close(stop)
	<-stop
}

// ok: the receive is in a literal run by another goroutine, which the
// deferred close wakes.
func inLiteral() {
	stop := make(chan struct{})
	defer close(stop)
	go func() { <-stop }()
}

// ok: a literal hands the channel out while the function runs.
func handedOut() func() chan struct{} {
	stop := make(chan struct{})
	defer close(stop)
	get := func() chan struct{} { return stop }
	go func() { get() <- struct{}{} }()
	<-stop
	return get
}

// A variable that can only hold the channel: assigned, in a callback,
// the callback's parameter, which the function it is handed to binds
// to its own parameter, the channel.

func waitWith(wait func(<-chan struct{}) <-chan struct{}, done <-chan struct{}) {
	for range wait(done) {
	}
}

func ticks(done <-chan struct{}) <-chan struct{} {
	c := make(chan struct{})
	go func() {
		defer close(c)
		<-done
	}()
	return c
}

func captured(n int) {
	for range n {
		go func() {
			stop := make(chan struct{})
			defer close(stop)
			var got <-chan struct{}
			waitWith(func(done <-chan struct{}) <-chan struct{} {
				got = done
				return ticks(done)
			}, stop)
			<-got // want `receive from got blocks forever: got can only hold stop \(or nil\), and its only close is deferred by the goroutine`
		}()
	}
}

// ok: the callback's parameter is bound to another channel.
func capturedOther(other <-chan struct{}) {
	stop := make(chan struct{})
	defer close(stop)
	var got <-chan struct{}
	waitWith(func(done <-chan struct{}) <-chan struct{} {
		got = done
		return ticks(done)
	}, other)
	<-got
}

// ok: the function handed the callback keeps it, to call it later with
// anything.
var kept func(<-chan struct{}) <-chan struct{}

func keep(wait func(<-chan struct{}) <-chan struct{}, done <-chan struct{}) {
	kept = wait
	wait(done)
}

func capturedKept() {
	stop := make(chan struct{})
	defer close(stop)
	var got <-chan struct{}
	keep(func(done <-chan struct{}) <-chan struct{} {
		got = done
		return nil
	}, stop)
	<-got
}

// ok: the variable is also assigned another channel.
func reassigned(other chan struct{}) {
	stop := make(chan struct{})
	defer close(stop)
	var got <-chan struct{}
	waitWith(func(done <-chan struct{}) <-chan struct{} {
		got = done
		return nil
	}, stop)
	if other != nil {
		got = other
	}
	<-got
}

// Odd shapes the rule must not trip on: generics, builtins, method
// values, labels.

func generic[T any](xs []T) {
	c := make(chan T)
	defer close(c)
	for _, x := range xs {
		_ = x
	}
	<-c // want `receive from c blocks forever`
}

// ok: println takes the channel as it is (a bidirectional argument).
func printed[T any]() {
	c := make(chan T)
	defer close(c)
	println(c)
	<-c
}

type box[T any] struct{ c chan T }

func (b *box[T]) run() {
	defer close(b.c)
L:
	for {
		break L
	}
	<-b.c // want `receive from b.c blocks forever`
}

func newBox() *box[int] { return &box[int]{c: make(chan int)} }

func methodValue() func() {
	b := newBox()
	return b.run
}
