// Package escapes covers channels that flow where the pass cannot see:
// stored in a field or global, assigned, sent, passed to a function,
// received by another goroutine. Every case is silent.
package escapes

import "time"

type S struct{ ch chan int }

var global chan int

func handle(chan int) {}

func okField(s *S) int {
	ch := make(chan int)
	s.ch = ch // ok: stored in a field
	go func() { ch <- 1 }()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

func okGlobal() int {
	ch := make(chan int)
	global = ch // ok: stored in a global
	go func() { ch <- 1 }()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

func okPassed() int {
	ch := make(chan int)
	go func() { ch <- 1 }()
	handle(ch) // ok: handle may receive
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

func okOtherReceiver() int {
	ch := make(chan int)
	go func() { ch <- 1 }()
	go func() { <-ch }() // ok: another goroutine receives
	return 0
}

func okAliased() int {
	ch := make(chan int)
	alias := ch // ok: aliased
	_ = alias
	go func() { ch <- 1 }()
	return 0
}

func okSentOn(chs chan chan int) { // want okSentOn:"sends on chs#0 once"
	ch := make(chan int)
	chs <- ch // ok: handed to someone else
	go func() { ch <- 1 }()
}

func okSlice() int {
	chs := []chan int{make(chan int)}
	go func() { chs[0] <- 1 }() // ok: not a local channel variable
	return 0
}

func okParam(ch chan int) int {
	go func() { ch <- 1 }() // ok: the caller owns ch
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

// A long-lived loop owned by a struct, with a shutdown path.
type Server struct {
	reqs chan int
	quit chan struct{}
}

func (s *Server) Start() {
	go func() {
		for {
			select {
			case r := <-s.reqs:
				_ = r
			case <-s.quit:
				return
			}
		}
	}()
}

func (s *Server) Do(r int) {
	s.reqs <- r // ok: a field, served by the loop
}

func (s *Server) Stop() { close(s.quit) }
