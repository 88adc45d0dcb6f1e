//go:build go1.23

// Package go123 covers files compiled with Go 1.23 or later: a blocking
// drain after Stop is reported when a receive or a Stop may precede it,
// or the timer comes from outside the function (Stop returns false only
// then, and leaves nothing to drain); unstopped timers, time.After in
// loops and time.Tick are not.
package go123

import "time"

// ok: a timer made here that nothing received or stopped: Stop returns
// true, so the drain never runs.
func documentedDrain(d time.Duration) {
	t := time.NewTimer(d)
	if !t.Stop() {
		<-t.C
	}
}

func documentedDrainOfParam(t *time.Timer) {
	// want +2 `blocking drain of t.C after t.Stop\(\) blocks forever since Go 1.23 if t.C was received or the timer stopped before: t comes from outside this function, so its history is not visible here \(Stop returns false only in those cases, and leaves no stale value: delete the drain\)`
	if !t.Stop() {
		<-t.C
	}
}

func unconditionalDrain(t *time.Timer) {
	t.Stop()
	<-t.C // want `blocking drain of t.C after t.Stop\(\) blocks forever since Go 1.23: after Stop no value is sent on t.C, and Stop leaves no stale value \(delete the drain\)`
	println("stopped")
}

func drainWithMore(t *time.Timer) {
	if !t.Stop() {
		println("fired")
		_ = <-t.C // want `blocks forever since Go 1.23`
	}
}

func selectDrain(t *time.Timer) {
	if !t.Stop() {
		select { // want `blocks forever since Go 1.23`
		case <-t.C:
		}
	}
}

// No fix: deleting the drain would leave v undefined.
func drainKeepsValue(t *time.Timer) time.Time {
	var v time.Time
	if !t.Stop() {
		v = <-t.C // want `blocks forever since Go 1.23`
	}
	return v
}

func receivedThenDrain(ch chan int) {
	t := time.NewTimer(time.Second)
	select {
	case <-t.C:
	case <-ch:
	}
	// want +2 `blocking drain of t.C after t.Stop\(\) can block forever: t.C may already have been received by the select above \(since Go 1.23, Stop leaves no stale value: delete the drain\)`
	if !t.Stop() {
		<-t.C
	}
}

// ok: non-blocking drain.
func nonBlocking(t *time.Timer) {
	if !t.Stop() {
		select {
		case <-t.C:
		default:
		}
	}
}

// ok: a select with another case does not block forever.
func drainOrDone(t *time.Timer, done chan bool) {
	if !t.Stop() {
		select {
		case <-t.C:
		case <-done:
		}
	}
}

// ok: a ticker's Stop has no result and its channel is not drained here.
func ticker(d time.Duration) {
	tk := time.NewTicker(d)
	tk.Stop()
}

// ok: unstopped timers are collected since Go 1.23.
func unstopped(ch chan int) int {
	t := time.NewTimer(time.Second)
	select {
	case <-t.C:
		return 0
	case v := <-ch:
		return v
	}
}

// ok: time.After in a loop is collected since Go 1.23.
func afterInLoop(ch chan int) {
	for {
		select {
		case <-time.After(time.Second):
			return
		case <-ch:
		}
	}
}

// ok: time.Tick is collected since Go 1.23.
func tick() {
	for range time.Tick(time.Second) {
		return
	}
}

// ok: Reset without drain is safe since Go 1.23.
func reset(ch chan int, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	for range ch {
		t.Reset(d)
	}
}

// The body of "if cond && !t.Stop()" runs only when Stop returned false
// (x/tools jsonrpc2.Serve).
func conjunction(active int, t *time.Timer) {
	if active == 0 && !t.Stop() {
		// t.C may receive a value even after Stop returns.
		<-t.C // want `blocks forever since Go 1.23`
	}
}

// ok: in "!t.Stop() || cond" the body may run with Stop returning true.
func disjunction(t *time.Timer, force bool) {
	if !t.Stop() || force {
		<-t.C
	}
}
