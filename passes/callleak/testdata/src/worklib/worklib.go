// Package worklib declares a type with a start and a stop method,
// used from package crosspkg through facts.
package worklib

import (
	"context"
	"errors"
)

type Pool struct {
	done chan struct{}
	n    int
}

func New() *Pool { return &Pool{done: make(chan struct{})} }

func Shared() *Pool { return shared }

var shared = New()

func (p *Pool) Start() {
	go p.run()
}

func (p *Pool) run() {
	<-p.done
}

func (p *Pool) Stop() { p.done <- struct{}{} }

func (p *Pool) Size() int { return p.n }

func (p *Pool) Publish() { published = p }

var published *Pool

// A Ticker's loop ends when its context is cancelled; the cancel
// function is kept in a field that only Close calls.
type Ticker struct {
	cancel context.CancelFunc
	ticks  chan int
}

func NewTicker() *Ticker { return &Ticker{ticks: make(chan int)} }

func (t *Ticker) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	t.cancel = cancel
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case t.ticks <- 1:
			}
		}
	}()
}

func (t *Ticker) Close() { t.cancel() }

// A Lazy value starts its loop the first time only.
type Lazy struct {
	started bool
	quit    chan struct{}
}

func NewLazy() *Lazy { return &Lazy{quit: make(chan struct{})} }

func (l *Lazy) Start() {
	if l.started {
		return
	}
	l.started = true
	go func() { <-l.quit }()
}

func (l *Lazy) Stop() { close(l.quit) }

// A Server starts its loop unless it is closed already.
type Server struct {
	quit   chan struct{}
	closed bool
}

func NewServer() *Server { return &Server{quit: make(chan struct{})} }

func (s *Server) Start() error {
	if s.closed {
		return errClosed
	}
	go func() { <-s.quit }()
	return nil
}

func (s *Server) Close() { close(s.quit) }

var errClosed = errors.New("closed")

// A Watcher's constructor starts its loop; Close ends it.
type Watcher struct {
	done chan struct{}
}

func NewWatcher() *Watcher {
	w := &Watcher{done: make(chan struct{})}
	go func() { <-w.done }()
	return w
}

func (w *Watcher) Close() { close(w.done) }

// A Conn's constructor starts its reader unless the address is empty.
type Conn struct {
	done chan struct{}
}

func Dial(addr string) (*Conn, error) {
	if addr == "" {
		return nil, errors.New("no address")
	}
	c := &Conn{done: make(chan struct{})}
	go func() { <-c.done }()
	return c, nil
}

func (c *Conn) Close() { close(c.done) }
