// Package waithelper covers the held-across-a-wait rule when a
// WaitGroup's Done, or a condition variable's Signal or Broadcast, is
// made by a helper function of the package: its callers stand for it.
package waithelper

import "sync"

// The workers call Done through a helper, after locking.
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
	defer p.finish()
	p.mu.Lock()
	p.results = append(p.results, j)
	p.mu.Unlock()
}

func (p *Pool) finish() { p.wg.Done() }

// The helper takes the owner as a parameter and is called after the
// lock.
type Batch struct {
	mu sync.Mutex
	wg sync.WaitGroup
	n  int
}

func (b *Batch) Run() {
	b.wg.Add(1)
	go b.work()
	b.mu.Lock()
	b.wg.Wait() // want `Batch.Run holds b.mu while waiting on b.wg; the only goroutine that calls Done, Batch.work, locks b.mu before it`
	b.mu.Unlock()
}

func (b *Batch) work() {
	b.mu.Lock()
	b.n++
	b.mu.Unlock()
	markDone(b)
}

func markDone(b *Batch) { b.wg.Done() }

// A condition variable woken through a helper, after the other lock.
type Loader struct {
	mu    sync.Mutex
	cmu   sync.Mutex
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
	l.wake()
}

func (l *Loader) wake() {
	l.cmu.Lock()
	l.done = true
	l.cmu.Unlock()
	l.ready.Broadcast()
}

// ok: the helper is started as a goroutine: it holds none of its
// caller's locks.
type Pool2 struct {
	mu sync.Mutex
	wg sync.WaitGroup
}

func (p *Pool2) Run() {
	p.wg.Add(1)
	go p.work()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.wg.Wait()
}

func (p *Pool2) work() {
	p.mu.Lock()
	p.mu.Unlock()
	go p.finish()
}

func (p *Pool2) finish() { p.wg.Done() }

// ok: one caller of the helper does not lock.
type Pool3 struct {
	mu sync.Mutex
	wg sync.WaitGroup
}

func (p *Pool3) Run() {
	p.wg.Add(2)
	go p.work()
	go p.quick()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.wg.Wait()
}

func (p *Pool3) work() {
	p.mu.Lock()
	p.mu.Unlock()
	p.finish()
}

func (p *Pool3) quick() { p.finish() }

func (p *Pool3) finish() { p.wg.Done() }

// ok: the helper is used as a method value: its callers are unknown.
type Pool4 struct {
	mu sync.Mutex
	wg sync.WaitGroup
}

func (p *Pool4) Run() {
	p.wg.Add(1)
	go p.work()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.wg.Wait()
}

func (p *Pool4) work() {
	p.mu.Lock()
	p.mu.Unlock()
	p.finish()
}

func (p *Pool4) finish() { p.wg.Done() }

func (p *Pool4) callback() func() { return p.finish }

// ok: the caller locks another value's mutex before the helper.
type Pool5 struct {
	mu    sync.Mutex
	wg    sync.WaitGroup
	other *Pool5
}

func (p *Pool5) Run() {
	p.wg.Add(1)
	go p.work()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.wg.Wait()
}

func (p *Pool5) work() {
	p.other.mu.Lock()
	p.other.mu.Unlock()
	p.finish()
}

func (p *Pool5) finish() { p.wg.Done() }

// ok: the helper marks another value done than the one it is given.
type Pool6 struct {
	mu   sync.Mutex
	wg   sync.WaitGroup
	next *Pool6
}

func (p *Pool6) Run() {
	p.wg.Add(1)
	go p.work()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.wg.Wait()
}

func (p *Pool6) work() {
	p.mu.Lock()
	p.mu.Unlock()
	finish6(p)
}

func finish6(p *Pool6) {
	p = p.next
	p.wg.Done()
}

// ok: the wake-up helper is exported: callers elsewhere need no lock.
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
	l.mu.Lock()
	l.mu.Unlock()
	l.Wake()
}

func (l *Loader2) Wake() {
	l.cmu.Lock()
	l.done = true
	l.cmu.Unlock()
	l.ready.Broadcast()
}
