// Package condloop covers the rules of a Wait outside a loop, and of a
// Wait loop whose condition cannot change.
package condloop

import (
	"runtime"
	"sync"
)

type Queue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
}

// ok for this check: Get checks q.items holding q.mu, and Put changes
// q.items under q.mu before it signals, so the wakeup cannot come
// before the Wait. (Without a loop, a wakeup whose item another Get
// took first lets Get go on to q.items[0]: a bug, but no goroutine
// blocks.)
func (q *Queue) Get() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		q.cond.Wait()
	}
	return q.items[0]
}

// The same check after an early return.
func (q *Queue) Ready() bool {
	q.mu.Lock()
	if len(q.items) != 0 {
		q.mu.Unlock()
		return true
	}
	q.cond.Wait()
	q.mu.Unlock()
	return true
}

// The check reads a parameter, not the queue's state: a Put between
// the caller's look and the Lock is missed.
func (q *Queue) GetIf(empty bool) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	if empty {
		q.cond.Wait() // want `q.cond.Wait\(\) is not in a loop re-checking its condition: a wakeup \(Broadcast, Signal\) does not mean the condition holds`
	}
	return q.items[0]
}

// The check is made before the lock is taken: a Put in between is
// missed.
func (q *Queue) GetLate() int {
	if len(q.items) == 0 {
		q.mu.Lock()
		q.cond.Wait() // want `q.cond.Wait\(\) is not in a loop`
		q.mu.Unlock()
	}
	return q.items[0]
}

func (q *Queue) Bare() {
	q.cond.L.Lock()
	defer q.cond.L.Unlock()
	q.cond.Wait() // want `q.cond.Wait\(\) is not in a loop`
}

func (q *Queue) Put(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.cond.Signal()
}

// ok: the loop re-checks.
func (q *Queue) GetLoop() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	return q.items[0]
}

// ok: an endless loop that breaks on the condition.
func (q *Queue) GetBreak() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		if len(q.items) > 0 {
			break
		}
		q.cond.Wait()
	}
	return q.items[0]
}

// ok: a helper that waits once, called in its caller's loop.
func (q *Queue) waitOnce() {
	q.cond.Wait()
}

func (q *Queue) GetHelper() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.waitOnce()
	}
	return q.items[0]
}

// ok: a helper passed as a value.
func (q *Queue) waitValue() {
	q.cond.Wait()
}

func (q *Queue) GetValue(run func(func())) {
	run(q.waitValue)
}

// ok: in a function literal, whose caller may loop.
func (q *Queue) Lit() func() {
	return func() {
		q.cond.Wait()
	}
}

// ok: a loop made with goto.
func (q *Queue) Goto() {
	q.mu.Lock()
again:
	if len(q.items) == 0 {
		q.cond.Wait()
		goto again
	}
	q.mu.Unlock()
}

// The loop's condition is a local variable nothing changes.
func (q *Queue) Fixed() {
	q.mu.Lock()
	defer q.mu.Unlock()
	exists := true
	for exists {
		q.cond.Wait() // want `q.cond.Wait\(\) waits in a loop whose condition cannot change: exists is a local variable that nothing assigns in the loop and no other goroutine can reach`
		runtime.Gosched()
	}
}

func (q *Queue) FixedNot(n int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	ready := n > 0
	for !ready && n < 10 {
		q.cond.Wait() // want `waits in a loop whose condition cannot change: ready is a local variable`
	}
}

// ok: the loop assigns the variable.
func (q *Queue) Assigned() {
	q.mu.Lock()
	defer q.mu.Unlock()
	ready := false
	for !ready {
		q.cond.Wait()
		ready = len(q.items) > 0
	}
}

// ok: a goroutine can set the variable.
func (q *Queue) Captured() {
	ready := false
	go func() {
		q.mu.Lock()
		ready = true
		q.mu.Unlock()
		q.cond.Broadcast()
	}()
	q.mu.Lock()
	for !ready {
		q.cond.Wait()
	}
	q.mu.Unlock()
}

// ok: the variable's address is shared.
func (q *Queue) Addressed(set func(*bool)) {
	ready := false
	set(&ready)
	q.mu.Lock()
	for !ready {
		q.cond.Wait()
	}
	q.mu.Unlock()
}

// ok: a field, a package variable, a call.
type Flagged struct {
	mu    sync.Mutex
	cond  *sync.Cond
	ready bool
}

var started bool

func (f *Flagged) Field() {
	f.mu.Lock()
	for !f.ready {
		f.cond.Wait()
	}
	for !started {
		f.cond.Wait()
	}
	for !f.isReady() {
		f.cond.Wait()
	}
	f.mu.Unlock()
}

func (f *Flagged) isReady() bool { return f.ready }

func (f *Flagged) Set() {
	f.mu.Lock()
	f.ready = true
	started = true
	f.mu.Unlock()
	f.cond.Broadcast()
}

// ok: the loop can leave by break or return.
func (q *Queue) Leaves(n int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	waiting := true
	for waiting {
		q.cond.Wait()
		if len(q.items) > n {
			break
		}
	}
	for waiting {
		q.cond.Wait()
		if len(q.items) > n {
			return
		}
	}
}

// A parameter the loop does not change.
func (q *Queue) Param(wait bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for wait {
		q.cond.Wait() // want `condition cannot change: wait is a local variable`
	}
}

// Generics.
type Box[T any] struct {
	mu   sync.Mutex
	cond *sync.Cond
	v    []T
}

// ok: checked under the lock, and Put appends under it (as Queue.Get).
func (b *Box[T]) Take() T {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.v) == 0 {
		b.cond.Wait()
	}
	return b.v[0]
}

// A signaller that changes the state without the lock: Peek's check
// may miss the change, and the Broadcast come before the Wait.
type Flag struct {
	mu   sync.Mutex
	cond *sync.Cond
	set  bool
}

func (f *Flag) Peek() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.set {
		f.cond.Wait() // want `f.cond.Wait\(\) is not in a loop`
	}
}

func (f *Flag) Set() {
	f.set = true
	f.cond.Broadcast()
}

func (b *Box[T]) wait() { b.cond.Wait() }

// ok: the generic helper is called in a loop.
func (b *Box[T]) TakeLoop() T {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.v) == 0 {
		b.wait()
	}
	return b.v[0]
}

func (b *Box[T]) Put(v T) {
	b.mu.Lock()
	b.v = append(b.v, v)
	b.mu.Unlock()
	b.cond.Broadcast()
}

// The condition variables wait on their owners' mutexes.
func NewQueue() *Queue {
	q := &Queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func NewBox[T any]() *Box[T] {
	b := &Box[T]{}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func NewFlag() *Flag {
	f := &Flag{}
	f.cond = sync.NewCond(&f.mu)
	return f
}
