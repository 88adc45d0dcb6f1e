// Package endless: a loop ranging over a channel that is never closed
// has no normal exit, so a Done after it is never skipped by leaving
// the loop.
package endless

import (
	"sync"
	"time"
)

func work() bool { return false }

// ok: the ticker's channel is never closed; the only way out is the
// return, after Done.
func tickerLoop(wg *sync.WaitGroup, d time.Duration) {
	wg.Add(1)
	go func() {
		for range time.NewTicker(d).C {
			if work() {
				wg.Done()
				return
			}
		}
	}()
}

// ok: the same over a ticker variable, and over time.Tick.
func tickerVar(wg *sync.WaitGroup, t *time.Ticker) {
	wg.Add(2)
	go func() {
		for range t.C {
			if work() {
				wg.Done()
				return
			}
		}
	}()
	go func() {
		for range time.Tick(time.Second) {
			if work() {
				wg.Done()
				return
			}
		}
	}()
}

// ok: a local channel that nothing closes.
func neverClosed(wg *sync.WaitGroup) {
	ch := make(chan int)
	wg.Add(1)
	go func() {
		for v := range ch {
			if v > 0 {
				wg.Done()
				return
			}
		}
	}()
	ch <- 1
}

// A channel that is closed ends the loop: the path after it skips Done.
func closed(wg *sync.WaitGroup) {
	ch := make(chan int)
	wg.Add(1)
	go func() { // want `wg.Done is not called on all paths of this goroutine`
		for v := range ch {
			if v > 0 {
				wg.Done()
				return
			}
		}
	}()
	ch <- 1
	close(ch)
}

// A channel passed to a call may be closed there.
func passed(wg *sync.WaitGroup, closer func(chan int)) {
	ch := make(chan int)
	wg.Add(1)
	go func() { // want `wg.Done is not called on all paths of this goroutine`
		for v := range ch {
			if v > 0 {
				wg.Done()
				return
			}
		}
	}()
	closer(ch)
}
