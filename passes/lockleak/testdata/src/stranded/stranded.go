// Package stranded covers lock helpers whose hold nobody can release:
// a function returns holding a mutex that only the package can reach,
// and every unlock of that mutex in the package releases a lock of its
// own function, so the helper's hold is never released and the next
// conflicting lock blocks forever.
package stranded

import (
	"errors"
	"sync"
)

var errClosed = errors.New("closed")

// A read lock left held on the way out of a retry loop, through a chain
// of helpers and an interface.
type Client struct {
	mu     sync.RWMutex
	closed bool
	cancel func()
}

func (c *Client) Close() {
	c.mu.Lock() // the lock that blocks
	defer c.mu.Unlock()
	c.closed = true
	c.cancel() // a call of unknown effect: the unlock still pairs with the lock
	c.cancel = nil
	c.mu.Unlock()
	c.mu.Lock()
}

type remote struct {
	client *Client
	mu     sync.Mutex
	tries  int
}

func (r *remote) acquire() error {
	for {
		r.client.mu.RLock()
		closed := r.client.closed
		r.mu.Lock()
		r.tries++
		r.mu.Unlock()
		if closed {
			return errClosed // want `remote.acquire returns with r.client.mu still read-locked on every path, and nothing in the package unlocks it after the call \(each unlock of mu pairs with a lock of its own function\), so Client.Close's c.mu.Lock blocks forever once remote.acquire has run \(possible deadlock\): call r.client.mu.RUnlock\(\) before returning`
		}
		r.client.mu.RUnlock()
	}
}

type kv struct{ rc *remote }

func (k *kv) Get() error { return k.get() }

func (k *kv) get() error { return k.rc.acquire() }

type KV interface{ Get() error }

func NewKV(c *Client) KV { return &kv{rc: &remote{client: c}} }

// A write lock helper whose only caller never unlocks.
type Store struct {
	mu sync.Mutex
	m  map[string]int
}

func (s *Store) lock() {
	s.mu.Lock()
} // want `Store.lock reaches the end of its body with s.mu still locked on every path, and nothing in the package unlocks it after the call \(each unlock of mu pairs with a lock of its own function\), so Store.Put's s.mu.Lock blocks forever once Store.lock has run \(possible deadlock\): call s.mu.Unlock\(\) before returning`

func (s *Store) Get(k string) int {
	s.lock()
	return s.m[k]
}

func (s *Store) Put(k string, v int) {
	s.mu.Lock()
	s.m[k] = v
	s.mu.Unlock()
}

// ok: the caller unlocks after the helper.
type Store2 struct {
	mu sync.Mutex
	m  map[string]int
}

func (s *Store2) lock() { s.mu.Lock() }

func (s *Store2) Get(k string) int {
	s.lock()
	v := s.m[k]
	s.mu.Unlock()
	return v
}

func (s *Store2) Put(k string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = v
}

// ok: the caller defers the unlock.
type Store3 struct {
	mu sync.Mutex
	m  map[string]int
}

func (s *Store3) lock() { s.mu.Lock() }

func (s *Store3) Get(k string) int {
	s.lock()
	defer s.mu.Unlock()
	return s.m[k]
}

func (s *Store3) Put(k string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = v
}

// ok: the caller defers a function literal that unlocks.
type Store4 struct {
	mu sync.Mutex
	m  map[string]int
}

func (s *Store4) lock() { s.mu.Lock() }

func (s *Store4) Get(k string) int {
	s.lock()
	defer func() {
		s.mu.Unlock()
	}()
	return s.m[k]
}

func (s *Store4) Put(k string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = v
}

// ok: an unlock helper releases what the lock helper took.
type Store5 struct {
	mu sync.Mutex
	m  map[string]int
}

func (s *Store5) lock()   { s.mu.Lock() }
func (s *Store5) unlock() { s.mu.Unlock() }

func (s *Store5) Get(k string) int {
	s.lock()
	v := s.m[k]
	s.unlock()
	return v
}

func (s *Store5) Put(k string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = v
}

// ok: a ...Locked function lets the lock go and takes it back: it
// releases a hold it was handed.
type Store6 struct {
	mu sync.Mutex
	c  chan int
}

func (s *Store6) lock() { s.mu.Lock() }

func (s *Store6) waitLocked() {
	s.mu.Unlock()
	<-s.c
	s.mu.Lock()
}

func (s *Store6) Put() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waitLocked()
}

// ok: the mutex escapes (its address is handed out).
type Store7 struct {
	mu sync.Mutex
}

func (s *Store7) lock() { s.mu.Lock() }

func (s *Store7) Get() { s.lock() }

func (s *Store7) Locker() sync.Locker { return &s.mu }

func (s *Store7) Put() {
	s.mu.Lock()
	s.mu.Unlock()
}

// ok: a read locker is handed out.
type Store8 struct {
	mu sync.RWMutex
}

func (s *Store8) rlock() { s.mu.RLock() }

func (s *Store8) Get() { s.rlock() }

func (s *Store8) Reader() sync.Locker { return s.mu.RLocker() }

func (s *Store8) Put() {
	s.mu.Lock()
	s.mu.Unlock()
}

// ok: an exported mutex: other packages may unlock it.
type Store9 struct {
	Mu sync.Mutex
}

func (s *Store9) lock() { s.Mu.Lock() }

func (s *Store9) Get() { s.lock() }

func (s *Store9) Put() {
	s.Mu.Lock()
	s.Mu.Unlock()
}

// ok: an embedded mutex: its methods are promoted.
type Store10 struct {
	sync.Mutex
}

func (s *Store10) lock() { s.Lock() }

func (s *Store10) Get() { s.lock() }

func (s *Store10) Put() {
	s.Lock()
	s.Unlock()
}

// ok: a read hold, and nobody takes the write lock.
type Store11 struct {
	mu sync.RWMutex
	m  map[string]int
}

func (s *Store11) rlock() { s.mu.RLock() }

func (s *Store11) Get(k string) int {
	s.rlock()
	return s.m[k]
}

func (s *Store11) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.m)
}

// ok: the helper is never called.
type Store12 struct {
	mu sync.Mutex
}

func (s *Store12) lock() { s.mu.Lock() }

func (s *Store12) Put() {
	s.mu.Lock()
	s.mu.Unlock()
}

// ok: a goroutine unlocks a hold it did not take.
type Store13 struct {
	mu sync.Mutex
}

func (s *Store13) lock() { s.mu.Lock() }

func (s *Store13) Handoff() {
	s.lock()
	go func() {
		s.mu.Unlock()
	}()
}

func (s *Store13) Put() {
	s.mu.Lock()
	s.mu.Unlock()
}

// ok: a method value of the unlock.
type Store14 struct {
	mu sync.Mutex
}

func (s *Store14) lock() { s.mu.Lock() }

func (s *Store14) Get() func() {
	s.lock()
	return s.mu.Unlock
}

func (s *Store14) Put() {
	s.mu.Lock()
	s.mu.Unlock()
}

// ok: the helper is named for the convention: it runs with the lock
// held.
type Store15 struct {
	mu sync.Mutex
	n  int
}

func (s *Store15) relockLocked() {
	s.n++
	s.mu.Lock()
}

func (s *Store15) Put() {
	s.mu.Lock()
	s.mu.Unlock()
	s.relockLocked()
}

// ok: a caller unlocks on one path only: a hold taken elsewhere may be
// released there.
type Store16 struct {
	mu sync.Mutex
	n  int
}

func (s *Store16) lock() { s.mu.Lock() }

func (s *Store16) Get(drop bool) {
	s.lock()
	s.n++
	if drop {
		s.mu.Unlock()
	}
}

func (s *Store16) Put() {
	s.mu.Lock()
	s.mu.Unlock()
}

// ok: the helper returns on some paths without the lock.
type Store17 struct {
	mu sync.Mutex
	n  int
}

func (s *Store17) lock(try bool) {
	if try {
		return
	}
	s.mu.Lock()
}

func (s *Store17) Get() { s.lock(false) }

func (s *Store17) Put() {
	s.mu.Lock()
	s.mu.Unlock()
}

// ok: a pointer to a mutex may be shared with other values.
type Store18 struct {
	mu *sync.Mutex
}

func (s *Store18) lock() { s.mu.Lock() }

func (s *Store18) Get() { s.lock() }

func (s *Store18) Put() {
	s.mu.Lock()
	s.mu.Unlock()
}

// ok: the unlock is of another value's mutex, which a helper may hold.
type Node struct {
	mu   sync.Mutex
	next *Node
}

func (n *Node) lock() { n.mu.Lock() }

func (n *Node) Get() { n.lock() }

func (n *Node) Pass() {
	n.mu.Lock()
	n = n.next
	n.mu.Unlock()
}

// A generic type: the same rule.
type Box[T any] struct {
	mu sync.Mutex
	v  T
}

func (b *Box[T]) lock() {
	for {
		b.mu.Lock()
		if b.ready() {
			break
		}
		b.mu.Unlock()
	}
} // want `Box.lock reaches the end of its body with b.mu still locked on every path`

func (b *Box[T]) ready() bool { return true }

func (b *Box[T]) Get() T {
	b.lock()
	return b.v
}

func (b *Box[T]) Set(v T) {
	b.mu.Lock()
	b.v = v
	b.mu.Unlock()
}

// ok: a generic lock helper whose caller unlocks, through a labelled
// loop and a goto-free retry.
type Box2[T any] struct {
	mu sync.Mutex
	v  T
}

func (b *Box2[T]) lock() { b.mu.Lock() }

func (b *Box2[T]) Get() (v T) {
outer:
	for i := 0; ; i++ {
		b.lock()
		if i > 2 {
			break outer
		}
		b.mu.Unlock()
	}
	v = b.v
	b.mu.Unlock()
	return v
}

func (b *Box2[T]) Set(v T) {
	b.mu.Lock()
	b.v = v
	b.mu.Unlock()
}
