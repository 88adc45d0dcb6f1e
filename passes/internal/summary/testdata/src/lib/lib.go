package lib // want package:"exports\\(Drain Fetch NewWorker Reply Ticker Wait Worker.Close Worker.Ping Worker.Start Worker.Stop\\)"

// The package declares functions whose summaries the tests check: as
// facts for the exported ones (want), as in-package summaries for all
// (the "summary:" line of the doc comment).

import (
	"context"
	"errors"
	"time"
)

// summary: resc#0(sends 1..2 when err != nil)
func Reply(resc chan<- error, err error) { // want Reply:"resc#0\\(sends 1..2 when err != nil\\)"
	if err != nil {
		resc <- err
	}
	resc <- nil
}

// summary: ch#0(sends 1..2)
func replyTwice(ch chan error, err error) {
	Reply(ch, err)
}

// summary: ch#1(recvs 0..1,no-recv via ctx.Done() (#0))
func Wait(ctx context.Context, ch <-chan int) (int, error) { // want Wait:"ch#1\\(recvs 0..1,no-recv via ctx.Done\\(\\) \\(#0\\)\\)"
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// summary: ch#0(recvs 0..1,no-recv via time.After)
func waitTimeout(ch <-chan int) int {
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

// summary: ch#0(recvs 0..1,no-recv via default)
func poll(ch <-chan int) int {
	select {
	case v := <-ch:
		return v
	default:
		return 0
	}
}

// summary: ch#0(recvs 0..loop,drains)
func Drain(ch <-chan int) int { // want Drain:"ch#0\\(recvs 0..loop,drains\\)"
	n := 0
	for v := range ch {
		n += v
	}
	return n
}

// summary: ch#1(sends-out)
func careful(ctx context.Context, ch chan<- int) {
	select {
	case ch <- 1:
	case <-ctx.Done():
	}
}

// summary: ch#0(escapes)
func store(ch chan int) {
	global = ch
}

var global chan int

// summary: ch#0(sends 0..loop,closes)
func produce(ch chan<- int, xs []int) {
	for _, x := range xs {
		ch <- x
	}
	close(ch)
}

// summary: ch#0(escapes)
func spawn(ch chan int) {
	go func() { ch <- 1 }()
}

// summary: future(ch#0 cap 0 sends 1)
func Fetch(url string) <-chan error { // want Fetch:"future\\(ch#0 cap 0 sends 1\\)"
	ch := make(chan error)
	go func() {
		ch <- errors.New(url)
	}()
	return ch
}

// summary: future(ch#0 cap 1 sends 1)
func fetchBuffered(url string) <-chan error {
	ch := make(chan error, 1)
	go func() { ch <- errors.New(url) }()
	return ch
}

// summary: none
func fetchCareful(ctx context.Context) <-chan int {
	ch := make(chan int)
	go func() {
		select {
		case ch <- 1:
		case <-ctx.Done():
		}
	}()
	return ch
}

// summary: future(ch#0 cap 0 sends 1..loop)
func Ticker() <-chan int { // want Ticker:"future\\(ch#0 cap 0 sends 1..loop\\)"
	ch := make(chan int)
	go func() {
		for {
			ch <- 1
		}
	}()
	return ch
}

// A Worker runs a loop until Stop closes quit.
type Worker struct {
	quit chan struct{}
	jobs chan int
	n    int
}

// summary: fresh
func NewWorker() *Worker { // want NewWorker:"fresh"
	w := &Worker{quit: make(chan struct{})}
	w.n = 1
	return w
}

// summary: none
func newShared() *Worker {
	w := &Worker{}
	shared = w
	return w
}

var shared *Worker

// summary: start(quit stopped by Close,Stop)
func (w *Worker) Start() { // want Start:"start\\(quit stopped by Close,Stop\\)"
	go w.loop()
}

// summary: stays
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

// summary: stays
func (w *Worker) Stop() { // want Stop:"stays"
	close(w.quit)
}

// summary: stays
func (w *Worker) Close() error { // want Close:"stays"
	w.Stop()
	return nil
}

// summary: stays
func (w *Worker) Ping() int { // want Ping:"stays"
	return w.n
}

// summary: none
func (w *Worker) register() {
	shared = w
}

// A Pump stops when its input is closed; sending on it does not stop it.
type pump struct {
	in chan int
}

// summary: start(in stopped by close) stays
func (p *pump) start() {
	go func() {
		for v := range p.in {
			_ = v
		}
	}()
}

// summary: stays
func (p *pump) send(v int) { p.in <- v }

// summary: stays
func (p *pump) close() { close(p.in) }

// selfStop stops its own goroutine: not a contract for the caller.
type selfStop struct{ quit chan struct{} }

// summary: none
func (s *selfStop) start() {
	go func() { <-s.quit }()
	close(s.quit)
}

// leaky's loop also returns when a function of the package sends a
// negative number: no contract.
type leaky struct {
	quit chan struct{}
	in   chan int
}

func feed(l *leaky) { l.in <- -1 }

// summary: none
func (l *leaky) start() {
	go func() {
		for {
			select {
			case <-l.quit:
				return
			case v := <-l.in:
				if v < 0 {
					return
				}
			}
		}
	}()
}

// summary: none
func (l *leaky) stop() { close(l.quit) }

// summary: ch#0(sends 2)
func sendTwice[T any](ch chan<- T, v T) {
	ch <- v
	ch <- v
}

// summary: ch#0(sends 2)
func viaGeneric(ch chan int) {
	sendTwice(ch, 1)
}

// A box is a generic type with a start method and a method value stop.
type box[T any] struct {
	quit chan struct{}
	v    T
}

// summary: start(quit stopped by stop) stays
func (b *box[T]) start() {
	go func() {
		<-b.quit
	}()
}

// summary: stays
func (b *box[T]) stop() { close(b.quit) }

// A generic worker whose stop channel a function sends on through an
// instance of the type: no contract.
type gworker[T any] struct {
	exit chan struct{}
	arg  chan T
}

// summary: none
func (w *gworker[T]) run() {
	go func() {
		for {
			select {
			case <-w.exit:
				return
			case v := <-w.arg:
				_ = v
			}
		}
	}()
}

// summary: none
func (w *gworker[T]) finish() { w.exit <- struct{}{} }

func push[T any](x any) { x.(*gworker[T]).exit <- struct{}{} }

type holder struct{ ctx context.Context }

// summary: ch#0(recvs 0..1)
func (h *holder) wait(ch <-chan int) int {
	select {
	case v := <-ch:
		return v
	case <-h.ctx.Done(): // a field: not a way out the caller provides
		return 0
	}
}

// A marker's loop also returns when its closer, a parameter, is closed:
// no contract.
type marker struct{ markCh chan int }

// summary: closer#0(escapes)
func (m *marker) init(closer chan struct{}) {
	go m.process(closer)
}

// summary: closer#0(recvs 1)
func (m *marker) process(closer chan struct{}) {
	for {
		select {
		case <-closer:
			return
		case v := <-m.markCh:
			_ = v
		}
	}
}

// summary: none
func (m *marker) begin(v int) { m.markCh <- v }

// summary: ch#0(sends 1)
func deadLoop(ch chan<- int) {
	ch <- 1
	return
	for {
		ch <- 2
	}
}

// A ticker loop whose context's cancel function only a field keeps.
type cworker struct {
	cancel context.CancelFunc
	jobs   chan int
}

// summary: start(cancel stopped by stop) stays
func (w *cworker) start() {
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case j := <-w.jobs:
				_ = j
			}
		}
	}()
}

// summary: stays
func (w *cworker) stop() {
	if w.cancel != nil {
		w.cancel()
	}
}

// The context and its cancel function both in fields, and a method
// goroutine.
type fworker struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// summary: start(cancel stopped by close)
func (w *fworker) start() {
	w.ctx, w.cancel = context.WithCancel(context.TODO())
	go w.loop()
}

// summary: stays
func (w *fworker) loop() {
	<-w.ctx.Done()
}

// summary: stays
func (w *fworker) close() { w.cancel() }

// A context from the caller: the caller may cancel it.
type pworker struct{ cancel context.CancelFunc }

// summary: none
func (w *pworker) start(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	w.cancel = cancel
	go func() { <-ctx.Done() }()
}

// summary: none
func (w *pworker) stop() { w.cancel() }

// The cancel function is also deferred by the start method.
type dworker struct{ cancel context.CancelFunc }

// summary: none
func (w *dworker) start() {
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	defer cancel()
	go func() { <-ctx.Done() }()
}

// summary: none
func (w *dworker) stop() { w.cancel() }

// The goroutine cancels its own context.
type gcworker struct{ cancel context.CancelFunc }

// summary: none
func (w *gcworker) start() {
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	go func() {
		go w.cancel()
		<-ctx.Done()
	}()
}

// summary: none
func (w *gcworker) stop() { w.cancel() }

// once starts its loop the first time only.
type once struct {
	started bool
	quit    chan struct{}
}

// summary: start(quit stopped by stop maybe) stays
func (o *once) start() {
	if o.started {
		return
	}
	o.started = true
	go func() { <-o.quit }()
}

// summary: stays
func (o *once) stop() { close(o.quit) }

// summary: start(quit stopped by stop unless error) stays
func (o *once) tryStart() error { // starts unless it returns an error
	if o.started {
		return errors.New("started")
	}
	go func() { <-o.quit }()
	return nil
}

// summary: stays
func (o *once) startQuiet() error { // returns nil without starting: no contract
	if o.started {
		return nil
	}
	go func() { <-o.quit }()
	return nil
}

// summary: stays
func (o *once) startThenFail(fail bool) error { // fails after starting: no contract
	if o.started {
		return errors.New("started")
	}
	go func() { <-o.quit }()
	if fail {
		return errors.New("fail")
	}
	return nil
}

// A poller's constructor starts its loop.
type poller struct {
	quit chan struct{}
	n    int
}

// summary: start(quit stopped by stop new)
func newPoller() *poller {
	p := &poller{quit: make(chan struct{})}
	p.n = 1
	go p.loop()
	return p
}

// summary: start(quit stopped by stop new) fresh
func newPollerLit(n int) *poller {
	p := new(poller)
	p.quit = make(chan struct{})
	go func() {
		<-p.quit
		p.n = n
	}()
	return p
}

// summary: none
func newPollerShared() *poller {
	p := &poller{quit: make(chan struct{})}
	go p.loop()
	sharedPoller = p
	return p
}

var sharedPoller *poller

// summary: none
func newPollerMaybe(start bool) *poller {
	p := &poller{quit: make(chan struct{})}
	if start {
		go p.loop()
	}
	return p
}

// summary: stays
func (p *poller) loop() {
	<-p.quit
}

// summary: stays
func (p *poller) stop() { close(p.quit) }

// summary: start(quit stopped by stop new unless error)
func dialPoller(ok bool) (*poller, error) {
	if !ok {
		return nil, errors.New("no")
	}
	p := &poller{quit: make(chan struct{})}
	go p.loop()
	return p, nil
}

// summary: start(quit stopped by stop new unless error)
func openPoller() (*poller, error) {
	p := &poller{quit: make(chan struct{})}
	go p.loop()
	return p, nil
}

// summary: none
func dialPollerLate(ok bool) (*poller, error) { // fails after starting
	p := &poller{quit: make(chan struct{})}
	go p.loop()
	if !ok {
		return p, errors.New("no")
	}
	return p, nil
}
