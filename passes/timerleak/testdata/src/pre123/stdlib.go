//go:build go1.22

package pre123

import (
	"sync"
	"time"
)

// Negative cases found by running the pass over the standard library.

// ok: the timer is captured by goroutines started in a loop that might
// run zero times; a captured timer is handled out of sight (time tests).
func captured(n int) {
	timer := time.NewTimer(time.Nanosecond)
	var wg sync.WaitGroup
	wg.Add(n)
	for range n {
		go func() {
			defer wg.Done()
			timer.Reset(time.Nanosecond)
		}()
	}
	wg.Wait()
}

// ok: time.Tick with a non-positive duration returns nil (TestTick).
func tickNil() bool {
	return time.Tick(-1) == nil
}

// ok: ranging over a variable holding time.Tick never ends (ExampleTick).
func tickVar() {
	c := time.Tick(5 * time.Second)
	for next := range c {
		println(next.String())
	}
}

// ok: Stop returned true within a conjunction, so the timer had not
// fired (net.dialParallel).
func stopInConjunction(primary bool, results chan bool) {
	fallback := time.NewTimer(time.Second)
	defer fallback.Stop()
	for range results {
		if primary && fallback.Stop() {
			fallback.Reset(0)
		}
	}
}

// A reassigned tick variable may be anything: the range may end.
func tickVarReassigned(other <-chan time.Time) {
	c := time.Tick(time.Second) // want `time.Tick leaks its ticker when tickVarReassigned returns`
	c = other
	for range c {
	}
}

// ok: the function checks Stop's result, so it manages t.C by rules the
// pass cannot follow; here a counter tells that the timer was stopped
// and drained before the Reset (x/tools jsonrpc2.Serve).
func serve(conns, closed chan int, idle time.Duration) {
	active := 0
	t := time.NewTimer(idle)
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
				t.Reset(idle)
			}
		case <-t.C:
			return
		}
	}
}

// ok: stopped, then drained without blocking, before the Reset.
func resetAfterStopAndPoll(ch chan int, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return
	case <-ch:
	}
	t.Stop()
	select {
	case <-t.C:
	default:
	}
	t.Reset(d)
}
