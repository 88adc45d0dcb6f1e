// Package pipeline has workers that select on a context nothing
// cancels, a receive loop that gives up on cancellation while its
// producer cannot, a future fed by two goroutines, a loop stopped
// through a cancel function kept in a field and a loop started only
// the first time; package use calls its exported helpers from another
// package.
package pipeline

import (
	"context"
	"errors"
	"sync"
	"time"
)

var errBad = errors.New("bad")

// FirstBad returns on the first bad value; the workers' select on ctx
// is no way out, since nothing ever cancels ctx.
func FirstBad(xs []int) ([]int, error) {
	ctx := context.WithValue(context.Background(), errBad, 1)
	var wg sync.WaitGroup
	results := make(chan int)
	for _, x := range xs {
		wg.Go(func() {
			select {
			case results <- x * x: // leakvet:want sendleak
			case <-ctx.Done():
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var out []int
	for r := range results {
		if r < 0 {
			return nil, errBad
		}
		out = append(out, r)
	}
	return out, nil
}

// FirstBadCancelled cancels the workers' context when it returns.
func FirstBadCancelled(xs []int) ([]int, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	results := make(chan int)
	for _, x := range xs {
		wg.Go(func() {
			select {
			case results <- x * x:
			case <-ctx.Done():
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var out []int
	for r := range results {
		if r < 0 {
			return nil, errBad
		}
		out = append(out, r)
	}
	return out, nil
}

// Produce sends every x, with no way out, and closes ch.
func Produce(ch chan<- int, xs []int) {
	for _, x := range xs {
		ch <- x
	}
	close(ch)
}

// Collect sums what ch receives until it is closed, or until ctx is
// done.
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

// Sum stops receiving when ctx is done; Produce goes on sending.
func Sum(ctx context.Context, xs []int) int {
	ch := make(chan int)
	go Produce(ch, xs) // leakvet:want sendleak
	sum := 0
	for v := range ch {
		if ctx.Err() != nil {
			return sum
		}
		sum += v
	}
	return sum
}

// SumDrained drains ch after the cancellation.
func SumDrained(ctx context.Context, xs []int) int {
	ch := make(chan int)
	go Produce(ch, xs)
	sum := 0
	for v := range ch {
		if ctx.Err() != nil {
			break
		}
		sum += v
	}
	for range ch {
	}
	return sum
}

// Race returns the first of two answers; the other goroutine blocks
// unless the caller receives twice.
func Race(a, b int) <-chan int {
	ch := make(chan int)
	go func() { ch <- a }()
	go func() { ch <- b }()
	return ch
}

func race(a, b int) <-chan int {
	ch := make(chan int)
	go func() { ch <- a }() // leakvet:want callleak
	go func() { ch <- b }()
	return ch
}

// First takes the first answer only.
func First(a, b int) int {
	return <-race(a, b)
}

func raceBuffered(a, b int) <-chan int {
	ch := make(chan int, 1)
	go func() { ch <- a }()
	go func() { ch <- b }()
	return ch
}

// FirstBuffered takes the first answer; the buffer holds the other.
func FirstBuffered(a, b int) int {
	return <-raceBuffered(a, b)
}

// A Ticker ticks until Close cancels its context.
type Ticker struct {
	cancel context.CancelFunc
	C      chan time.Time
}

// NewTicker returns a ticker, not started.
func NewTicker() *Ticker { return &Ticker{C: make(chan time.Time)} }

// Start starts the ticker's goroutine; Close ends it.
func (t *Ticker) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	t.cancel = cancel
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case t.C <- time.Now():
			}
		}
	}()
}

// Close ends the ticker's goroutine.
func (t *Ticker) Close() { t.cancel() }

// A Lazy value starts its goroutine the first time only.
type Lazy struct {
	started bool
	quit    chan struct{}
}

// NewLazy returns a value, not started.
func NewLazy() *Lazy { return &Lazy{quit: make(chan struct{})} }

// Start starts the goroutine, once.
func (l *Lazy) Start() {
	if l.started {
		return
	}
	l.started = true
	go func() { <-l.quit }()
}

// Stop ends the goroutine.
func (l *Lazy) Stop() { close(l.quit) }

// Tick reads n ticks, and forgets Close when n is negative.
func Tick(n int) error {
	t := NewTicker()
	t.Start() // leakvet:want callleak
	if n < 0 {
		return errBad
	}
	for range n {
		<-t.C
	}
	t.Close()
	return nil
}

// Warm starts the lazy value and forgets to stop it when n is zero.
func Warm(n int) int {
	l := NewLazy()
	l.Start() // leakvet:want callleak
	if n == 0 {
		return 0
	}
	l.Stop()
	return n
}

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
		return errBad
	}
	go func() { <-s.quit }()
	return nil
}

// Close ends the server's goroutine.
func (s *Server) Close() { close(s.quit) }

// A Poller polls from the moment it is made, until Stop.
type Poller struct {
	quit chan struct{}
}

// NewPoller returns a poller whose goroutine is already running.
func NewPoller() *Poller {
	p := &Poller{quit: make(chan struct{})}
	go p.loop()
	return p
}

func (p *Poller) loop() { <-p.quit }

// Stop ends the poller's goroutine.
func (p *Poller) Stop() { close(p.quit) }

// Dial returns a poller for addr, already running, or an error and no
// goroutine.
func Dial(addr string) (*Poller, error) {
	if addr == "" {
		return nil, errBad
	}
	p := &Poller{quit: make(chan struct{})}
	go p.loop()
	return p, nil
}
