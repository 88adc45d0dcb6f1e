// Package basic covers each rule of fieldleak on objects whose fields
// are in the closed world.
package basic

import (
	"context"
	"sync"
	"time"
)

// unserviced: nothing closes ix.stopc.
type Indexer struct {
	reqs  chan string
	stopc chan struct{}
}

func NewIndexer() *Indexer {
	ix := &Indexer{reqs: make(chan string), stopc: make(chan struct{})}
	go ix.loop() // want `goroutine started by Indexer.loop never returns: it exits only on ix.stopc, which nothing in the package closes or sends on \(possible goroutine leak\)`
	return ix
}

func (ix *Indexer) loop() {
	for {
		select {
		case r := <-ix.reqs:
			_ = r
		case <-ix.stopc:
			return
		}
	}
}

func (ix *Indexer) Add(s string) { ix.reqs <- s }

func (ix *Indexer) Close() {}

// unserviced, with a function literal and a labelled break.
type Pump struct {
	in   chan int
	quit chan bool
}

func (p *Pump) Start() {
	p.in = make(chan int, 4)
	p.quit = make(chan bool)
	go func() { // want `goroutine started in Pump.Start never returns: it exits only on p.quit`
	loop:
		for {
			select {
			case v := <-p.in:
				_ = v
			case <-p.quit:
				break loop
			}
		}
	}()
}

func (p *Pump) Put(v int) { p.in <- v }

// unserviced: a plain receive on a channel nothing sends on.
type Waiter struct {
	ready chan struct{}
}

func (w *Waiter) WaitThen(f func()) {
	go func() {
		<-w.ready // want `receive from w.ready blocks forever: nothing in the package sends on or closes w.ready`
		f()
	}()
}

// ok: not in a goroutine; the package may be analysed without the tests
// that close the channel.
func (w *Waiter) Wait() {
	<-w.ready
}

func NewWaiter() *Waiter { return &Waiter{ready: make(chan struct{})} }

// The field seen through a local variable.
type Relay struct {
	done chan struct{}
}

func (r *Relay) Start() {
	go r.wait()
}

func (r *Relay) wait() {
	d := r.done
	<-d // want `receive from d blocks forever: nothing in the package sends on or closes d`
}

// ignored: the loop has no exit, though Close closes s.quit.
type Server struct {
	jobs chan int
	quit chan struct{}
}

func NewServer() *Server {
	s := &Server{jobs: make(chan int), quit: make(chan struct{})}
	go s.run() // want `goroutine started by Server.run never returns: its loop has no exit and does not select on s.quit, which Server.Close closes`
	return s
}

func (s *Server) run() {
	for {
		j := <-s.jobs
		_ = j
	}
}

func (s *Server) Submit(j int) {
	select {
	case s.jobs <- j:
	case <-s.quit:
	}
}

func (s *Server) Close() { close(s.quit) }

// exited: the worker returns on w.stop, Submit sends without selecting
// on it.
type Worker struct {
	tasks chan func()
	stop  chan struct{}
}

func NewWorker() *Worker {
	w := &Worker{tasks: make(chan func()), stop: make(chan struct{})}
	go w.run()
	return w
}

func (w *Worker) run() {
	for {
		select {
		case t := <-w.tasks:
			t()
		case <-w.stop:
			return
		}
	}
}

func (w *Worker) Submit(t func()) {
	w.tasks <- t // want `send on w.tasks may block forever: its only receiver, the loop of the goroutine running Worker.run, returns on w.stop`
}

// exited: poll the stop channel, then send in default.
func (w *Worker) TrySubmit(t func()) {
	select {
	case <-w.stop:
		return
	default:
		w.tasks <- t // want `send on w.tasks may block forever`
	}
}

func (w *Worker) Stop() { close(w.stop) }

// exited, with a context field.
type Feeder struct {
	ctx    context.Context
	cancel context.CancelFunc
	items  chan string
}

func NewFeeder() *Feeder {
	f := &Feeder{items: make(chan string)}
	f.ctx, f.cancel = context.WithCancel(context.Background())
	go f.loop()
	return f
}

func (f *Feeder) loop() {
	for {
		select {
		case it := <-f.items:
			_ = it
		case <-f.ctx.Done():
			return
		}
	}
}

func (f *Feeder) Feed(s string) {
	f.items <- s // want `send on f.items may block forever: its only receiver, the loop of the goroutine running Feeder.loop, returns on f.ctx.Done\(\)`
}

func (f *Feeder) Close() { f.cancel() }

// ticker: Stop does not close C.
type Heartbeat struct {
	t *time.Ticker
}

func NewHeartbeat() *Heartbeat {
	h := &Heartbeat{t: time.NewTicker(time.Second)}
	go func() {
		for range h.t.C { // want `range over h.t.C never ends: h.t.Stop does not close the channel`
			beat()
		}
	}()
	return h
}

func (h *Heartbeat) Close() { h.t.Stop() }

func beat() {}

// waitgroup: Add and Wait, no Done.
type Group struct {
	wg sync.WaitGroup
}

func (g *Group) Run(f func()) {
	g.wg.Add(1)
	go f()
}

func (g *Group) Wait() {
	g.wg.Wait() // want `g.wg.Wait blocks forever: g.wg.Add is called but nothing in the package calls g.wg.Done`
}

// cancel: never called while a goroutine waits on the context.
type Watcher struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func NewWatcher() *Watcher {
	w := &Watcher{}
	w.ctx, w.cancel = context.WithCancel(context.Background()) // want `w.cancel is never called: the context it cancels is derived from context.Background\(\), and a goroutine waits for it to be done`
	go w.watch()
	return w
}

func (w *Watcher) watch() {
	<-w.ctx.Done()
}

// cancel, with a local context passed to the goroutine.
type Poller struct {
	stop context.CancelFunc
}

func NewPoller() *Poller {
	p := &Poller{}
	ctx, cancel := context.WithCancel(context.TODO())
	p.stop = cancel // want `p.stop is never called: the context it cancels is derived from context.TODO\(\)`
	go poll(ctx)
	return p
}

func poll(ctx context.Context) {
	<-ctx.Done()
}

type Poller2 struct {
	stop context.CancelFunc
}

func NewPoller2() *Poller2 {
	p := &Poller2{}
	var ctx context.Context
	ctx, p.stop = context.WithCancel(context.TODO()) // want `p.stop is never called`
	go poll(ctx)
	return p
}

// unserviced: the loop is one call down, and a getter hands the stop
// channel out receive-only (others can only receive from it).
type Conn struct {
	in     chan []byte
	closed chan struct{}
}

func (c *Conn) Done() <-chan struct{} { return c.closed }

func Dial() *Conn {
	c := &Conn{in: make(chan []byte), closed: make(chan struct{})}
	go c.run() // want `goroutine started by Conn.run never returns: it exits only on c.closed`
	return c
}

func (c *Conn) run() {
	if err := c.readLoop(); err != nil {
		return
	}
}

func (c *Conn) readLoop() error {
	for {
		select {
		case b := <-c.in:
			_ = b
		case <-c.closed:
			return nil
		}
	}
}

func (c *Conn) Write(b []byte) {
	select {
	case c.in <- b:
	case <-c.Done():
	}
}

// ignored: the workers range over p.jobs, which nothing closes; Close
// closes p.quit, which they never look at.
type Pool struct {
	jobs chan int
	quit chan struct{}
}

func NewPool() *Pool {
	p := &Pool{jobs: make(chan int), quit: make(chan struct{})}
	go p.work() // want `goroutine started by Pool.work never returns: it ranges over p.jobs, which nothing closes, and does not select on p.quit, which Pool.Close closes`
	return p
}

func (p *Pool) work() {
	for j := range p.jobs {
		_ = j
	}
}

func (p *Pool) Submit(j int) {
	select {
	case p.jobs <- j:
	case <-p.quit:
	}
}

func (p *Pool) Close() { close(p.quit) }

// unserviced: the stop channel is made in a local variable first.
type Tailer struct {
	lines chan string
	stop  chan struct{}
}

func NewTailer() *Tailer {
	stop := make(chan struct{})
	t := &Tailer{lines: make(chan string), stop: stop}
	go t.tail() // want `goroutine started by Tailer.tail never returns: it exits only on t.stop`
	return t
}

func (t *Tailer) tail() {
	for {
		select {
		case l := <-t.lines:
			_ = l
		case <-t.stop:
			return
		}
	}
}

func (t *Tailer) Line(s string) {
	select {
	case t.lines <- s:
	case <-t.stop:
	}
}

// unserviced: nothing receives from n.events.
type Notifier struct {
	events chan string
}

func NewNotifier() *Notifier { return &Notifier{events: make(chan string)} }

func (n *Notifier) Notify(s string) {
	go func() {
		n.events <- s // want `send on n.events blocks forever: n.events is unbuffered and nothing in the package receives from it`
	}()
}

// exited: the loop receives its stop signal through a local variable.
type Beat struct {
	sends chan int
	quit  chan struct{}
}

func NewBeat() *Beat {
	b := &Beat{sends: make(chan int), quit: make(chan struct{})}
	go b.loop()
	return b
}

func (b *Beat) loop() {
	done := b.quit
	for {
		select {
		case <-b.sends:
		case <-done:
			return
		}
	}
}

func (b *Beat) Sent() {
	b.sends <- 1 // want `send on b.sends may block forever: its only receiver, the loop of the goroutine running Beat.loop, returns on b.quit \(possible goroutine leak\); select on b.quit here as well`
}

func (b *Beat) Close() { close(b.quit) }

// ticker: a for-select loop on the ticker alone; Stop does not end it.
type Flusher struct {
	t *time.Ticker
}

func NewFlusher() *Flusher {
	f := &Flusher{t: time.NewTicker(time.Second)}
	go f.run() // want `goroutine started by Flusher.run never returns: its loop has no exit and waits on f.t.C, which f.t.Stop does not close`
	return f
}

func (f *Flusher) run() {
	for {
		select {
		case <-f.t.C:
			beat()
		}
	}
}

func (f *Flusher) Close() { f.t.Stop() }
