//go:build go1.23

package go123

import (
	"sync"
	"time"
)

// ok: a timer made already expired and stopped at once, the usual way
// to hold a stopped timer: nothing received or stopped it before.
func expiredThenStopped() *time.Timer {
	t := time.NewTimer(0)
	if !t.Stop() {
		<-t.C
	}
	return t
}

// ok: stopped once at the start, then every use re-arms it with Reset
// before the drain; a receive in the other case is followed by the
// Reset of the next iteration.
func resetBeforeEachUse(in <-chan int, out chan<- int, d time.Duration) {
	t := time.NewTimer(time.Minute)
	t.Stop()
	for v := range in {
		t.Reset(d)
		select {
		case out <- v:
			if !t.Stop() {
				<-t.C
			}
		case <-t.C:
		}
	}
}

// ok: every receive is followed by a Reset.
func receiveThenReset(ch chan int, d time.Duration) {
	t := time.NewTimer(d)
	for i := 0; i < 3; i++ {
		select {
		case <-t.C:
			t.Reset(d)
		case <-ch:
		}
	}
	if !t.Stop() {
		<-t.C
	}
}

// ok: the deferred drain of a timer made here that nothing else stops
// or receives.
func deferredFresh(ch chan int, d time.Duration) int {
	t := time.NewTimer(d)
	defer func() {
		if !t.Stop() {
			<-t.C
		}
	}()
	return <-ch
}

func stoppedTwice(d time.Duration, early bool) {
	t := time.NewTimer(d)
	if early {
		t.Stop()
	}
	// want +2 `blocking drain of t.C after t.Stop\(\) can block forever: t may already have been stopped above \(since Go 1.23, Stop leaves no stale value: delete the drain\)`
	if !t.Stop() {
		<-t.C
	}
}

func drainInLoop(ch chan int, d time.Duration) {
	t := time.NewTimer(d)
	for range ch {
		// want +2 `this Stop may already have stopped t in a previous loop iteration, with no Reset since`
		if !t.Stop() {
			<-t.C
		}
	}
}

// ok: the same loop, re-armed at the end of each iteration.
func drainInLoopReset(ch chan int, d time.Duration) {
	t := time.NewTimer(d)
	for range ch {
		if !t.Stop() {
			<-t.C
		}
		t.Reset(d)
	}
}

func deferredAfterStop(ch chan int, d time.Duration) int {
	t := time.NewTimer(d)
	defer func() {
		if !t.Stop() {
			<-t.C // want `t may already have been stopped before this deferred drain runs`
		}
	}()
	v := <-ch
	t.Stop()
	return v
}

func made() *time.Timer { return time.NewTimer(time.Second) }

func assignedElsewhere() {
	t := made()
	// want +2 `blocking drain of t.C after t.Stop\(\) blocks forever since Go 1.23 if t.C was received or the timer stopped before: t is assigned a timer made elsewhere`
	if !t.Stop() {
		<-t.C
	}
}

// The field's only Stop is the drain's own, and nothing stores a new
// timer after it: a second call blocks.
type session struct {
	mu    sync.Mutex
	timer *time.Timer
}

func (s *session) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	// want +2 `blocking drain of s.timer.C after s.timer.Stop\(\) can block forever since Go 1.23: elsewhere the package receives from the field's timer or stops it without storing a new timer in the field`
	if !s.timer.Stop() {
		<-s.timer.C
	}
}

func captured(d time.Duration, done chan bool) {
	t := time.NewTimer(d)
	go func() {
		<-done
		// want +2 `t comes from outside this function`
		if !t.Stop() {
			<-t.C
		}
	}()
}

// ok: the guard of "if cond && !t.Stop()" tracks the timer's state: it
// holds again only after the Reset of the other case.
func guardedRestop(conns <-chan bool, closed <-chan bool, d time.Duration) {
	active := 0
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		select {
		case <-conns:
			if active == 0 && !t.Stop() {
				<-t.C
			}
			active++
		case <-closed:
			active--
			if active == 0 {
				t.Reset(d)
			}
		case <-t.C:
			return
		}
	}
}

// ok: every receive of the field's timer and every Stop is followed by
// a new value for the field, under one lock: the timer the field holds
// was never received or stopped, so the drain never runs.
type throttle struct {
	mu    sync.Mutex
	timer *time.Timer
}

func (b *throttle) set(d time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.timer != nil {
		if !b.timer.Stop() {
			<-b.timer.C
		}
	}
	b.timer = time.NewTimer(d)
}

func (b *throttle) wait() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.timer != nil {
		<-b.timer.C
		b.timer = nil
	}
}

// ok: the timer is copied out of the field: its history is unknown, so
// the pass cannot say why the drain would block.
type copied struct {
	timer *time.Timer
}

func (c *copied) set(d time.Duration) {
	if c.timer != nil && !c.timer.Stop() {
		<-c.timer.C
	}
	c.timer = time.NewTimer(d)
}

func (c *copied) old() *time.Timer { return c.timer }

// The receive keeps the received timer in the field: the next set
// blocks in its drain.
type kept struct {
	timer *time.Timer
}

func (k *kept) set(d time.Duration) {
	// want +2 `elsewhere the package receives from the field's timer`
	if k.timer != nil && !k.timer.Stop() {
		<-k.timer.C
	}
	k.timer = time.NewTimer(d)
}

func (k *kept) wait() {
	<-k.timer.C
}

// A constructor that drains the timer it has just put in the literal:
// nothing can have received from it or stopped it yet, whatever the
// rest of the package does with the field, so Stop returns true and the
// drain never runs.
type ticking struct {
	timeout *time.Timer
	events  chan int
}

func newTicking() *ticking {
	l := &ticking{timeout: time.NewTimer(time.Second), events: make(chan int)}
	if !l.timeout.Stop() {
		<-l.timeout.C
	}
	return l
}

func newTickingPositional() *ticking {
	var l = &ticking{time.NewTimer(0), nil}
	if !l.timeout.Stop() {
		<-l.timeout.C
	}
	return l
}

func (l *ticking) serve() {
	for {
		select {
		case <-l.events:
			l.timeout.Reset(time.Second)
		case <-l.timeout.C:
		}
	}
}

// The same drain on a value from elsewhere: serve may have received
// from its timer.
func reuse(l *ticking) {
	// want +2 `blocking drain of l.timeout.C after l.timeout.Stop\(\) can block forever since Go 1.23: elsewhere the package receives from the field's timer`
	if !l.timeout.Stop() {
		<-l.timeout.C
	}
}
