package order

import "sync"

// A peer made and locked by the function that accepts it: until
// it is handed to anyone, no other goroutine can wait for its lock, so
// an acquisition under that lock closes no cycle.
type Lobby struct {
	mu    sync.Mutex
	conns map[int]*Peer
	opts  int
}

type Peer struct {
	mu  sync.Mutex
	srv *Lobby
	id  int
	cfg int
}

func (c *Peer) init(id int) { c.id = id }

// Auth holds s.mu and locks c.mu: one order of the pair.
func (s *Lobby) Auth(c *Peer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.mu.Lock()
	c.cfg = s.opts
	c.mu.Unlock()
}

// ok: the other order is taken on a connection Accept has just made
// and not yet handed out: its fields and methods only.
func (s *Lobby) Accept(id int) *Peer {
	c := &Peer{srv: s}
	c.mu.Lock()
	c.init(id)
	s.mu.Lock()
	c.cfg = s.opts
	s.mu.Unlock()
	c.mu.Unlock()
	return c
}

// Published first (stored in the server's map): another goroutine can
// reach it and take the locks in the other order.
func (s *Lobby) Register(id int, conns map[int]*Peer) {
	c := &Peer{srv: s}
	conns[id] = c
	c.mu.Lock()
	s.mu.Lock() // want `s.mu is locked while c.mu is held, but Lobby.Auth locks them in the opposite order \(possible deadlock\): lock them in one order everywhere`
	c.cfg = s.opts
	s.mu.Unlock()
	c.mu.Unlock()
}
