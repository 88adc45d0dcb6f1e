// Package recovered covers goroutines that defer a recover: one whose
// result is discarded declares a panic an expected way out, so a send
// reached only after a call that can panic may never run; one whose
// value is used is the usual guard around any goroutine and changes
// nothing.
package recovered

import (
	"errors"
	"log"
	"sync"
)

var errClosed = errors.New("closed")

// A queue whose blocking Push waits for room, and panics once the queue
// is closed.
type queue struct {
	mu     sync.Mutex
	room   *sync.Cond
	closed bool
	n, max int
}

func newQueue(max int) *queue {
	q := &queue{max: max}
	q.room = sync.NewCond(&q.mu)
	return q
}

func (q *queue) Push(v int) { q.push(v) }

func (q *queue) push(int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.n >= q.max && !q.closed {
		q.room.Wait()
	}
	if q.closed {
		panic(errClosed)
	}
	q.n++
}

func (q *queue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.room.Broadcast()
}

func (q *queue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.n
}

// ok: Push blocks until Close and then panics; the goroutine recovers
// and never reaches the send (libp2p-pubsub's test of a full queue).
func BlockedPush() bool {
	q := newQueue(1)
	q.Push(1)
	finished := make(chan struct{})
	go func() {
		defer func() { recover() }() // recover from close
		q.Push(2)
		finished <- struct{}{} // ok: only after a Push that may panic
	}()
	select {
	case <-finished:
		return false
	default:
	}
	q.Close()
	return true
}

// ok: the same with the recovered value assigned to the blank
// identifier.
func BlockedPushBlank() bool {
	q := newQueue(1)
	finished := make(chan struct{})
	go func() {
		defer func() { _ = recover() }()
		q.Push(2)
		finished <- struct{}{} // ok: only after a Push that may panic
	}()
	select {
	case <-finished:
		return false
	default:
	}
	q.Close()
	return true
}

// The recovered value is logged: the usual guard around a goroutine,
// not a way out the code counts on.
func LoggedRecover() bool {
	q := newQueue(1)
	finished := make(chan struct{})
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Print(r)
			}
		}()
		q.Push(2)
		finished <- struct{}{} // want `goroutine may block forever sending on finished`
	}()
	select {
	case <-finished:
		return false
	default:
	}
	q.Close()
	return true
}

// The recovered value is re-panicked.
func Repanic() bool {
	q := newQueue(1)
	finished := make(chan struct{})
	go func() {
		defer func() {
			if r := recover(); r != errClosed {
				panic(r)
			}
		}()
		q.Push(2)
		finished <- struct{}{} // want `goroutine may block forever sending on finished`
	}()
	select {
	case <-finished:
		return false
	default:
	}
	return true
}

// Nothing before the send can panic: the recover changes nothing.
func NoPanicker() bool {
	q := newQueue(1)
	finished := make(chan int)
	go func() {
		defer func() { recover() }()
		finished <- q.Len() // want `goroutine may block forever sending on finished`
	}()
	select {
	case n := <-finished:
		return n > 0
	default:
	}
	return true
}

// The call that can panic is on one path only.
func OnePath(block bool) bool {
	q := newQueue(1)
	finished := make(chan struct{})
	go func() {
		defer func() { recover() }()
		if block {
			q.Push(2)
		}
		finished <- struct{}{} // want `goroutine may block forever sending on finished`
	}()
	select {
	case <-finished:
		return false
	default:
	}
	q.Close()
	return true
}

// The send comes before the call that can panic.
func SendFirst() bool {
	q := newQueue(1)
	started := make(chan struct{})
	go func() {
		defer func() { recover() }()
		started <- struct{}{} // want `goroutine may block forever sending on started`
		q.Push(2)
	}()
	select {
	case <-started:
		return false
	default:
	}
	q.Close()
	return true
}

// The recover is deferred only on one path: a panic before it is not
// recovered, and after it the send may still be reached.
func DeferLater(guard bool) bool {
	q := newQueue(1)
	finished := make(chan struct{})
	go func() {
		if guard {
			defer func() { recover() }()
		}
		q.Push(2)
		finished <- struct{}{} // want `goroutine may block forever sending on finished`
	}()
	select {
	case <-finished:
		return false
	default:
	}
	q.Close()
	return true
}

func notify(c chan<- struct{}) { c <- struct{}{} } // want notify:"sends on c#0 once"

// ok: the send is in a helper called after the Push that may panic.
func BlockedPushHelper() bool {
	q := newQueue(1)
	finished := make(chan struct{})
	go func() {
		defer func() { recover() }()
		q.Push(2)
		notify(finished) // ok: only after a Push that may panic
	}()
	select {
	case <-finished:
		return false
	default:
	}
	q.Close()
	return true
}

// The helper sends before the Push.
func HelperFirst() bool {
	q := newQueue(1)
	started := make(chan struct{})
	go func() {
		defer func() { recover() }()
		notify(started) // want `goroutine may block forever sending on started`
		q.Push(2)
	}()
	select {
	case <-started:
		return false
	default:
	}
	q.Close()
	return true
}
