//go:build go1.22

// Package pre123 covers files compiled with a Go version before 1.23:
// unstopped timers, time.After in looping selects, time.Tick in
// functions that return, and Reset with a possibly stale value. The
// documented drain is silent when t.C was not received.
package pre123

import (
	"context"
	"errors"
	"time"
)

func wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d) // want `timer t is not stopped on all paths \(possible timer leak before Go 1.23\): add defer t.Stop\(\)`
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func tickerLeak(ch chan int) int {
	tk := time.NewTicker(time.Second) // want `ticker tk is not stopped on all paths \(ticker leak before Go 1.23\): add defer tk.Stop\(\)`
	n := 0
	for range tk.C {
		select {
		case v := <-ch:
			return v
		default:
			n++
		}
	}
	return n
}

func afterFunc(f func(), fail bool) error {
	t := time.AfterFunc(time.Second, f) // want `timer t is not stopped on all paths \(its function still runs after this function returns`
	if fail {
		return errors.New("fail")
	}
	t.Stop()
	return nil
}

// No fix: t is assigned twice.
func reassigned(ctx context.Context) {
	t := time.NewTimer(time.Second)
	t.Stop()
	t = time.NewTimer(time.Minute) // want `timer t is not stopped on all paths`
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// ok: defer t.Stop().
func deferred(ctx context.Context) {
	t := time.NewTimer(time.Second)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// ok: stopped on the path that does not receive.
func stoppedOnEveryPath(ctx context.Context) error {
	t := time.NewTimer(time.Second)
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		t.Stop()
		return ctx.Err()
	}
}

// ok: a received timer has fired.
func received(d time.Duration) {
	t := time.NewTimer(d)
	<-t.C
}

// ok: the timer escapes.
func returned(d time.Duration) *time.Timer {
	t := time.NewTimer(d)
	return t
}

type holder struct{ t *time.Timer }

// ok: stored in a field.
func (h *holder) stored(d time.Duration) {
	t := time.NewTimer(d)
	h.t = t
}

// ok: stored in a field directly.
func (h *holder) field(d time.Duration) {
	h.t = time.NewTimer(d)
}

// ok: passed to a call.
func passed(d time.Duration) {
	t := time.NewTimer(d)
	keep(t)
}

func keep(*time.Timer) {}

// ok: stopped in a deferred closure.
func closure(ctx context.Context) {
	t := time.NewTimer(time.Second)
	defer func() { t.Stop() }()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// ok: the function never returns.
func forever(ch chan int) {
	t := time.NewTimer(time.Second)
	for {
		select {
		case <-t.C:
		case <-ch:
		}
	}
}

// ok: a fire-and-forget AfterFunc is not held in a variable.
func fireAndForget(f func()) {
	time.AfterFunc(time.Second, f)
}

func afterInLoop(ch chan int) {
	for {
		select {
		case <-time.After(time.Second): // want `time.After in a loop leaves a running timer behind each time another case is taken \(possible timer leak before Go 1.23\): create one timer before the loop and Reset it`
			return
		case <-ch:
		}
	}
}

// ok: time.After as the only case is always received.
func afterAlone() {
	for i := 0; i < 3; i++ {
		select {
		case <-time.After(time.Second):
		}
		<-time.After(time.Second)
	}
}

// ok: not in a loop.
func afterOnce(ch chan int) {
	select {
	case <-time.After(time.Second):
	case <-ch:
	}
}

func tick(ch chan int) {
	for range time.Tick(time.Second) { // want `time.Tick leaks its ticker when tick returns \(before Go 1.23 an unstopped ticker is never collected\): use time.NewTicker and defer its Stop`
		if len(ch) > 0 {
			return
		}
	}
}

// ok: never returns.
func tickForever() {
	for range time.Tick(time.Second) {
		println("tick")
	}
}

// ok: package-level.
var globalTick = time.Tick(time.Minute)

func init() {
	// ok: init runs once.
	_ = time.Tick(time.Second)
}

func reset(ch chan int, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			t.Reset(d) // ok: t.C was just received
		case <-ch:
			t.Reset(d) // want `t.Reset may deliver a stale value: t may have fired while another case was taken, leaving t.C unreceived \(before Go 1.23, stop and drain t first\)`
		}
	}
}

func resetAfterStop(ch chan int, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return
	case <-ch:
	}
	t.Stop()
	t.Reset(d) // want `t.Reset may deliver a stale value: t may have fired while another case was taken, leaving t.C unreceived`
}

func resetAfterPoll(d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	default:
	}
	t.Reset(d) // want `t.Reset may deliver a stale value`
}

// ok (a known false negative): nothing raced with the timer, so the pass
// assumes it had not fired (time.BenchmarkReset, synctest tests).
func resetUnraced(ch chan int, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	<-ch
	t.Reset(d)
	t.Stop()
	t.Reset(d)
}

// ok: stopped and drained first.
func resetDrained(ch chan int, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			t.Reset(d)
		case <-ch:
			if !t.Stop() {
				select {
				case <-t.C:
				default:
				}
			}
			t.Reset(d)
		}
	}
}

// ok: the documented drain; t.C was not received.
func documentedDrain(ch chan int, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	<-ch
	if !t.Stop() {
		<-t.C
	}
	t.Reset(d)
}

// ok: Stop returned true, so the timer had not fired.
func stoppedTrue(ch chan int, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	<-ch
	if t.Stop() {
		t.Reset(d)
	}
}
