// Package deadlocal covers waits on a local channel that nothing can
// send on or close: every other use passes it to functions whose
// summaries say they neither send on it, close it nor keep it.
package deadlocal

import (
	"deadlocalhelper"
	"fmt"
)

type conn struct {
	n     int
	kept  chan bool
	addrs []string
}

// watcher never uses done.
func (c *conn) watcher(done chan bool) {
	for _, a := range c.addrs {
		c.n += len(a)
	}
}

func Dial(c *conn) {
	go func() {
		done := make(chan bool)
		go c.watcher(done)
		<-done // want `receive from done blocks forever: nothing can send on or close done, its only other use passes it to conn.watcher, which neither sends on it, closes it nor keeps it \(possible goroutine leak\); send on or close done where the wait should end, or wait on another channel`
	}()
}

// peek only receives, with a way out.
func peek(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

func Wait() {
	ch := make(chan struct{})
	if peek(ch) {
		return
	}
	<-ch // want `receive from ch blocks forever: nothing can send on or close ch, its only other use passes it to peek`
}

func Select() {
	a := make(chan int)
	b := make(chan int, 1)
	select {
	case <-a: // want `select blocks forever: nothing can send on or close a, no other code can have it`
	case v := <-b:
		_ = v
	}
}

func Range() {
	ch := make(chan int)
	for v := range ch { // want `range over ch blocks forever: nothing can send on or close ch`
		fmt.Println(v)
	}
}

// Through a summary imported as a fact.
func Imported() int {
	ch := make(chan int)
	n := deadlocalhelper.Count(ch, 1)
	n += <-ch // want `receive from ch blocks forever: nothing can send on or close ch, its only other use passes it to deadlocalhelper.Count`
	return n
}

// Silent twins.

func notify(done chan bool) { done <- true }

func Sent() {
	done := make(chan bool)
	go notify(done)
	<-done
}

func closer(done chan bool) { defer close(done) }

func Closed() {
	done := make(chan bool)
	go closer(done)
	<-done
}

func (c *conn) keep(done chan bool) { c.kept = done }

func Stored(c *conn) {
	done := make(chan bool)
	c.keep(done)
	<-done
}

func hand(done chan bool, f func(chan bool)) { f(done) }

func Handed(f func(chan bool)) {
	done := make(chan bool)
	hand(done, f)
	<-done
}

func later(done chan bool) {
	go func() { done <- true }()
}

func Captured() {
	done := make(chan bool)
	later(done)
	<-done
}

func many(cs ...chan bool) {}

func Variadic() {
	done := make(chan bool)
	many(done)
	<-done
}

func Converted() {
	done := make(chan bool)
	fmt.Println(done)
	<-done
}

func ImportedSender() int {
	ch := make(chan int)
	go deadlocalhelper.Signal(ch)
	return <-ch
}

func ImportedKeeper() int {
	ch := make(chan int)
	deadlocalhelper.Keep(ch)
	return <-ch
}

type waiter interface{ wait(chan bool) }

func Dynamic(w waiter) {
	done := make(chan bool)
	go w.wait(done)
	<-done
}

func recurse(done chan bool, n int) {
	if n > 0 {
		recurse(done, n-1)
	}
}

func Recursive() {
	done := make(chan bool)
	recurse(done, 3)
	<-done
}

func run(f func()) {}

// The literal is handed to other code, which may never call it.
func Callback() {
	done := make(chan bool)
	run(func() { <-done })
}

func Default() {
	done := make(chan bool)
	select {
	case <-done:
	default:
	}
}

func Returned() chan bool {
	done := make(chan bool)
	go func() { <-done }()
	return done
}

func Sender() {
	done := make(chan bool)
	go func() { done <- true }()
	<-done
}

// A goroutine's range: rangeleak's.
func GoRange() {
	ch := make(chan int)
	go func() {
		for range ch {
		}
	}()
}

var ready = make(chan bool)

func init() {
	done := make(chan bool)
	go func() { <-done }()
	<-ready
}

func AsInterface(f func(any)) {
	done := make(chan bool)
	var x any = done
	f(x)
	<-done
}

func StoredHere(c *conn) {
	done := make(chan bool)
	c.kept = done
	<-done
}

// A callee that neither sends on, closes nor keeps the channel,
// passed along through another such callee.
func (c *conn) relay(done chan bool) { c.watcher(done) }

func Relayed(c *conn) {
	done := make(chan bool)
	c.relay(done)
	c.relay(done)
	select {
	case <-done: // want `select blocks forever: nothing can send on or close done, it is only passed to conn.relay, which neither sends on it, closes it nor keeps it`
	}
}
