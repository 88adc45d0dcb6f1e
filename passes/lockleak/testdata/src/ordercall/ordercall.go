// Package ordercall covers the lock-order rule when an acquisition is
// through a call of a function that locks on every path, and the
// shapes that look alike but are ordered.
package ordercall

import "sync"

// A server and its connections: Conn.Close holds c.mu and removes
// itself (s.mu); Server.Shutdown holds s.mu and closes each connection
// (c.mu). Both through calls, one through two.
type Server struct {
	mu    sync.Mutex
	conns map[*Conn]bool
}

type Conn struct {
	mu     sync.Mutex
	srv    *Server
	closed bool
}

func (s *Server) remove(c *Conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
}

func (c *Conn) shut() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
}

func (c *Conn) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	c.detach()
}

func (c *Conn) detach() { c.srv.remove(c) }

func (s *Server) Shutdown() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.shut() // want `c.mu \(through Conn.shut\) is locked while s.mu is held, but Conn.Close locks them in the opposite order \(possible deadlock\): lock them in one order everywhere`
	}
}

// Through a call, with a generic type and an embedded mutex.
type Cache[K comparable] struct {
	sync.Mutex
	m     map[K]int
	store *Store
}

type Store struct {
	mu   sync.RWMutex
	data map[string]int
}

func (c *Cache[K]) fill(k K) {
	c.Lock()
	defer c.Unlock()
	c.m[k] = c.store.size()
}

func (s *Store) size() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.data)
}

func (c *Cache[K]) reset() {
	c.Lock()
	c.m = nil
	c.Unlock()
}

func (s *Store) Invalidate(c *Cache[string]) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.reset() // want `c.Mutex \(through Cache.reset\) is locked while s.mu is held, but Cache.fill locks them in the opposite order`
}

// ok: the function that holds s.mu first waits for the goroutine that
// runs the other order to end (yamux's Session.Close waits for its
// receive loop, the only caller of Stream.processFlags).
type Session struct {
	streams  sync.Mutex
	all      []*Stream
	recvDone chan struct{}
}

type Stream struct {
	state   sync.Mutex
	session *Session
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

func (s *Session) recvLoop() {
	defer close(s.recvDone)
	for _, st := range s.all {
		st.processFlags()
	}
}

func (s *Session) Close() {
	<-s.recvDone
	s.streams.Lock()
	defer s.streams.Unlock()
	for _, st := range s.all {
		st.forceClose()
	}
}

// ok: the caller waits for its server before it takes the lock (grpc's
// clientconn_test.go waits until its second server holds the
// connecting goroutine, away from the other order).
type Client struct {
	mu    sync.Mutex
	conns map[*AddrConn]bool
}

type AddrConn struct {
	mu sync.Mutex
	cc *Client
}

func (ac *AddrConn) update() {
	ac.mu.Lock()
	ac.mu.Unlock()
}

func (ac *AddrConn) tryAll() {
	ac.mu.Lock()
	defer ac.mu.Unlock()
	ac.cc.mu.Lock()
	ac.cc.mu.Unlock()
}

func testUpdate(client *Client, contacted chan struct{}) {
	<-contacted
	client.mu.Lock()
	for ac := range client.conns {
		ac.update()
	}
	client.mu.Unlock()
}

// ok: the callee locks a value made here, which no other goroutine
// can hold yet.
type Parent struct {
	mu       sync.Mutex
	children []*Child
}

type Child struct {
	mu     sync.Mutex
	parent *Parent
	n      int
}

func (c *Child) init() {
	c.mu.Lock()
	c.n = 1
	c.mu.Unlock()
}

func (p *Parent) Add() {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := &Child{parent: p}
	c.init()
	p.children = append(p.children, c)
}

func (c *Child) Detach() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.parent.mu.Lock()
	c.parent.mu.Unlock()
}

// ok: the callee locks only on some paths.
type Left struct{ mu sync.Mutex }
type Right struct {
	mu   sync.Mutex
	busy bool
}

func (r *Right) maybe() {
	if r.busy {
		r.mu.Lock()
		r.mu.Unlock()
	}
}

func (l *Left) F(r *Right) {
	l.mu.Lock()
	defer l.mu.Unlock()
	r.maybe()
}

func (r *Right) F(l *Left) {
	r.mu.Lock()
	defer r.mu.Unlock()
	l.mu.Lock()
	l.mu.Unlock()
}

// ok: locks in slices and maps, and a lock reached through a method
// value, are out of the model.
type Table struct {
	mu   sync.Mutex
	rows []*Row
	byID map[int]*Row
}

type Row struct {
	mu sync.Mutex
	t  *Table
}

func (r *Row) touch() {
	r.mu.Lock()
	r.mu.Unlock()
}

func (t *Table) Each() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i := range t.rows {
		t.rows[i].touch()
	}
	t.byID[0].touch()
	f := t.rows[0].touch
	f()
}

func (r *Row) Update() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.t.mu.Lock()
	r.t.mu.Unlock()
}

// ok: two read locks through calls do not exclude each other.
type RA struct{ mu sync.RWMutex }
type RB struct{ mu sync.RWMutex }

func (a *RA) read() {
	a.mu.RLock()
	a.mu.RUnlock()
}

func (b *RB) read() {
	b.mu.RLock()
	b.mu.RUnlock()
}

func (a *RA) F(b *RB) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	b.read()
}

func (b *RB) F(a *RA) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	a.read()
}

// ok: the opposite order is taken only on the way to a panic that
// reports a misuse (net/http's connReader.Read asks whether the
// connection was hijacked before it panics on a concurrent Body.Read).
type HConn struct {
	mu       sync.Mutex
	r        *Reader
	hijacked bool
}

type Reader struct {
	mu     sync.Mutex
	conn   *HConn
	inRead bool
}

func (c *HConn) isHijacked() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hijacked
}

func (r *Reader) abort() {
	r.mu.Lock()
	r.inRead = false
	r.mu.Unlock()
}

func (c *HConn) Hijack() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.r.abort()
	c.hijacked = true
}

func (r *Reader) Read() {
	r.mu.Lock()
	if r.inRead {
		h := r.conn.isHijacked()
		r.mu.Unlock()
		if h {
			panic("read after hijack")
		}
		panic("concurrent read")
	}
	r.mu.Unlock()
}

// ok: the same with direct lock calls on the way to the panic.
type HConn2 struct {
	mu       sync.Mutex
	r        *Reader2
	hijacked bool
}

type Reader2 struct {
	mu     sync.Mutex
	conn   *HConn2
	inRead bool
}

func (c *HConn2) Hijack() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.r.mu.Lock()
	c.r.inRead = false
	c.r.mu.Unlock()
}

func (r *Reader2) Read() {
	r.mu.Lock()
	if r.inRead {
		r.conn.mu.Lock()
		h := r.conn.hijacked
		r.conn.mu.Unlock()
		r.mu.Unlock()
		if h {
			panic("read after hijack")
		}
		panic("concurrent read")
	}
	r.mu.Unlock()
}

// ok: one order is taken through a method value, which the model does
// not follow.
type MA struct{ mu sync.Mutex }
type MB struct{ mu sync.Mutex }

func (b *MB) touch() {
	b.mu.Lock()
	b.mu.Unlock()
}

func (a *MA) touch() {
	a.mu.Lock()
	a.mu.Unlock()
}

func (a *MA) F(b *MB) {
	a.mu.Lock()
	defer a.mu.Unlock()
	g := b.touch
	g()
}

func (b *MB) F(a *MA) {
	b.mu.Lock()
	defer b.mu.Unlock()
	a.touch()
}

// ok: the wait is in the only caller of the function that holds the
// lock (Close waits for the receive loop, then closes the streams).
type Session2 struct {
	streams  sync.Mutex
	all      []*Stream2
	recvDone chan struct{}
}

type Stream2 struct {
	state   sync.Mutex
	session *Session2
}

func (s *Session2) establish() {
	s.streams.Lock()
	s.streams.Unlock()
}

func (st *Stream2) forceClose() {
	st.state.Lock()
	st.state.Unlock()
}

func (st *Stream2) processFlags() {
	st.state.Lock()
	defer st.state.Unlock()
	st.session.establish()
}

func (s *Session2) recvLoop() {
	defer close(s.recvDone)
	for _, st := range s.all {
		st.processFlags()
	}
}

func (s *Session2) Close() {
	<-s.recvDone
	s.closeStreams()
}

func (s *Session2) closeStreams() {
	s.streams.Lock()
	defer s.streams.Unlock()
	for _, st := range s.all {
		st.forceClose()
	}
}
