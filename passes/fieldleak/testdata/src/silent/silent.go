// Package silent holds the twins of basic that must not be reported.
package silent

import (
	"context"
	"sync"
	"time"
)

// ok: Close closes stopc.
type Indexer struct {
	reqs  chan string
	stopc chan struct{}
}

func NewIndexer() *Indexer {
	ix := &Indexer{reqs: make(chan string), stopc: make(chan struct{})}
	go ix.loop()
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

func (ix *Indexer) Add(s string) {
	select {
	case ix.reqs <- s:
	case <-ix.stopc:
	}
}

func (ix *Indexer) Close() { close(ix.stopc) }

// ok: an exported field: other packages may close it.
type Exported struct {
	Quit chan struct{}
}

func (e *Exported) Start() {
	go func() {
		for {
			select {
			case <-e.Quit:
				return
			}
		}
	}()
}

// ok: the field's address escapes.
type Addr struct {
	quit chan struct{}
}

func (a *Addr) Start() {
	register(&a.quit)
	go func() {
		for {
			select {
			case <-a.quit:
				return
			}
		}
	}()
}

func register(p *chan struct{}) {}

// ok: handed to an unknown function.
type Unknown struct {
	quit chan struct{}
	hand func(chan struct{})
}

func (u *Unknown) Start() {
	u.hand(u.quit)
	go func() {
		for {
			<-u.quit
			return
		}
	}()
}

// ok: a getter returns the channel to other packages, both ways.
type Getter struct {
	done chan struct{}
}

func (g *Getter) Done() chan struct{} { return g.done }

func (g *Getter) Wait() { <-g.done }

// ok: a semaphore.
type Sem struct {
	slots chan struct{}
}

func (s *Sem) Busy() bool { return len(s.slots) == cap(s.slots) }

func (s *Sem) Release() { <-s.slots }

// ok: a complete lifecycle with a WaitGroup.
type Pool struct {
	jobs chan int
	quit chan struct{}
	wg   sync.WaitGroup
}

func NewPool(n int) *Pool {
	p := &Pool{jobs: make(chan int), quit: make(chan struct{})}
	for range n {
		p.wg.Add(1)
		go p.work()
	}
	return p
}

func (p *Pool) work() {
	defer p.wg.Done()
	for {
		select {
		case j, ok := <-p.jobs:
			if !ok {
				return
			}
			_ = j
		case <-p.quit:
			return
		}
	}
}

func (p *Pool) Submit(j int) bool {
	select {
	case p.jobs <- j:
		return true
	case <-p.quit:
		return false
	}
}

func (p *Pool) Close() {
	close(p.quit)
	p.wg.Wait()
}

// ok: the loop ends when its channel is closed.
type Ranger struct {
	in chan int
}

func (r *Ranger) Start() {
	r.in = make(chan int)
	go func() {
		for v := range r.in {
			_ = v
		}
	}()
}

func (r *Ranger) Close() { close(r.in) }

// ok: a buffered channel; the sends are bounded by Close's contract.
type Buffered struct {
	events chan int
	stop   chan struct{}
}

func NewBuffered() *Buffered {
	b := &Buffered{events: make(chan int, 16), stop: make(chan struct{})}
	go b.loop()
	return b
}

func (b *Buffered) loop() {
	for {
		select {
		case <-b.events:
		case <-b.stop:
			return
		}
	}
}

func (b *Buffered) Emit(v int) { b.events <- v }

func (b *Buffered) Close() { close(b.stop) }

// ok: a ticker loop with a way out.
type Heartbeat struct {
	t    *time.Ticker
	done chan struct{}
}

func NewHeartbeat() *Heartbeat {
	h := &Heartbeat{t: time.NewTicker(time.Second), done: make(chan struct{})}
	go func() {
		for {
			select {
			case <-h.t.C:
			case <-h.done:
				return
			}
		}
	}()
	return h
}

func (h *Heartbeat) Close() {
	h.t.Stop()
	close(h.done)
}

// ok: a ticker never stopped: it runs for the life of the process.
type Forever struct {
	t *time.Ticker
}

func (f *Forever) Start() {
	go func() {
		for range f.t.C {
		}
	}()
}

// ok: the cancel func is called.
type Watcher struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func NewWatcher() *Watcher {
	w := &Watcher{}
	w.ctx, w.cancel = context.WithCancel(context.Background())
	go w.watch()
	return w
}

func (w *Watcher) watch() { <-w.ctx.Done() }

func (w *Watcher) Close() { w.cancel() }

// ok: the parent context may be cancelled by the caller.
type Child struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func NewChild(parent context.Context) *Child {
	c := &Child{}
	c.ctx, c.cancel = context.WithCancel(parent)
	go c.watch()
	return c
}

func (c *Child) watch() { <-c.ctx.Done() }

// ok: the WaitGroup is done through a pointer handed to a helper.
type Handed struct {
	wg sync.WaitGroup
}

func (h *Handed) Run() {
	h.wg.Add(1)
	go helper(&h.wg)
	h.wg.Wait()
}

func helper(wg *sync.WaitGroup) { wg.Done() }

// ok: Add(-1) is a Done.
type Minus struct {
	wg sync.WaitGroup
}

func (m *Minus) Run() {
	m.wg.Add(1)
	go func() { m.wg.Add(-1) }()
	m.wg.Wait()
}

// ok: the field is assigned a channel made elsewhere.
type Foreign struct {
	events chan int
}

func NewForeign(src chan int) *Foreign {
	f := &Foreign{events: src}
	go func() {
		for {
			select {
			case <-f.events:
				return
			}
		}
	}()
	return f
}

// ok: embedded struct, closed through the outer type.
type base struct {
	quit chan struct{}
}

type Outer struct {
	base
	in chan int
}

func NewOuter() *Outer {
	o := &Outer{base: base{quit: make(chan struct{})}, in: make(chan int)}
	go o.loop()
	return o
}

func (o *Outer) loop() {
	for {
		select {
		case <-o.in:
		case <-o.quit:
			return
		}
	}
}

func (o *Outer) Send(v int) {
	select {
	case o.in <- v:
	case <-o.quit:
	}
}

func (b *base) Close() { close(b.quit) }

// ok: value receiver, stop closed through a pointer receiver.
type Val struct {
	stop chan struct{}
}

func (v Val) loop() {
	for {
		select {
		case <-v.stop:
			return
		}
	}
}

func (v *Val) Start() {
	v.stop = make(chan struct{})
	go v.loop()
}

func (v *Val) Close() { close(v.stop) }

// ok: the loop exits on its own.
type Counted struct {
	in   chan int
	quit chan struct{}
}

func (c *Counted) Start() {
	go func() {
		for {
			select {
			case v := <-c.in:
				if v < 0 {
					return
				}
			case <-c.quit:
				return
			}
		}
	}()
}

func (c *Counted) Put(v int) { c.in <- v }

// ok: the field is passed to a package function that closes it.
type Passed struct {
	done chan struct{}
}

func (p *Passed) Start() {
	p.done = make(chan struct{})
	go finish(p.done)
	<-p.done
}

func finish(c chan struct{}) { close(c) }

// ok: a receive-only getter; the field is closed.
type RO struct {
	done chan struct{}
}

func (r *RO) Done() <-chan struct{} { return r.done }

func (r *RO) Wait() { <-r.done }

func (r *RO) Close() { close(r.done) }

// ok: the sender itself closes the stop signal: it orders the two.
type Ordered struct {
	reqs chan int
	stop chan struct{}
}

func NewOrdered() *Ordered {
	o := &Ordered{reqs: make(chan int), stop: make(chan struct{})}
	go o.loop()
	return o
}

func (o *Ordered) loop() {
	for {
		select {
		case <-o.reqs:
		case <-o.stop:
			return
		}
	}
}

func (o *Ordered) Close() {
	o.reqs <- 0
	close(o.stop)
}

// ok: workers with no stop anywhere in the type's lifecycle.
type Daemon struct {
	jobs chan int
}

func NewDaemon() *Daemon {
	d := &Daemon{jobs: make(chan int)}
	go d.work()
	return d
}

func (d *Daemon) work() {
	for j := range d.jobs {
		_ = j
	}
}

func (d *Daemon) Submit(j int) { d.jobs <- j }

// ok: a method value started by a go statement of a literal: not
// followed, and the stop channel is closed anyway.
type MV struct {
	stop chan struct{}
}

func (m *MV) Start() {
	m.stop = make(chan struct{})
	run := m.loop
	go run()
}

func (m *MV) loop() {
	for {
		select {
		case <-m.stop:
			return
		}
	}
}

func (m *MV) Close() { close(m.stop) }

// ok: the local the stop channel is made in is closed.
type Tailer struct {
	stop chan struct{}
}

func NewTailer() (*Tailer, func()) {
	stop := make(chan struct{})
	t := &Tailer{stop: stop}
	go t.tail()
	return t, func() { close(stop) }
}

func (t *Tailer) tail() {
	for {
		select {
		case <-t.stop:
			return
		}
	}
}

// ok: a singleton started once, by sync.Once, for the life of the
// process.
type single struct {
	once sync.Once
	reqs chan int
	stop chan struct{}
}

var theSingle = &single{reqs: make(chan int), stop: make(chan struct{})}

func (s *single) start() {
	s.once.Do(func() {
		go s.loop()
	})
}

func (s *single) loop() {
	for {
		select {
		case <-s.reqs:
		case <-s.stop:
			return
		}
	}
}

func Use(v int) {
	theSingle.start()
	select {
	case theSingle.reqs <- v:
	case <-theSingle.stop:
	}
}

// ok: a goroutine started by init.
type initd struct {
	stop chan struct{}
}

func init() {
	x := &initd{stop: make(chan struct{})}
	go func() {
		for {
			select {
			case <-x.stop:
				return
			}
		}
	}()
}

// ok: the events are received through a receive-only getter.
type Notifier struct {
	events chan string
}

func NewNotifier() *Notifier { return &Notifier{events: make(chan string)} }

func (n *Notifier) Events() <-chan string { return n.events }

func (n *Notifier) Notify(s string) { n.events <- s }

// ok: buffered; the sends may fit.
type Latch struct {
	fired chan struct{}
}

func NewLatch() *Latch { return &Latch{fired: make(chan struct{}, 1)} }

func (l *Latch) Fire() { l.fired <- struct{}{} }

// ok: ready is a one-shot event, not a stop signal: closing it does not
// mean the loop should end.
type Ready struct {
	reqs  chan int
	ready chan struct{}
}

func NewReady() *Ready {
	r := &Ready{reqs: make(chan int), ready: make(chan struct{})}
	go r.loop()
	return r
}

func (r *Ready) loop() {
	for {
		v := <-r.reqs
		_ = v
	}
}

func (r *Ready) markReady() { close(r.ready) }

func (r *Ready) Do(v int) {
	<-r.ready
	r.reqs <- v
}

// ok: a for-select ticker loop never stopped: it runs for the life of
// the process.
type Flusher struct {
	t *time.Ticker
}

func NewFlusher() *Flusher {
	f := &Flusher{t: time.NewTicker(time.Second)}
	go f.run()
	return f
}

func (f *Flusher) run() {
	for {
		select {
		case <-f.t.C:
		}
	}
}
