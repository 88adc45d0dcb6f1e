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
