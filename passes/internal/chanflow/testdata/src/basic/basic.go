// Package basic covers the classification of channel uses.
package basic

import "time"

var global = make(chan int) // globals are not modelled

type S struct{ ch chan int }

func sink(chan int) {}

func Ops(in <-chan int, s *S) { // want `chan in in Ops param`
	ch := make(chan int)     // want `chan ch in Ops unbuffered`
	buf := make(chan int, 1) // want `chan buf in Ops buffered`
	go func() {              // want `go in Ops lit loops=0`
		ch <- 1  // want `send ch in the function literal in Ops`
		buf <- 2 // want `send buf in the function literal in Ops`
	}()
	select {
	case v := <-ch: // want `select-recv ch in Ops \(select\)`
		_ = v
	case <-(buf): // want `select-recv buf in Ops \(select\)`
	case <-time.After(time.Second):
	}
	for i := 0; i < 3; i++ {
		go sink(ch) // want `arg ch in Ops loops=1 callee=sink go` `go in Ops callee=sink loops=1`
	}
	for v := range in { // want `range in in Ops`
		_ = v
	}
	<-in      // want `recv in in Ops`
	close(ch) // want `close ch in Ops`
	_ = len(buf)
	if ch == nil {
	}
	global <- 1
	s.ch = buf // want `escape buf in Ops`
}

func Returned() <-chan int {
	out := make(chan int) // want `chan out in Returned unbuffered`
	go func() {           // want `go in Returned lit loops=0`
		defer close(out) // want `close out in the function literal in Returned`
		out <- 1         // want `send out in the function literal in Returned`
	}()
	return out // want `return out in Returned`
}

func Escapes() {
	a := make(chan int) // want `chan a in Escapes unbuffered escapes`
	b := a              // want `escape a in Escapes` `chan b in Escapes`
	_ = b
	c := make(chan chan int) // want `chan c in Escapes unbuffered`
	c <- a                   // want `send c in Escapes` `escape a in Escapes`
}

func Reassigned() {
	ch := make(chan int) // want `chan ch in Reassigned`
	ch = make(chan int, 1)
	_ = ch
}

type T struct{}

func (t *T) Method(done chan struct{}) { // want `chan done in T.Method param`
	for {
		select {
		case done <- struct{}{}: // want `select-send done in T.Method \(select\) loops=1`
			return
		default:
		}
	}
}

func Generic[C ~chan int](c C) { // want `chan c in Generic param`
	c <- 1 // want `send c in Generic`
}
