// Package relock covers the re-lock rule: a mutex locked again on a
// path that holds it, directly or through calls.
package relock

import "sync"

type Cache struct {
	mu sync.Mutex
	rw sync.RWMutex
	m  map[string]int
}

func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

func (c *Cache) Add(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.Len() > 10 { // want `c.mu is held while calling Cache.Len, which locks it again \(sync mutexes are not reentrant: this blocks forever\)`
		return
	}
	c.m[k] = v
}

func (c *Cache) Twice() {
	c.mu.Lock()
	c.m["a"]++
	c.mu.Lock() // want `c.mu is locked again while this path already holds it \(sync mutexes are not reentrant: this blocks forever\)`
	c.mu.Unlock()
}

func (c *Cache) Set(k string, v int) {
	c.rw.Lock()
	c.m[k] = v
	c.rw.Unlock()
}

func (c *Cache) get(k string) int {
	c.rw.RLock()
	defer c.rw.RUnlock()
	return c.m[k]
}

func (c *Cache) Sum(a, b string) int {
	c.rw.RLock()
	defer c.rw.RUnlock()
	return c.get(a) + c.get(b) // want `c.rw is held while calling Cache.get, which read-locks it again \(a writer waiting in Lock blocks the second RLock: possible deadlock\)` `c.rw is held while calling Cache.get`
}

// Through a chain of calls.
func (c *Cache) size() int { return c.Len() }

func (c *Cache) Grow() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.size() == 0 { // want `c.mu is held while calling Cache.size \(through Cache.Len\), which locks it again`
		c.m = map[string]int{}
	}
}

// A parameter of the same type, given the same value.
func lockBoth(a *Cache) {
	a.mu.Lock()
	a.mu.Unlock()
}

func (c *Cache) Param() {
	c.mu.Lock()
	lockBoth(c) // want `c.mu is held while calling lockBoth, which locks it again`
	c.mu.Unlock()
}

// A package-level mutex.
var regMu sync.Mutex

func register() {
	regMu.Lock()
	defer regMu.Unlock()
}

func Init() {
	regMu.Lock()
	defer regMu.Unlock()
	register() // want `regMu is held while calling register, which locks it again`
}

// Locking on every iteration without unlocking.
func (c *Cache) Loop(keys []string) {
	for _, k := range keys {
		c.mu.Lock() // want `c.mu is locked again while this path already holds it`
		c.m[k]++
	}
}

// An embedded mutex.
type Counter struct {
	sync.Mutex
	n int
}

func (c *Counter) Value() int {
	c.Lock()
	defer c.Unlock()
	return c.n
}

func (c *Counter) Double() {
	c.Lock()
	defer c.Unlock()
	c.n += c.Value() // want `c is held while calling Counter.Value, which locks it again`
}

// Generics.
type Box[T any] struct {
	mu sync.Mutex
	v  T
}

func (b *Box[T]) Get() T {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.v
}

func (b *Box[T]) Swap(v T) T {
	b.mu.Lock()
	defer b.mu.Unlock()
	old := b.Get() // want `b.mu is held while calling Box.Get, which locks it again`
	b.v = v
	return old
}

// ok: a ...Locked helper under the lock.
func (c *Cache) lenLocked() int { return len(c.m) }

func (c *Cache) AddOK(k string, v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lenLocked() > 10 {
		return
	}
	c.m[k] = v
}

// ok: the callee locks only on one branch.
func (c *Cache) maybeLock(lock bool) {
	if lock {
		c.mu.Lock()
		defer c.mu.Unlock()
	}
	c.m["x"]++
}

func (c *Cache) Maybe() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.maybeLock(false)
}

// ok: another value of the same type.
func (c *Cache) Other(o *Cache) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return o.Len()
}

// ok: the lock is released before the call.
func (c *Cache) Released() int {
	c.mu.Lock()
	n := len(c.m)
	c.mu.Unlock()
	return n + c.Len()
}

// ok: the callee unlocks and relocks the lock it is handed.
func (c *Cache) waitLocked(ch chan int) {
	c.mu.Unlock()
	<-ch
	c.mu.Lock()
}

func (c *Cache) Wait(ch chan int) {
	c.mu.Lock()
	c.waitLocked(ch)
	c.mu.Unlock()
}

// ok: two RWMutex read locks of different mutexes.
func (c *Cache) Both(o *Cache) {
	c.rw.RLock()
	o.rw.RLock()
	o.rw.RUnlock()
	c.rw.RUnlock()
}

// ok: RLock under RLock of a mutex that nothing write-locks.
func ReadOnly() {
	var rw sync.RWMutex
	rw.RLock()
	rw.RLock()
	rw.RUnlock()
	rw.RUnlock()
}

// ok: a local RWMutex that no other goroutine sees: no writer can come
// in between the two RLocks.
func LocalReaders(n int) {
	var rw sync.RWMutex
	for i := 0; i < n; i++ {
		rw.RLock()
		rw.RLock()
		rw.RUnlock()
		rw.RUnlock()
		rw.Lock()
		rw.Unlock()
	}
}

// Through lock helpers of the package.
func (c *Cache) lock()   { c.mu.Lock() }
func (c *Cache) unlock() { c.mu.Unlock() }

func (c *Cache) ViaHelpers() int {
	c.lock()
	defer c.unlock()
	return c.Len() // want `c.mu is held while calling Cache.Len, which locks it again`
}

// ok: read locks that pile up in a loop, on a local mutex.
func PileUp(next func() bool) {
	mu := sync.RWMutex{}
	i := 0
	for ; next(); i++ {
		mu.RLock()
	}
	for ; i > 0; i-- {
		mu.RUnlock()
	}
}

// ok: RLock twice on a local value that embeds the RWMutex (as in
// sync's BenchmarkRWMutexUncontended): no other goroutine sees it.
func LocalEmbedded(n int) {
	type padded struct {
		sync.RWMutex
		pad [8]uint32
	}
	var rw padded
	for i := 0; i < n; i++ {
		rw.RLock()
		rw.RLock()
		rw.RUnlock()
		rw.RUnlock()
		rw.Lock()
		rw.Unlock()
	}
}
