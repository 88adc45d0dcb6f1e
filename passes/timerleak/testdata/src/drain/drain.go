// Package drain covers the version-independent check: a blocking drain
// of t.C after t.Stop() when t.C may already have been received. The
// file has no Go version (GOPATH mode), so only this check runs.
package drain

import (
	"errors"
	"time"
)

func selectThenDrain(ch chan int) int {
	t := time.NewTimer(time.Second)
	select {
	case <-t.C:
	case v := <-ch:
		return v
	}
	if !t.Stop() {
		<-t.C // want `blocking drain of t.C after t.Stop\(\) can block forever: t.C may already have been received by the select above \(make the drain non-blocking\)`
	}
	return 0
}

func deferredDrain(ch chan int) error {
	t := time.NewTimer(time.Second)
	defer func() {
		if !t.Stop() {
			<-t.C // want `t.C may already have been received by a select case before this deferred drain runs`
		}
	}()
	select {
	case <-t.C:
		return errors.New("timeout")
	case <-ch:
		return nil
	}
}

func loop(ch chan int, d time.Duration) {
	t := time.NewTimer(d)
	for {
		if !t.Stop() {
			<-t.C // want `t.C may already have been received by a select case in a previous loop iteration`
		}
		t.Reset(d)
		select {
		case <-t.C:
		case <-ch:
		}
		if false {
			t.Reset(d)
		}
	}
}

func unconditional(t *time.Timer) {
	<-t.C
	t.Stop()
	<-t.C // want `t.C may already have been received above`
}

// ok: Reset between the receive and the drain.
func resetBetween(ch chan int, d time.Duration) {
	t := time.NewTimer(d)
	for {
		select {
		case <-t.C:
			t.Reset(d)
		case <-ch:
			if !t.Stop() {
				<-t.C
			}
			t.Reset(d)
		}
	}
}

// ok: no receive before the drain.
func documented(d time.Duration) {
	t := time.NewTimer(d)
	if !t.Stop() {
		<-t.C
	}
}

// ok: the receive is tracked by a flag.
func tracked(ch chan int) {
	t := time.NewTimer(time.Second)
	fired := false
	select {
	case <-t.C:
		fired = true
	case <-ch:
	}
	if !t.Stop() && !fired {
		<-t.C
	}
}

// ok: non-blocking drain.
func nonBlocking(ch chan int) {
	t := time.NewTimer(time.Second)
	select {
	case <-t.C:
	case <-ch:
	}
	if !t.Stop() {
		select {
		case <-t.C:
		default:
		}
	}
}

type server struct {
	timer *time.Timer
	done  chan bool
}

func (s *server) fieldTimer() {
	select {
	case <-s.timer.C:
	case <-s.done:
	}
	if !s.timer.Stop() {
		<-s.timer.C // want `blocking drain of s.timer.C after s.timer.Stop\(\) can block forever`
	}
}

func (s *server) rearm() { s.timer.Reset(time.Second) }

// ok: a method on s may reset the timer.
func (s *server) fieldTimerRearmed() {
	select {
	case <-s.timer.C:
	case <-s.done:
	}
	s.rearm()
	if !s.timer.Stop() {
		<-s.timer.C
	}
}

// The deferred drain belongs to the innermost function literal.
func nestedDeferred(ch chan int) {
	t := time.NewTimer(time.Second)
	func() {
		defer func() {
			if !t.Stop() {
				<-t.C // want `t.C may already have been received before this deferred drain runs`
			}
		}()
		<-t.C
	}()
}

// ok: the outer function's receive happens after the inner one returned.
func nestedDeferredOuterRecv(ch chan int) {
	t := time.NewTimer(time.Second)
	func() {
		defer func() {
			if !t.Stop() {
				<-t.C
			}
		}()
	}()
	<-t.C
}

func selfLoop(ch chan int, d time.Duration) {
	t := time.NewTimer(d)
	for range ch {
		if !t.Stop() {
			<-t.C // want `this drain may already have received t.C in a previous loop iteration`
		}
	}
}

func laterRecv(ch chan int, d time.Duration) {
	t := time.NewTimer(d)
	for range ch {
		if !t.Stop() {
			<-t.C // want `t.C may already have been received in a previous loop iteration \(make`
		}
		t.Reset(d)
		<-t.C
	}
}
