// Package rangeclose covers rangeleak's rule on channel fields: a
// goroutine ranging over a field that nothing in the package closes,
// while the field's type has a method that ends its life.
package rangeclose

import (
	"reflect"
	"sync"
)

// range: Close ends the pool but never closes p.jobs.
type Pool struct {
	jobs chan int
	n    int
}

func NewPool() *Pool {
	p := &Pool{jobs: make(chan int)}
	go p.work() // want `goroutine started by Pool.work never returns: it ranges over p.jobs, which nothing in the package closes, so it outlives Pool.Close \(possible goroutine leak\); close p.jobs once the last value is sent`
	return p
}

func (p *Pool) work() {
	for j := range p.jobs {
		p.n += j
	}
}

func (p *Pool) Submit(j int) { p.jobs <- j }

func (p *Pool) Close() error { p.n = 0; return nil }

// range: Close waits for the workers on q.wg, and they never finish.
type Queue struct {
	items chan string
	wg    sync.WaitGroup
}

func NewQueue(workers int) *Queue {
	q := &Queue{items: make(chan string, 8)}
	for range workers {
		q.wg.Add(1)
		go func() { // want `goroutine started in NewQueue never returns: it ranges over q.items, which nothing in the package closes, and Queue.Stop waits for it on q.wg, so Queue.Stop never returns either \(possible goroutine leak\); close q.items before the Wait`
			defer q.wg.Done()
			for it := range q.items {
				_ = it
			}
		}()
	}
	return q
}

func (q *Queue) Push(s string) { q.items <- s }

func (q *Queue) Stop() { q.wg.Wait() }

// range: the channel reaches the worker as a parameter.
type Fanout struct {
	in chan []byte
}

func NewFanout() *Fanout {
	f := &Fanout{in: make(chan []byte)}
	go drain(f.in) // want `goroutine started by drain never returns: it ranges over f.in, which nothing in the package closes, so it outlives Fanout.Shutdown`
	return f
}

func drain(in chan []byte) {
	for b := range in {
		_ = b
	}
}

func (f *Fanout) Write(b []byte) { f.in <- b }

func (f *Fanout) Shutdown() {}

// range: through a local that is the field, in a generic type.
type Stream[T any] struct {
	vals chan T
}

func NewStream[T any]() *Stream[T] {
	s := &Stream[T]{vals: make(chan T)}
	go func() { // want `goroutine started in NewStream never returns: it ranges over s.vals, which nothing in the package closes, so it outlives Stream.Close`
		vals := s.vals
		for v := range vals {
			_ = v
		}
	}()
	return s
}

func (s *Stream[T]) Send(v T) { s.vals <- v }

func (s *Stream[T]) Close() {}

// range: no Close, but Finish waits for the workers, which never end.
type Builder struct {
	blocks chan []byte
	wg     sync.WaitGroup
}

func NewBuilder(n int) *Builder {
	b := &Builder{blocks: make(chan []byte, 2*n)}
	b.wg.Add(n)
	for i := 0; i < n; i++ {
		go b.handle() // want `goroutine started by Builder.handle never returns: it ranges over b.blocks, which nothing in the package closes, and Builder.Finish waits for it on b.wg, so Builder.Finish never returns either \(possible goroutine leak\); close b.blocks before the Wait`
	}
	return b
}

func (b *Builder) handle() {
	defer b.wg.Done()
	for blk := range b.blocks {
		_ = blk
	}
}

func (b *Builder) Add(blk []byte) { b.blocks <- blk }

func (b *Builder) Finish() { b.wg.Wait() }

// ok: the WaitGroup counts the values, not the workers; no end method.
type Counter struct {
	vals chan int
	wg   sync.WaitGroup
}

func NewCounter() *Counter {
	c := &Counter{vals: make(chan int)}
	go c.count()
	return c
}

func (c *Counter) count() {
	for v := range c.vals {
		_ = v
		c.wg.Done()
	}
}

func (c *Counter) Put(v int) { c.wg.Add(1); c.vals <- v }

func (c *Counter) Flush() { c.wg.Wait() }

// ok: Close closes the channel.
type Closed struct {
	jobs chan int
}

func NewClosed() *Closed {
	c := &Closed{jobs: make(chan int)}
	go c.work()
	return c
}

func (c *Closed) work() {
	for range c.jobs {
	}
}

func (c *Closed) Close() { close(c.jobs) }

// ok: closed by a package function the field is passed to.
type Helped struct {
	jobs chan int
}

func NewHelped() *Helped {
	h := &Helped{jobs: make(chan int)}
	go h.work()
	return h
}

func (h *Helped) work() {
	for range h.jobs {
	}
}

func shut(c chan int) { close(c) }

func (h *Helped) Close() { shut(h.jobs) }

// ok: no method ends the object's life: a daemon.
type Daemon struct {
	jobs chan int
}

func NewDaemon() *Daemon {
	d := &Daemon{jobs: make(chan int)}
	go d.work()
	return d
}

func (d *Daemon) work() {
	for range d.jobs {
	}
}

func (d *Daemon) Submit(j int) { d.jobs <- j }

// ok: closeIdle is not the end of the object's life.
type Idle struct {
	jobs chan int
}

func NewIdle() *Idle {
	i := &Idle{jobs: make(chan int)}
	go i.work()
	return i
}

func (i *Idle) work() {
	for range i.jobs {
	}
}

func (i *Idle) Submit(j int) { i.jobs <- j }

func (i *Idle) CloseIdle() {}

// ok: the loop can return on a sentinel value.
type Sentinel struct {
	jobs chan int
}

func NewSentinel() *Sentinel {
	s := &Sentinel{jobs: make(chan int)}
	go s.work()
	return s
}

func (s *Sentinel) work() {
	for j := range s.jobs {
		if j < 0 {
			return
		}
	}
}

func (s *Sentinel) Close() { s.jobs <- -1 }

// ok: an exported field: other packages may close it.
type Exported struct {
	Jobs chan int
}

func NewExported() *Exported {
	e := &Exported{Jobs: make(chan int)}
	go e.work()
	return e
}

func (e *Exported) work() {
	for range e.Jobs {
	}
}

func (e *Exported) Close() {}

// ok: the field's address escapes.
type Addressed struct {
	jobs chan int
}

func NewAddressed() *Addressed {
	a := &Addressed{jobs: make(chan int)}
	go a.work()
	keep(&a.jobs)
	return a
}

func keep(*chan int) {}

func (a *Addressed) work() {
	for range a.jobs {
	}
}

func (a *Addressed) Close() {}

// ok: stored in an interface, which reflection may close.
type Reflected struct {
	jobs chan int
}

func NewReflected() *Reflected {
	r := &Reflected{jobs: make(chan int)}
	go r.work()
	return r
}

func (r *Reflected) work() {
	for range r.jobs {
	}
}

func (r *Reflected) Close() { reflect.ValueOf(r.jobs).Close() }

// ok: a semaphore.
type Sem struct {
	slots chan int
}

func NewSem() *Sem {
	s := &Sem{slots: make(chan int, 4)}
	go s.work()
	return s
}

func (s *Sem) work() {
	for range s.slots {
	}
}

func (s *Sem) Busy() bool { return len(s.slots) == cap(s.slots) }

func (s *Sem) Close() {}

// ok: handed to code of another package, as a value stored in an
// interface.
type Boxed struct {
	jobs chan int
}

func NewBoxed() *Boxed {
	b := &Boxed{jobs: make(chan int)}
	go b.work()
	var x any = b.jobs
	_ = x
	return b
}

func (b *Boxed) work() {
	for range b.jobs {
	}
}

func (b *Boxed) Close() {}

// ok: started once, by sync.Once, for the life of the process.
type Single struct {
	jobs chan int
	once sync.Once
}

func (s *Single) start() {
	s.once.Do(func() {
		s.jobs = make(chan int)
		go s.work()
	})
}

func (s *Single) work() {
	for range s.jobs {
	}
}

func (s *Single) Submit(j int) { s.jobs <- j }

func (s *Single) Close() {}

// ok: the field is assigned a channel made elsewhere.
type Given struct {
	jobs chan int
}

func NewGiven(c chan int) *Given {
	g := &Given{jobs: c}
	go g.work()
	return g
}

func (g *Given) work() {
	for range g.jobs {
	}
}

func (g *Given) Close() {}

// range: a value receiver ranges over the field; Stop is declared on
// the pointer.
type ByValue struct {
	in chan int
}

func NewByValue() *ByValue {
	b := &ByValue{in: make(chan int)}
	go b.work() // want `goroutine started by ByValue.work never returns: it ranges over b.in, which nothing in the package closes, so it outlives ByValue.Stop`
	return b
}

func (b ByValue) work() {
	for range b.in {
	}
}

func (b *ByValue) Put(v int) { b.in <- v }

func (b *ByValue) Stop() {}

// ok: started through a method value, which the pass does not follow.
type Valued struct {
	in chan int
}

func NewValued() *Valued {
	v := &Valued{in: make(chan int)}
	run := v.work
	go run()
	return v
}

func (v *Valued) work() {
	for range v.in {
	}
}

func (v *Valued) Put(x int) { v.in <- x }

func (v *Valued) Close() {}

// range: an embedded struct holds the channel; the outer type's Close
// does not end the inner one, whose own Close is declared.
type inner struct {
	jobs chan int
}

func (i *inner) Close() {}

type Outer struct {
	inner
}

func NewOuter() *Outer {
	o := &Outer{inner{jobs: make(chan int)}}
	go o.loop() // want `goroutine started by Outer.loop never returns: it ranges over o.jobs, which nothing in the package closes, so it outlives inner.Close`
	return o
}

func (o *Outer) loop() {
	for range o.jobs {
	}
}

func (o *Outer) Put(x int) { o.jobs <- x }

// range: the embedded pool has no Close of its own; the type that
// embeds it ends its life.
type pool struct {
	tasks chan func()
}

func (p *pool) work() {
	for t := range p.tasks {
		t()
	}
}

type Service struct {
	*pool
	name string
}

func NewService() *Service {
	s := &Service{pool: &pool{tasks: make(chan func())}}
	go s.work() // want `goroutine started by pool.work never returns: it ranges over p.tasks, which nothing in the package closes, so it outlives Service.Shutdown`
	return s
}

func (s *Service) Do(f func()) { s.tasks <- f }

func (s *Service) Shutdown() { s.name = "" }
