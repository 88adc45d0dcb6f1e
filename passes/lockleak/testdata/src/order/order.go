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

// ok: one side through a call. Such pairs were ordered by other means
// in real code (grpc's clientconn_test.go holds the ClientConn's lock
// and updates an addrConn while the test's server keeps the connecting
// goroutine away from the opposite order).
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
		it.mu.Lock()
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

// ok: both orders only through calls (the shape of yamux's
// Stream.processFlags and Session.Close, ordered there by Close waiting
// for the receiving goroutine to end first).
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
		st.forceClose()
	}
}
