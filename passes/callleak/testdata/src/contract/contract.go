// Package contract covers start methods called without their stop
// method, with the silent twins.
package contract

import (
	"context"
	"errors"
)

// A Worker runs a loop until Stop closes quit.
type Worker struct {
	quit chan struct{}
	jobs chan int
	n    int
}

func NewWorker() *Worker {
	return &Worker{quit: make(chan struct{}), jobs: make(chan int)}
}

func (w *Worker) Start() {
	go w.loop()
}

func (w *Worker) loop() {
	for {
		select {
		case <-w.quit:
			return
		case j := <-w.jobs:
			w.n += j
		}
	}
}

func (w *Worker) Stop() { close(w.quit) }

func (w *Worker) Count() int { return w.n }

func (w *Worker) Register() { registry = append(registry, w) }

var registry []*Worker

var errBad = errors.New("bad")

func Process(xs []int) error {
	w := NewWorker()
	w.Start() // want `w.Start starts a goroutine that only w.Stop ends, but Process can return without calling it \(possible goroutine leak\); call w.Stop on every path, e.g. defer w.Stop\(\)`
	for _, x := range xs {
		if x < 0 {
			return errBad
		}
	}
	w.Stop()
	return nil
}

func Literal() int {
	w := &Worker{quit: make(chan struct{})}
	w.Start() // want `w.Start starts a goroutine that only w.Stop ends, but Literal can return without calling it`
	return w.Count()
}

func ZeroValue(bad bool) {
	var w Worker
	w.quit = make(chan struct{})
	w.Start() // want `but ZeroValue can return without calling it`
	if bad {
		return
	}
	w.Stop()
}

func okDeferred(xs []int) error {
	w := NewWorker()
	w.Start() // ok: deferred stop
	defer w.Stop()
	for _, x := range xs {
		if x < 0 {
			return errBad
		}
	}
	return nil
}

func okEveryPath(bad bool) error {
	w := NewWorker()
	w.Start() // ok: stopped on both paths
	if bad {
		w.Stop()
		return errBad
	}
	w.Stop()
	return nil
}

func okReturned() *Worker {
	w := NewWorker()
	w.Start() // ok: the caller owns it
	return w
}

type holder struct{ w *Worker }

func (h *holder) okStored() {
	w := NewWorker()
	w.Start() // ok: stored in a field
	h.w = w
}

func okPassed() {
	w := NewWorker()
	w.Start() // ok: passed on
	keep(w)
}

func keep(*Worker) {}

func okRegister() {
	w := NewWorker()
	w.Start() // ok: Register keeps w
	w.Register()
}

func okParam(w *Worker) {
	w.Start() // ok: not made here
}

func okShared() {
	w := shared()
	w.Start() // ok: shared may return a value held elsewhere
}

var global = NewWorker()

func shared() *Worker { return global }

func okForever() {
	w := NewWorker()
	w.Start() // ok: never returns
	for {
	}
}

func okInLiteral() {
	w := NewWorker()
	w.Start() // ok: stopped in a deferred literal
	defer func() { w.Stop() }()
}

// Closer stops through a method that calls the stop method.
type Closer struct{ quit chan struct{} }

func (c *Closer) Run() {
	go func() { <-c.quit }()
}

func (c *Closer) shutdown() { close(c.quit) }

func (c *Closer) Close() error {
	c.shutdown()
	return nil
}

func UseCloser(bad bool) error {
	c := &Closer{quit: make(chan struct{})}
	c.Run() // want `c.Run starts a goroutine that only c.Close or c.shutdown ends, but UseCloser can return without calling it \(possible goroutine leak\); call c.Close on every path`
	if bad {
		return errBad
	}
	return c.Close()
}

// selfStopping's goroutine also ends on its own.
type selfStopping struct {
	quit chan struct{}
	in   chan int
}

func (s *selfStopping) start() {
	go func() {
		for {
			select {
			case <-s.quit:
				return
			case v := <-s.in:
				if v < 0 {
					return
				}
			}
		}
	}()
}

func (s *selfStopping) stop() { close(s.quit) }

func feed(s *selfStopping) { s.in <- -1 }

func okSelfStopping() {
	s := &selfStopping{}
	s.start() // ok: a function of the package can end the goroutine
}

// Generics: a generic type with a start method.
type Box[T any] struct {
	quit chan struct{}
	v    T
}

func (b *Box[T]) Start() {
	go func() { <-b.quit }()
}

func (b *Box[T]) Stop() { close(b.quit) }

func Generic() {
	b := &Box[int]{quit: make(chan struct{})}
	b.Start() // want `b.Start starts a goroutine that only b.Stop ends, but Generic can return without calling it`
}

func okGeneric() {
	b := &Box[string]{quit: make(chan struct{})}
	b.Start() // ok
	b.Stop()
}

func okMethodValue() {
	w := NewWorker()
	w.Start() // ok: the method value may be called anywhere
	stop := w.Stop
	stop()
}

// A Runner's quit channel comes from its maker, who may close it: the
// field is set in a composite literal from a parameter, so Stop is not
// the only way to end the loop.
type Runner struct {
	quit chan struct{}
}

func NewRunner(quit chan struct{}) *Runner { return &Runner{quit: quit} }

func (r *Runner) Start() { go r.loop() }

func (r *Runner) loop() {
	<-r.quit
}

func (r *Runner) Stop() { close(r.quit) }

func ExternalQuit(quit chan struct{}, fail bool) error {
	r := NewRunner(quit)
	r.Start() // ok: the caller's quit channel ends the loop too
	if fail {
		return errBad
	}
	r.Stop()
	return nil
}

// A Poller's quit channel is set by a method from its argument: the
// same, through an assignment.
type Poller struct {
	quit chan struct{}
}

func (p *Poller) SetQuit(quit chan struct{}) { p.quit = quit }

func (p *Poller) Start() { go p.loop() }

func (p *Poller) loop() {
	<-p.quit
}

func (p *Poller) Stop() { close(p.quit) }

func AssignedQuit(quit chan struct{}, fail bool) error {
	p := &Poller{}
	p.SetQuit(quit)
	p.Start() // ok: the caller's quit channel ends the loop too
	if fail {
		return errBad
	}
	p.Stop()
	return nil
}

// A Ticker2 makes its own quit channel in its constructor, as Worker
// does: still a leak when the stop is skipped.
type Ticker2 struct {
	quit chan struct{}
}

func NewTicker2() *Ticker2 {
	t := &Ticker2{}
	t.quit = make(chan struct{})
	return t
}

func (t *Ticker2) Start() { go t.loop() }

func (t *Ticker2) loop() {
	<-t.quit
}

func (t *Ticker2) Stop() { close(t.quit) }

func OwnQuit(fail bool) error {
	t := NewTicker2()
	t.Start() // want `t.Start starts a goroutine that only t.Stop ends, but OwnQuit can return without calling it`
	if fail {
		return errBad
	}
	t.Stop()
	return nil
}

// A generic loop stopped through a cancel function in a field.
type Loop[T any] struct {
	cancel context.CancelFunc
	in     chan T
}

func (l *Loop[T]) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	l.cancel = cancel
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case v := <-l.in:
				_ = v
			}
		}
	}()
}

func (l *Loop[T]) Stop() { l.cancel() }

func CancelField(fail bool) error {
	l := &Loop[int]{in: make(chan int)}
	l.Start() // want `l.Start starts a goroutine that only l.Stop ends, but CancelField can return without calling it`
	if fail {
		return errors.New("fail")
	}
	l.Stop()
	return nil
}

func okCancelFieldDeferred() {
	l := &Loop[string]{}
	l.Start() // ok: deferred stop
	defer l.Stop()
}

func okCancelMethodValue() {
	l := &Loop[int]{}
	l.Start() // ok: the method value may be called anywhere
	defer func() { stop := l.Stop; stop() }()
}

// A loop started only when enabled.
type Opt struct {
	enabled bool
	quit    chan struct{}
}

func (o *Opt) Start() {
	if !o.enabled {
		return
	}
	go func() { <-o.quit }()
}

func (o *Opt) Stop() { close(o.quit) }

func Conditional(n int) int {
	o := &Opt{enabled: true, quit: make(chan struct{})}
	o.Start() // want `o.Start may start a goroutine that only o.Stop ends, but Conditional can return without calling it`
	if n > 0 {
		return n
	}
	o.Stop()
	return 0
}

func okConditional(n int) int {
	o := &Opt{quit: make(chan struct{})}
	o.Start() // ok: stopped on both paths
	if n > 0 {
		o.Stop()
		return n
	}
	o.Stop()
	return 0
}

// A Server starts its loop unless opening fails.
type Server struct {
	quit chan struct{}
	open bool
}

func (s *Server) Start() error {
	if !s.open {
		return errors.New("not open")
	}
	go func() { <-s.quit }()
	return nil
}

func (s *Server) Close() { close(s.quit) }

func Serve(n int) error {
	s := &Server{quit: make(chan struct{}), open: true}
	if err := s.Start(); err != nil { // want `s.Start starts a goroutine that only s.Close ends, but Serve can return without calling it`
		return err // ok: nothing started
	}
	if n < 0 {
		return errors.New("negative")
	}
	s.Close()
	return nil
}

func okServe() error {
	s := &Server{quit: make(chan struct{})}
	if err := s.Start(); err != nil { // ok: returns only when the start failed
		return err
	}
	s.Close()
	return nil
}

func okServeAssigned() error {
	s := &Server{quit: make(chan struct{})}
	err := s.Start() // ok: the error is tested right after
	if err != nil {
		return err
	}
	defer s.Close()
	return nil
}

func okServeCompared() {
	s := &Server{quit: make(chan struct{})}
	if s.Start() != nil { // ok: returns only when the start failed
		return
	}
	s.Close()
}

func okServeIgnored() {
	s := &Server{quit: make(chan struct{})}
	_ = s.Start() // ok: the error is not tested: not followed
}

func ServeAssigned(n int) error {
	s := &Server{quit: make(chan struct{})}
	err := s.Start() // want `s.Start starts a goroutine that only s.Close ends, but ServeAssigned can return without calling it`
	if err != nil {
		return err
	}
	if n < 0 {
		return err
	}
	s.Close()
	return nil
}

// A Sampler's constructor starts its loop; Stop ends it.
type Sampler struct {
	quit chan struct{}
	n    int
}

func NewSampler() *Sampler {
	p := &Sampler{quit: make(chan struct{})}
	go p.loop()
	return p
}

func (p *Sampler) loop() { <-p.quit }

func (p *Sampler) Stop() { close(p.quit) }

func (p *Sampler) Count() int { return p.n }

func Sample(n int) int {
	p := NewSampler() // want `NewSampler starts a goroutine that only p.Stop ends, but Sample can return without calling it`
	if p.Count() < n {
		return 0
	}
	p.Stop()
	return n
}

func okSample() {
	p := NewSampler() // ok: deferred stop
	defer p.Stop()
}

func okSampleReturned() *Sampler {
	p := NewSampler() // ok: the caller owns it
	return p
}

func okSampleStored(s *struct{ p *Sampler }) {
	p := NewSampler() // ok: stored
	s.p = p
}

func okSampleMethodValue() {
	p := NewSampler() // ok: the method value may be called anywhere
	stop := p.Stop
	stop()
}
