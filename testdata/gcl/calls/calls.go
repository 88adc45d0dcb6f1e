// Package calls declares helpers whose summaries package gcl uses
// across the package boundary (facts): a producer, a receiver that
// gives up on cancellation, a future fed by two goroutines, and a
// ticker stopped through a cancel function in a field.
package calls

import "context"

// Produce sends every x, with no way out, and closes ch.
func Produce(ch chan<- int, xs []int) {
	for _, x := range xs {
		ch <- x
	}
	close(ch)
}

// Collect sums what ch receives until it is closed or ctx is done.
func Collect(ctx context.Context, ch <-chan int) int {
	sum := 0
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return sum
			}
			sum += v
		case <-ctx.Done():
			return sum
		}
	}
}

// Race returns the first of two answers.
func Race(a, b int) <-chan int {
	ch := make(chan int)
	go func() { ch <- a }()
	go func() { ch <- b }()
	return ch
}

// A Ticker runs until Close cancels its context.
type Ticker struct {
	cancel context.CancelFunc
	c      chan int
}

// NewTicker returns a ticker, not started.
func NewTicker() *Ticker { return &Ticker{c: make(chan int)} }

// Start starts the ticker's goroutine.
func (t *Ticker) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	t.cancel = cancel
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case t.c <- 1:
			}
		}
	}()
}

// Close ends the ticker's goroutine.
func (t *Ticker) Close() { t.cancel() }

// A Server serves until Close, once Start succeeded.
type Server struct {
	quit chan struct{}
	addr string
}

// NewServer returns a server for addr, not started.
func NewServer(addr string) *Server { return &Server{quit: make(chan struct{}), addr: addr} }

// Start starts the server's goroutine, unless addr is empty.
func (s *Server) Start() error {
	if s.addr == "" {
		return context.Canceled
	}
	go func() { <-s.quit }()
	return nil
}

// Close ends the server's goroutine.
func (s *Server) Close() { close(s.quit) }

// A Poller polls from the moment it is made, until Stop.
type Poller struct{ quit chan struct{} }

// NewPoller returns a poller whose goroutine is already running.
func NewPoller() *Poller {
	p := &Poller{quit: make(chan struct{})}
	go func() { <-p.quit }()
	return p
}

// Stop ends the poller's goroutine.
func (p *Poller) Stop() { close(p.quit) }

// Dial returns a running poller, or an error and no goroutine.
func Dial(addr string) (*Poller, error) {
	if addr == "" {
		return nil, context.Canceled
	}
	p := &Poller{quit: make(chan struct{})}
	go func() { <-p.quit }()
	return p, nil
}
