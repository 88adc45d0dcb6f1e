package relock

import (
	"sync"
	"time"
)

// A Gossip's bootstrap loop leaves with g.mu still locked when it sees
// closed: each iteration unlocks, the exit does not. Its summary says
// it returns holding g.mu, which makes it a lock helper, and the next
// method that locks g.mu on the same path blocks forever.
type Gossip struct {
	mu     sync.Mutex
	closed bool
}

func (g *Gossip) bootstrap() {
	for {
		g.mu.Lock()
		if g.closed {
			break
		}
		g.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
}

func (g *Gossip) manage() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.closed = false
}

func (g *Gossip) Run() {
	go func() {
		g.bootstrap()
		g.manage() // want `g.mu is held while calling Gossip.manage, which locks it again`
	}()
}

func (g *Gossip) RunDirect() {
	g.bootstrap()
	g.manage() // want `g.mu is held while calling Gossip.manage, which locks it again`
}

// A Queue's lockReady is a lock helper on purpose: it returns holding
// q.mu once the queue has items, and its callers unlock.
type Queue struct {
	mu    sync.Mutex
	items []int
}

func (q *Queue) lockReady() {
	for {
		q.mu.Lock()
		if len(q.items) > 0 {
			return
		}
		q.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
}

func (q *Queue) Pop() int {
	q.lockReady()
	defer q.mu.Unlock() // ok: the helper's lock is released here
	x := q.items[0]
	q.items = q.items[1:]
	return x
}

func (q *Queue) PopTwo() (int, int) {
	q.lockReady()
	x := q.items[0]
	q.items = q.items[1:]
	q.mu.Unlock()
	return x, q.Pop() // ok: unlocked before Pop locks again
}

// manageLoop locks g.mu at the top of a loop without a condition: the
// first iteration always takes it.
func (g *Gossip) manageLoop() {
	for {
		g.mu.Lock()
		if g.closed {
			g.mu.Unlock()
			return
		}
		g.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
}

// drain locks g.mu only if its loop runs at all.
func (g *Gossip) drain(n int) {
	for i := 0; i < n; i++ {
		g.mu.Lock()
		g.closed = true
		g.mu.Unlock()
	}
}

func (g *Gossip) RunLoops(n int) {
	g.bootstrap()
	g.manageLoop() // want `g.mu is held while calling Gossip.manageLoop, which locks it again`
}

func (g *Gossip) RunDrain(n int) {
	g.bootstrap()
	g.drain(n) // ok by the rule: the loop may not run (n == 0); a call is reported only when every call locks
	g.mu.Unlock()
}

// A path that locks a mutex it already holds blocks there forever: the
// return after it is never reached, and only the second Lock is
// reported, not a return with the mutex held.
type Server struct {
	mu    sync.Mutex
	drain bool
}

func (s *Server) GracefulStop() {
	s.mu.Lock()
	if s.drain {
		s.mu.Lock() // want `s.mu is locked again while this path already holds it`
		return
	}
	s.drain = true
	s.mu.Unlock()
}
