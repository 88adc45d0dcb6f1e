// Package contract covers start methods called without their stop
// method, with the silent twins.
package contract

import "errors"

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
