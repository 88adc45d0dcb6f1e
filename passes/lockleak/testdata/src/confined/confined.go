// Command confined covers lock orders whose two places only one
// goroutine can run: a pair of acquisitions in opposite orders needs two
// goroutines, each at one of them. A pair is silent when every way to
// reach both functions is known and starts from one goroutine that
// starts once (a go statement in no loop, in a function that runs once;
// or the main goroutine); reported when a second goroutine may run one
// of them.
package main

import "sync"

// ok: both orders run only on the worker goroutine, started once by
// main (the framer of a connection's run loop).
type Framer struct {
	mu, ctl sync.Mutex
	n       int
}

func (f *Framer) reject() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ctl.Lock() // ok: appendFrames runs on the same goroutine only
	f.n = 0
	f.ctl.Unlock()
}

func (f *Framer) appendFrames() {
	f.ctl.Lock()
	f.mu.Lock()
	f.n++
	f.mu.Unlock()
	f.ctl.Unlock()
}

func (f *Framer) handle(k int) {
	if k == 0 {
		f.reject()
	}
}

func (f *Framer) send() { f.appendFrames() }

func (f *Framer) run(events chan int) {
	for k := range events {
		f.handle(k)
		f.send()
	}
}

// ok: both orders on the main goroutine, through main and init.
type Table struct {
	mu, idx sync.Mutex
	rows    int
}

func (t *Table) load() {
	t.mu.Lock()
	t.idx.Lock() // ok: rebuild runs on the main goroutine too
	t.rows++
	t.idx.Unlock()
	t.mu.Unlock()
}

func (t *Table) rebuild() {
	t.idx.Lock()
	defer t.idx.Unlock()
	t.mu.Lock()
	t.rows = 0
	t.mu.Unlock()
}

var table Table

func init() { table.load() }

// ok: a helper called once by main starts the goroutine, whose
// literal takes both orders.
type Cache struct {
	mu, lru sync.Mutex
	size    int
}

func startCache(c *Cache) {
	go func() {
		c.mu.Lock()
		c.lru.Lock() // ok: the other order is in the same goroutine
		c.size++
		c.lru.Unlock()
		c.mu.Unlock()
		c.evict()
	}()
}

func (c *Cache) evict() {
	c.lru.Lock()
	c.mu.Lock()
	c.size--
	c.mu.Unlock()
	c.lru.Unlock()
}

// A worker started in a loop: two of them run at once.
type Pool struct {
	mu, q sync.Mutex
	jobs  int
}

func (p *Pool) take() {
	p.mu.Lock()
	p.q.Lock()
	p.jobs--
	p.q.Unlock()
	p.mu.Unlock()
}

func (p *Pool) give() {
	p.q.Lock()
	p.mu.Lock() // want `p.mu is locked while p.q is held, but Pool.take locks them in the opposite order`
	p.jobs++
	p.mu.Unlock()
	p.q.Unlock()
}

func (p *Pool) work() {
	p.take()
	p.give()
}

// Two go statements start the same loop.
type Bus struct {
	mu, subs sync.Mutex
	n        int
}

func (b *Bus) publish() {
	b.mu.Lock()
	b.subs.Lock()
	b.n++
	b.subs.Unlock()
	b.mu.Unlock()
}

func (b *Bus) subscribe() {
	b.subs.Lock()
	b.mu.Lock() // want `b.mu is locked while b.subs is held, but Bus.publish locks them in the opposite order`
	b.n--
	b.mu.Unlock()
	b.subs.Unlock()
}

func (b *Bus) loop() {
	b.publish()
	b.subscribe()
}

// The goroutine takes one order, main the other.
type Store struct {
	mu, log sync.Mutex
	n       int
}

func (s *Store) put() {
	s.mu.Lock()
	s.log.Lock()
	s.n++
	s.log.Unlock()
	s.mu.Unlock()
}

func (s *Store) flush() {
	s.log.Lock()
	s.mu.Lock() // want `s.mu is locked while s.log is held, but Store.put locks them in the opposite order`
	s.n = 0
	s.mu.Unlock()
	s.log.Unlock()
}

func (s *Store) serve() { s.put() }

// The helper that starts the goroutine runs twice.
type Hub struct {
	mu, peers sync.Mutex
	n         int
}

func (h *Hub) join() {
	h.mu.Lock()
	h.peers.Lock()
	h.n++
	h.peers.Unlock()
	h.mu.Unlock()
}

func (h *Hub) leave() {
	h.peers.Lock()
	h.mu.Lock() // want `h.mu is locked while h.peers is held, but Hub.join locks them in the opposite order`
	h.n--
	h.mu.Unlock()
	h.peers.Unlock()
}

func (h *Hub) run() {
	h.join()
	h.leave()
}

func startHub(h *Hub) { go h.run() }

// One side is also a function value: whoever holds it may call it on
// any goroutine.
type Ring struct {
	mu, head sync.Mutex
	n        int
}

func (r *Ring) push() {
	r.mu.Lock()
	r.head.Lock()
	r.n++
	r.head.Unlock()
	r.mu.Unlock()
}

func (r *Ring) pop() {
	r.head.Lock()
	r.mu.Lock() // want `r.mu is locked while r.head is held, but Ring.push locks them in the opposite order`
	r.n--
	r.mu.Unlock()
	r.head.Unlock()
}

func (r *Ring) run() {
	r.push()
	r.pop()
}

var hook func()

// One side is an exported method: callers outside the package may run
// it on their own goroutines.
type Index struct {
	mu, keys sync.Mutex
	n        int
}

func (x *Index) add() {
	x.mu.Lock()
	x.keys.Lock()
	x.n++
	x.keys.Unlock()
	x.mu.Unlock()
}

func (x *Index) Reset() {
	x.keys.Lock()
	x.mu.Lock() // want `x.mu is locked while x.keys is held, but Index.add locks them in the opposite order`
	x.n = 0
	x.mu.Unlock()
	x.keys.Unlock()
}

func (x *Index) run() {
	x.add()
	x.Reset()
}

// One side is a method an interface of the package declares: calls
// through the interface are not followed, here one on another
// goroutine.
type Queue struct {
	mu, out sync.Mutex
	n       int
}

type drainer interface{ drain() }

func (q *Queue) fill() {
	q.mu.Lock()
	q.out.Lock()
	q.n++
	q.out.Unlock()
	q.mu.Unlock()
}

func (q *Queue) drain() {
	q.out.Lock()
	q.mu.Lock() // want `q.mu is locked while q.out is held, but Queue.fill locks them in the opposite order`
	q.n = 0
	q.mu.Unlock()
	q.out.Unlock()
}

func (q *Queue) run() { q.fill() }

func main() {
	f := &Framer{}
	events := make(chan int)
	go f.run(events)
	events <- 0

	table.rebuild()

	startCache(&Cache{})

	p := &Pool{}
	for range 2 {
		go p.work()
	}

	b := &Bus{}
	go b.loop()
	go b.loop()

	s := &Store{}
	go s.serve()
	s.flush()

	h := &Hub{}
	startHub(h)
	startHub(h)

	r := &Ring{}
	hook = r.pop
	go r.run()

	x := &Index{}
	go x.run()

	q := &Queue{}
	go q.run()
	var d drainer = q
	go d.drain()
}
