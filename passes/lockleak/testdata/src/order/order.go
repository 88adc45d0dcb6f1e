// Package order covers the lock-order rule: two lock classes acquired
// in both orders.
package order

import "sync"

type Account struct {
	mu  sync.Mutex
	bal int
}

type Ledger struct {
	mu      sync.Mutex
	entries []int
}

func (l *Ledger) Record(a *Account, v int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	a.mu.Lock()
	a.bal += v
	a.mu.Unlock()
	l.entries = append(l.entries, v)
}

func (a *Account) Close(l *Ledger) {
	a.mu.Lock()
	defer a.mu.Unlock()
	l.mu.Lock() // want `l.mu is locked while a.mu is held, but Ledger.Record locks them in the opposite order \(possible deadlock\): lock them in one order everywhere`
	l.entries = append(l.entries, -a.bal)
	l.mu.Unlock()
}

// One side through a call: Rename holds it.mu and add locks r.mu;
// Each holds r.mu and locks it.mu. (The shape of grpc's
// clientconn_test.go, silent there because the test waits for its
// servers first: see ordercall.)
type Registry struct {
	mu    sync.Mutex
	items map[string]*Item
}

type Item struct {
	mu   sync.Mutex
	name string
}

func (r *Registry) add(it *Item) {
	r.mu.Lock()
	r.items[it.name] = it
	r.mu.Unlock()
}

func (it *Item) Rename(r *Registry, name string) {
	it.mu.Lock()
	defer it.mu.Unlock()
	it.name = name
	r.add(it)
}

func (r *Registry) Each(f func(string)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, it := range r.items {
		it.mu.Lock() // want `it.mu is locked while r.mu is held, but Item.Rename locks them in the opposite order \(possible deadlock\)`
		f(it.name)
		it.mu.Unlock()
	}
}

// ok: two read locks in opposite orders do not exclude each other.
type A struct{ mu sync.RWMutex }
type B struct{ mu sync.RWMutex }

func readAB(a *A, b *B) {
	a.mu.RLock()
	b.mu.RLock()
	b.mu.RUnlock()
	a.mu.RUnlock()
}

func readBA(a *A, b *B) {
	b.mu.RLock()
	a.mu.RLock()
	a.mu.RUnlock()
	b.mu.RUnlock()
}

// ok: one order everywhere.
type C struct{ mu sync.Mutex }
type D struct{ mu sync.Mutex }

func cd1(c *C, d *D) {
	c.mu.Lock()
	d.mu.Lock()
	d.mu.Unlock()
	c.mu.Unlock()
}

func cd2(c *C, d *D) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d.mu.Lock()
	defer d.mu.Unlock()
}

// ok: a gate lock held in both places orders them.
type Conn struct {
	gate   sync.Mutex
	m      sync.Mutex
	closeM sync.Mutex
}

func (c *Conn) reconnect() {
	c.gate.Lock()
	defer c.gate.Unlock()
	c.closeM.Lock()
	c.m.Lock()
	c.m.Unlock()
	c.closeM.Unlock()
}

func (c *Conn) shutdown() {
	c.gate.Lock()
	defer c.gate.Unlock()
	c.m.Lock()
	c.closeM.Lock()
	c.closeM.Unlock()
	c.m.Unlock()
}

// Both orders only through calls. (The shape of yamux's
// Stream.processFlags and Session.Close, silent there because Close
// waits for the receiving goroutine to end first: see ordercall.)
type Stream struct {
	state   sync.Mutex
	session *Session
}

type Session struct {
	streams sync.Mutex
	all     []*Stream
}

func (s *Session) establish() {
	s.streams.Lock()
	s.streams.Unlock()
}

func (st *Stream) forceClose() {
	st.state.Lock()
	st.state.Unlock()
}

func (st *Stream) processFlags() {
	st.state.Lock()
	defer st.state.Unlock()
	st.session.establish()
}

func (s *Session) Close() {
	s.streams.Lock()
	defer s.streams.Unlock()
	for _, st := range s.all {
		st.forceClose() // want `st.state \(through Stream.forceClose\) is locked while s.streams is held, but Stream.processFlags locks them in the opposite order \(possible deadlock\)`
	}
}

// A cycle of three classes: each pair is taken in one order only.
type Disk struct{ mu sync.Mutex }
type Cache3 struct{ mu sync.Mutex }
type Index struct{ mu sync.Mutex }

func (d *Disk) Flush(c *Cache3) {
	d.mu.Lock()
	c.mu.Lock()
	c.mu.Unlock()
	d.mu.Unlock()
}

func (c *Cache3) Evict(x *Index) {
	c.mu.Lock()
	x.mu.Lock()
	x.mu.Unlock()
	c.mu.Unlock()
}

func (x *Index) Sync(d *Disk) {
	x.mu.Lock()
	d.mu.Lock() // want `d.mu is locked while x.mu is held, closing a cycle of 3 locks taken in a circular order \(possible deadlock\): Disk.Flush locks c.mu while holding d.mu, Cache3.Evict locks x.mu while holding c.mu, Index.Sync locks d.mu while holding x.mu; lock them in one order everywhere`
	d.mu.Unlock()
	x.mu.Unlock()
}

// ok: a cycle of three read locks around: RLock does not exclude RLock.
type R1 struct{ mu sync.RWMutex }
type R2 struct{ mu sync.RWMutex }
type R3 struct{ mu sync.RWMutex }

func (a *R1) F(b *R2) {
	a.mu.RLock()
	b.mu.RLock()
	b.mu.RUnlock()
	a.mu.RUnlock()
}

func (b *R2) F(c *R3) {
	b.mu.RLock()
	c.mu.RLock()
	c.mu.RUnlock()
	b.mu.RUnlock()
}

func (c *R3) F(a *R1) {
	c.mu.RLock()
	a.mu.RLock()
	a.mu.RUnlock()
	c.mu.RUnlock()
}

// ok: a gate held around every step orders them.
var gate sync.Mutex

type G1 struct{ mu sync.Mutex }
type G2 struct{ mu sync.Mutex }
type G3 struct{ mu sync.Mutex }

func (a *G1) F(b *G2) {
	gate.Lock()
	a.mu.Lock()
	b.mu.Lock()
	b.mu.Unlock()
	a.mu.Unlock()
	gate.Unlock()
}

func (b *G2) F(c *G3) {
	gate.Lock()
	b.mu.Lock()
	c.mu.Lock()
	c.mu.Unlock()
	b.mu.Unlock()
	gate.Unlock()
}

func (c *G3) F(a *G1) {
	gate.Lock()
	c.mu.Lock()
	a.mu.Lock()
	a.mu.Unlock()
	c.mu.Unlock()
	gate.Unlock()
}

// A cycle whose third step is through a call.
type C1 struct{ mu sync.Mutex }
type C2 struct{ mu sync.Mutex }
type C3 struct{ mu sync.Mutex }

func (a *C1) F(b *C2) {
	a.mu.Lock()
	b.mu.Lock()
	b.mu.Unlock()
	a.mu.Unlock()
}

func (b *C2) F(c *C3) {
	b.mu.Lock()
	c.mu.Lock()
	c.mu.Unlock()
	b.mu.Unlock()
}

func (a *C1) touch() {
	a.mu.Lock()
	a.mu.Unlock()
}

func (c *C3) F(a *C1) {
	c.mu.Lock()
	a.touch() // want `a.mu \(through C1.touch\) is locked while c.mu is held, closing a cycle of 3 locks`
	c.mu.Unlock()
}

// ok: a chain in one order, no cycle.
type L1 struct{ mu sync.Mutex }
type L2 struct{ mu sync.Mutex }
type L3 struct{ mu sync.Mutex }

func (a *L1) F(b *L2, c *L3) {
	a.mu.Lock()
	b.mu.Lock()
	c.mu.Lock()
	c.mu.Unlock()
	b.mu.Unlock()
	a.mu.Unlock()
}

func (b *L2) F(c *L3) {
	b.mu.Lock()
	c.mu.Lock()
	c.mu.Unlock()
	b.mu.Unlock()
}

// A generic type in a cycle.
type GBox[T any] struct {
	mu sync.Mutex
	v  T
}

type P1 struct{ mu sync.Mutex }
type P2 struct{ mu sync.Mutex }

func (g *GBox[T]) F(a *P1) {
	g.mu.Lock()
	a.mu.Lock()
	a.mu.Unlock()
	g.mu.Unlock()
}

func (a *P1) F(b *P2) {
	a.mu.Lock()
	b.mu.Lock()
	b.mu.Unlock()
	a.mu.Unlock()
}

func (b *P2) F(g *GBox[int]) {
	b.mu.Lock()
	g.mu.Lock() // want `g.mu is locked while b.mu is held, closing a cycle of 3 locks`
	g.mu.Unlock()
	b.mu.Unlock()
}
