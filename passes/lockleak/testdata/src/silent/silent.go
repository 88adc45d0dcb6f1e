// Package silent holds the twins of every lockleak rule: code that
// looks like a lock mistake and is not, or is outside the model.
package silent

import (
	"errors"
	"os"
	"sync"
)

type S struct {
	mu sync.Mutex
	rw sync.RWMutex
	m  map[string]int
	c  chan int
}

// ok: a lock helper returns holding the lock on every path.
func (s *S) lock() *S {
	s.mu.Lock()
	return s
}

func (s *S) unlock() { s.mu.Unlock() }

// ok: the helpers pair up.
func (s *S) UseHelpers(k string) int {
	s.lock()
	defer s.unlock()
	return s.m[k]
}

// ok: the helper is given the held lock and unlocks it.
func (s *S) Handoff(k string) int {
	s.mu.Lock()
	if k == "" {
		s.unlock()
		return 0
	}
	n := s.m[k]
	s.mu.Unlock()
	return n
}

// ok: a ...Locked function runs under the caller's lock.
func (s *S) flushLocked() {
	if len(s.m) == 0 {
		return
	}
	s.mu.Unlock()
	s.mu.Lock()
}

// ok: calling a ...Locked helper under the lock.
func (s *S) Flush() {
	s.mu.Lock()
	s.flushLocked()
	s.mu.Unlock()
}

// ok: defer unlocks on every path.
func (s *S) Deferred(k string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k == "" {
		return 0
	}
	return s.m[k]
}

// ok: a deferred literal unlocks.
func (s *S) DeferredLit(k string) int {
	s.mu.Lock()
	defer func() {
		s.mu.Unlock()
	}()
	if k == "" {
		return 0
	}
	return s.m[k]
}

// ok: unlock before the send.
func (s *S) UnlockBeforeSend(v int) {
	s.mu.Lock()
	s.m["v"] = v
	s.mu.Unlock()
	s.c <- v
}

// ok: TryLock decides.
func (s *S) Try() bool {
	if !s.mu.TryLock() {
		return false
	}
	s.m["x"]++
	s.mu.Unlock()
	return true
}

// ok: correlated conditional locking.
func (s *S) Conditional(lock bool) {
	if lock {
		s.mu.Lock()
	}
	s.m["x"]++
	if lock {
		s.mu.Unlock()
	}
}

// ok: a conditional lock helper: it keeps the lock on success only.
func (s *S) lockOpen() error {
	s.mu.Lock()
	if s.m == nil {
		s.mu.Unlock()
		return errors.New("closed")
	}
	return nil
}

// ok: the same with a bool.
func (s *S) lockIf(k string) bool {
	s.mu.Lock()
	if _, ok := s.m[k]; !ok {
		s.mu.Unlock()
		return false
	}
	return true
}

// ok: mutexes in slices and maps are outside the model.
func Shards(mus []sync.Mutex, byName map[string]*sync.Mutex, i int) {
	mus[i].Lock()
	if i == 0 {
		return
	}
	mus[i].Unlock()
	byName["a"].Lock()
	byName["a"].Lock()
}

type Embedded struct {
	sync.Mutex
	n int
}

// ok: embedded mutex, unlocked on every path.
func (e *Embedded) Inc() int {
	e.Lock()
	defer e.Unlock()
	e.n++
	return e.n
}

type G[T any] struct {
	mu sync.RWMutex
	v  T
}

// ok: generics, unlocked on every path.
func (g *G[T]) Get() T {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.v
}

// ok: the lock is released by a goroutine: out of the model.
func (s *S) OtherGoroutine() {
	s.mu.Lock()
	if len(s.m) == 0 {
		go func() { s.mu.Unlock() }()
		return
	}
	s.mu.Unlock()
}

// ok: a goroutine locks in its own function.
func (s *S) Goroutine() {
	s.mu.Lock()
	go func() {
		s.mu.Lock()
		s.m["g"]++
		s.mu.Unlock()
	}()
	s.mu.Unlock()
}

// ok: the path ends the process.
func (s *S) Exit(k string) {
	s.mu.Lock()
	if k == "" {
		os.Exit(1)
	}
	if k == "p" {
		panic("p")
	}
	s.mu.Unlock()
}

// ok: a function with a goto is not modelled.
func (s *S) Goto(k string) {
	s.mu.Lock()
	if k == "" {
		goto out
	}
	s.m[k]++
out:
	s.mu.Unlock()
}

// ok: fallthrough reaches the unlock.
func (s *S) Fallthrough(k string) {
	s.mu.Lock()
	switch k {
	case "a":
		s.m[k]++
		fallthrough
	case "b":
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
}

// ok: a select whose every case unlocks.
func (s *S) Select(done chan struct{}) {
	s.mu.Lock()
	select {
	case <-done:
		s.mu.Unlock()
		return
	case v := <-s.c:
		s.m["v"] = v
	}
	s.mu.Unlock()
}

// ok: the address is stored: out of the model.
func (s *S) Stored(k string) {
	l := &s.mu
	s.mu.Lock()
	if k == "" {
		l.Unlock()
		return
	}
	s.mu.Unlock()
}

// ok: a method value unlocks.
func (s *S) MethodValue(k string) {
	unlock := s.mu.Unlock
	s.mu.Lock()
	if k == "" {
		unlock()
		return
	}
	s.mu.Unlock()
}

// ok: break leaves the loop with the lock, the code after the loop
// unlocks.
func (s *S) Break() {
	for {
		s.mu.Lock()
		if len(s.m) > 0 {
			break
		}
		s.mu.Unlock()
		<-s.c
	}
	s.m["x"]++
	s.mu.Unlock()
}

// ok: a labelled continue to the outer loop, unlocked first.
func (s *S) Labels(rows [][]string) {
outer:
	for _, row := range rows {
		s.mu.Lock()
		for _, k := range row {
			if k == "" {
				s.mu.Unlock()
				continue outer
			}
		}
		s.mu.Unlock()
	}
}

// ok: RLock under RLock of two different mutexes, and Lock after RUnlock.
func (s *S) Upgrade(k string) {
	s.rw.RLock()
	_, ok := s.m[k]
	s.rw.RUnlock()
	if !ok {
		s.rw.Lock()
		s.m[k] = 0
		s.rw.Unlock()
	}
}

// ok: two values of the same type, a parent and a child.
type Node struct {
	mu     sync.Mutex
	parent *Node
}

func (n *Node) WithParent() {
	n.mu.Lock()
	n.parent.mu.Lock()
	n.parent.mu.Unlock()
	n.mu.Unlock()
}

// ok: a loop that unlocks and relocks around a wait.
func (s *S) WaitLoop() {
	s.mu.Lock()
	for len(s.m) == 0 {
		s.mu.Unlock()
		<-s.c
		s.mu.Lock()
	}
	s.mu.Unlock()
}

// ok: conditional acquisition in a loop.
func (s *S) LoopConditional(keys []string) {
	for _, k := range keys {
		if k != "" {
			s.mu.Lock()
		}
		if k == "x" {
			continue
		}
		if k != "" {
			s.mu.Unlock()
		}
	}
}

type tree struct {
	mu     sync.Mutex
	parent *tree
	done   bool
}

// ok: hand-over-hand locking up a tree (the variable changes each
// iteration).
func (t *tree) firstOpen() *tree {
	t.mu.Lock()
	defer t.mu.Unlock()
	for p := t.parent; p != nil; p = p.parent {
		p.mu.Lock()
		defer p.mu.Unlock()
		if !p.done {
			return p
		}
	}
	return nil
}

// ok: the same with a variable defined in the loop body.
func (t *tree) climb() {
	t.mu.Lock()
	for t.parent != nil {
		p := t.parent
		p.mu.Lock()
		t.mu.Unlock()
		t = p
	}
	t.mu.Unlock()
}

// ok: a goroutine locks what the function unlocks.
func CrossGoroutine(n int, locked chan bool) {
	var mu sync.Mutex
	go func() {
		for i := 0; i < n; i++ {
			mu.Lock()
			locked <- true
		}
	}()
	for i := 0; i < n; i++ {
		<-locked
		mu.Unlock()
	}
}

// ok: flush runs with s.mu held by its caller. The slow path releases
// that hold around the write and takes it again; the fast path never
// touches it. Every path returns holding it, as the caller expects.
func (s *S) flush(f *os.File, b []byte) error {
	if len(b) == 0 {
		return nil
	}
	s.mu.Unlock()
	_, err := f.Write(b)
	s.mu.Lock()
	if err != nil {
		return err
	}
	s.m["flushed"]++
	return nil
}

// handshake releases the caller's hold of s.mu for the I/O and takes
// it again.
func (s *S) handshake(f *os.File) error {
	s.mu.Unlock()
	_, err := f.Write(nil)
	s.mu.Lock()
	return err
}

// ok: the same through a call: handshake gives back the hold it was
// handed, and the path that skips it keeps the caller's hold.
func (s *S) maybeHandshake(f *os.File, tls bool) (bool, error) {
	if !tls {
		return false, nil
	}
	if err := s.handshake(f); err != nil {
		s.m["failed"]++
		return false, err
	}
	return true, nil
}

const traced = false

// ok: the early return is under a constant false condition (dead code,
// kept to quiet another linter): every path unlocks mu.
func noDeferUnlock(mu *sync.Mutex) {
	mu.Lock()
	if false {
		return
	}
	mu.Unlock()
}

// ok: the same with a named constant.
func (s *S) Traced(k string) int {
	s.mu.Lock()
	if traced {
		return -1
	}
	n := s.m[k]
	s.mu.Unlock()
	return n
}

// ok: the early returns are covered by a deferred literal that unlocks
// through its parameter, bound to s; unlocked is set right after the
// explicit unlock.
func (s *S) Recover(k string) (int, error) {
	s.mu.Lock()
	unlocked := false
	defer func(s *S) {
		if !unlocked {
			s.mu.Unlock()
		}
	}(s)
	if k == "" {
		return 0, errors.New("empty")
	}
	n := s.m[k]
	s.mu.Unlock()
	unlocked = true
	return n, nil
}

// ok: the same with the parameter named otherwise and the owner given
// as a field path.
type Outer struct{ inner S }

func (o *Outer) Recover(k string) int {
	o.inner.mu.Lock()
	done := false
	defer func(in *S) {
		if !done {
			in.mu.Unlock()
		}
	}(&o.inner)
	if k == "" {
		return 0
	}
	n := o.inner.m[k]
	o.inner.mu.Unlock()
	done = true
	return n
}
