// Package locks checks the facts of lockset: what each exported
// function does to the mutexes its callers can name.
package locks

import "sync"

var mu sync.Mutex

func Acquire() { mu.Lock() } // want Acquire:`lockset\(acquires locks.mu; holds locks.mu\)`

func Release() { mu.Unlock() } // want Release:`lockset\(releases locks.mu\)`

func Do(f func()) { // want Do:`lockset\(acquires locks.mu\)`
	mu.Lock()
	defer mu.Unlock()
	f()
}

type Table struct {
	mu   sync.RWMutex
	rows map[string]int
	sub  *Table
}

func (t *Table) Len() int { // want Len:`lockset\(acquires recv.mu\(r\)\)`
	t.mu.RLock()
	defer t.mu.RUnlock()
	return len(t.rows)
}

func (t *Table) Lock()   { t.mu.Lock() }   // want Lock:`lockset\(acquires recv.mu; holds recv.mu\)`
func (t *Table) Unlock() { t.mu.Unlock() } // want Unlock:`lockset\(releases recv.mu\)`

// Through a call, on a field path, in a function that locks too.
func (t *Table) SubLen() int { // want SubLen:`lockset\(acquires recv.mu recv.sub.mu\(r\)\)`
	t.mu.Lock()
	t.mu.Unlock()
	return t.sub.Len()
}

// No fact: a function that only calls one that locks is not walked
// (only functions with lock calls, or calls of lock helpers, are).
func (t *Table) Size() int { return t.Len() }

// A parameter.
func Lock(t *Table) { t.Lock() } // want Lock:`lockset\(acquires p0.mu; holds p0.mu\)`

// No fact: conditional, or nothing.
func Maybe(t *Table, x bool) {
	if x {
		t.mu.Lock()
		t.mu.Unlock()
	}
}

func Nothing() {}

// WaitLocked unlocks and locks again what its caller holds: it acquires
// the mutex again, while the caller holds its other locks.
func (t *Table) WaitLocked(ch chan int) { // want WaitLocked:`lockset\(acquires recv.mu; releases recv.mu; holds recv.mu\)`
	t.mu.Unlock()
	<-ch
	t.mu.Lock()
}

// A function that may block on a channel field of its receiver: the
// fact does not say so (see lockset.Block: no other package can name a
// field of the importers' types, so it would never be used).
type Bus struct {
	mu  sync.Mutex
	out chan int
	n   int
}

func (b *Bus) Send(v int) { // want Send:`lockset\(acquires recv.mu\)`
	b.mu.Lock()
	b.n++
	b.mu.Unlock()
	b.out <- v
}
