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

type session struct {
	mu    sync.Mutex
	timer *time.Timer
}

func (s *session) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	// want +2 `s.timer comes from outside this function, so its history is not visible here`
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
