// Package basic exercises the field model: operations, aliases,
// parameters, escapes, and fields named in files without any channel
// operation (other.go).
package basic

import (
	"context"
	"sync"
	"time"
)

type S struct {
	c      chan int           // want "chan c unbuffered"
	d      chan int           // want "chan d escaped@60"
	e      chan int           // want "chan e recv-only"
	g      chan int           // want "chan g foreign@10"
	wg     sync.WaitGroup     // want "waitgroup wg"
	t      *time.Ticker       // want "ticker t"
	ctx    context.Context    // want "context ctx"
	cancel context.CancelFunc // want "cancel cancel"
	Pub    chan int
}

func New() *S {
	s := &S{c: make(chan int)}                                 // want "assign c"
	s.ctx, s.cancel = context.WithCancel(context.Background()) // want "assign ctx" "assign cancel"
	s.t = time.NewTicker(time.Second)                          // want "assign t"
	go s.loop()
	return s
}

func (s *S) loop() {
	s.wg.Add(1)       // want "call wg.Add"
	defer s.wg.Done() // want "call wg.Done deferred"
	for {
		select {
		case v := <-s.c: // want "select-recv c .select."
			_ = v
		case <-s.t.C: // want "select-recv-c t .select."
		case <-s.ctx.Done(): // want "select-recv-c ctx .select."
			return
		}
	}
}

func (s *S) Send(v int) {
	s.c <- v // want "send c"
	c := s.c
	close(c) // want "close c"
	feed(s.c)
}

func feed(ch chan int) {
	ch <- 1        // want "send c"
	for range ch { // want "range c"
	}
}

func (s *S) Leak() []chan int {
	return []chan int{s.d}
}

func (s *S) E() <-chan int { return s.e }

func (s *S) Stop() {
	s.t.Stop()  // want "call t.Stop"
	s.wg.Wait() // want "call wg.Wait"
	<-s.Pub
}

// A local channel stored in a field is the field.
type L struct {
	done chan struct{} // want "chan done unbuffered"
	twin chan struct{} // want "chan twin escaped@89 unbuffered"
	both chan struct{} // want "chan both escaped@88 unbuffered"
}

func NewL() *L {
	done := make(chan struct{})
	go func() {
		close(done) // want "close done"
	}()
	return &L{done: done} // want "assign done"
}

func NewTwin() *L {
	ch := make(chan struct{})
	l := &L{twin: ch} // want "assign twin"
	l.both = ch       // want "assign both"
	return l
}
