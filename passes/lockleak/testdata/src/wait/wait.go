// Package wait covers the rule of a channel operation performed while
// holding a mutex that every counterpart must lock first.
package wait

import "sync"

type Event struct{ name string }

type Router struct {
	mu       sync.Mutex
	events   chan Event
	handlers map[string]func(Event)
}

func NewRouter() *Router {
	r := &Router{events: make(chan Event), handlers: map[string]func(Event){}}
	go r.dispatch()
	return r
}

func (r *Router) Notify(e Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events <- e // want `Router.Notify holds r.mu while sending on r.events; the only receiver, Router.dispatch, locks r.mu before each receive \(possible deadlock\): unlock r.mu first`
}

func (r *Router) dispatch() {
	for {
		r.mu.Lock()
		h := r.handlers
		r.mu.Unlock()
		e := <-r.events
		if f := h[e.name]; f != nil {
			f(e)
		}
	}
}

// The receiver holds the lock at the receive.
type Queue struct {
	mu    sync.Mutex
	items chan int
	n     int
}

func newQueue() *Queue { return &Queue{items: make(chan int)} }

func (q *Queue) Put(v int) {
	q.mu.Lock()
	q.n++
	q.items <- v // want `Queue.Put holds q.mu while sending on q.items; the only receiver, Queue.Take, locks q.mu before each receive`
	q.mu.Unlock()
}

func (q *Queue) Take() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.n--
	return <-q.items
}

// ok: unlock before the send.
type Bus struct {
	mu  sync.Mutex
	out chan int
	n   int
}

func newBus() *Bus { return &Bus{out: make(chan int)} }

func (b *Bus) Send(v int) {
	b.mu.Lock()
	b.n++
	b.mu.Unlock()
	b.out <- v
}

func (b *Bus) loop() {
	for v := range b.out {
		b.mu.Lock()
		b.n -= v
		b.mu.Unlock()
	}
}

// ok: a channel buffered enough.
type Buffered struct {
	mu  sync.Mutex
	out chan int
}

func newBuffered() *Buffered { return &Buffered{out: make(chan int, 1)} }

func (b *Buffered) Send(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.out <- v
}

func (b *Buffered) loop() {
	for {
		b.mu.Lock()
		b.mu.Unlock()
		<-b.out
	}
}

// ok: one receiver does not need the lock.
type Two struct {
	mu  sync.Mutex
	out chan int
}

func newTwo() *Two { return &Two{out: make(chan int)} }

func (t *Two) Send(v int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.out <- v
}

func (t *Two) locked() {
	t.mu.Lock()
	defer t.mu.Unlock()
	<-t.out
}

func (t *Two) free() { <-t.out }

// ok: the channel escapes.
type Escapes struct {
	mu  sync.Mutex
	out chan int
}

func newEscapes() *Escapes { return &Escapes{out: make(chan int)} }

func (e *Escapes) Out() chan int { return e.out }

func (e *Escapes) Send(v int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.out <- v
}

func (e *Escapes) loop() {
	for {
		e.mu.Lock()
		e.mu.Unlock()
		<-e.out
	}
}

// ok: the send is in a select with another case.
type Selecting struct {
	mu   sync.Mutex
	out  chan int
	done chan struct{}
}

func newSelecting() *Selecting { return &Selecting{out: make(chan int), done: make(chan struct{})} }

func (s *Selecting) Send(v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case s.out <- v:
	case <-s.done:
	}
}

func (s *Selecting) loop() {
	for {
		s.mu.Lock()
		s.mu.Unlock()
		<-s.out
	}
}

// ok: the receiver locks another value's mutex.
type Pair struct {
	mu    sync.Mutex
	out   chan int
	other *Pair
}

func newPair() *Pair { return &Pair{out: make(chan int)} }

func (p *Pair) Send(v int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.out <- v
}

func (p *Pair) loop() {
	for {
		p.other.mu.Lock()
		p.other.mu.Unlock()
		<-p.out
	}
}

// ok: the receiver locks only on some iterations.
type Sometimes struct {
	mu  sync.Mutex
	out chan int
}

func newSometimes() *Sometimes { return &Sometimes{out: make(chan int)} }

func (s *Sometimes) Send(v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.out <- v
}

func (s *Sometimes) loop() {
	for i := 0; ; i++ {
		if i%2 == 0 {
			s.mu.Lock()
			s.mu.Unlock()
		}
		<-s.out
	}
}

// A WaitGroup waited on under the lock its workers take first.
type Pool struct {
	mu      sync.Mutex
	wg      sync.WaitGroup
	results []int
}

func (p *Pool) Run(jobs []int) {
	for _, j := range jobs {
		p.wg.Add(1)
		go p.work(j)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.wg.Wait() // want `Pool.Run holds p.mu while waiting on p.wg; the only goroutine that calls Done, Pool.work, locks p.mu before it \(possible deadlock\): unlock p.mu first`
}

func (p *Pool) work(j int) {
	defer p.wg.Done()
	p.mu.Lock()
	p.results = append(p.results, j)
	p.mu.Unlock()
}

// ok: the wait is outside the lock.
type Pool2 struct {
	mu      sync.Mutex
	wg      sync.WaitGroup
	results []int
}

func (p *Pool2) Run(jobs []int) int {
	for _, j := range jobs {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.mu.Lock()
			p.results = append(p.results, j)
			p.mu.Unlock()
		}()
	}
	p.wg.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.results)
}

// ok: the worker calls Done before it locks.
type Pool3 struct {
	mu      sync.Mutex
	wg      sync.WaitGroup
	results []int
}

func (p *Pool3) Run(jobs []int) {
	for _, j := range jobs {
		p.wg.Add(1)
		go p.work(j)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.wg.Wait()
}

func (p *Pool3) work(j int) {
	p.wg.Done()
	p.mu.Lock()
	p.results = append(p.results, j)
	p.mu.Unlock()
}

// ok: the WaitGroup is handed out.
type Pool4 struct {
	mu sync.Mutex
	wg sync.WaitGroup
}

func (p *Pool4) Group() *sync.WaitGroup { return &p.wg }

func (p *Pool4) Run() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.wg.Wait()
}

func (p *Pool4) work() {
	defer p.wg.Done()
	p.mu.Lock()
	p.mu.Unlock()
}

// A condition variable waited on while holding another mutex that
// every waker locks first.
type Loader struct {
	mu    sync.Mutex // guards the state
	cmu   sync.Mutex // the condition variable's lock
	ready *sync.Cond
	done  bool
}

func newLoader() *Loader {
	l := &Loader{}
	l.ready = sync.NewCond(&l.cmu)
	return l
}

func (l *Loader) Wait() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cmu.Lock()
	for !l.done {
		l.ready.Wait() // want `Loader.Wait holds l.mu while waiting on l.ready, which releases only its own lock; every function that wakes it \(Loader.finish\) locks mu first \(possible deadlock\): unlock l.mu before waiting`
	}
	l.cmu.Unlock()
}

func (l *Loader) finish() {
	l.mu.Lock()
	l.mu.Unlock()
	l.cmu.Lock()
	l.done = true
	l.cmu.Unlock()
	l.ready.Broadcast()
}

// ok: waiting while holding only the condition variable's own lock.
type Gate struct {
	mu   sync.Mutex
	cond *sync.Cond
	open bool
}

func newGate() *Gate {
	g := &Gate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *Gate) Wait() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for !g.open {
		g.cond.Wait()
	}
}

func (g *Gate) Open() {
	g.mu.Lock()
	g.open = true
	g.mu.Unlock()
	g.cond.Broadcast()
}

// ok: the waker does not need the other mutex.
type Loader2 struct {
	mu    sync.Mutex
	cmu   sync.Mutex
	ready *sync.Cond
	done  bool
}

func newLoader2() *Loader2 {
	l := &Loader2{}
	l.ready = sync.NewCond(&l.cmu)
	return l
}

func (l *Loader2) Wait() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cmu.Lock()
	for !l.done {
		l.ready.Wait()
	}
	l.cmu.Unlock()
}

func (l *Loader2) finish() {
	l.cmu.Lock()
	l.done = true
	l.cmu.Unlock()
	l.ready.Broadcast()
}
