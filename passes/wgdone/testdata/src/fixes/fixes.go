// Package fixes covers the suggested fix: offered when the explicit Done
// calls end their paths, withheld otherwise.
package fixes

import "sync"

func step() error { return nil }
func finish()     {}

func simple() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want `wg.Done is not called on all paths`
		if step() != nil {
			return
		}
		finish()
		wg.Done()
	}()
	wg.Wait()
}

func twoDones(n int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want `wg.Done is not called on all paths`
		switch {
		case n < 0:
			return
		case n == 0:
			wg.Done()
			return
		}
		finish()
		wg.Done()
	}()
	wg.Wait()
}

func doneFirst(ch chan int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // ok: Done first, on every path
		wg.Done()
		if step() != nil {
			return
		}
	}()
	_ = ch
	wg.Wait()
}

func doneNotLast(ch chan int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want `wg.Done is not called on all paths`
		if step() != nil {
			return
		}
		wg.Done() // no fix: the receive below would then run before Done
		<-ch
	}()
	wg.Wait()
}

func otherDefer(mu *sync.Mutex) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want `wg.Done is not called on all paths`
		mu.Lock()
		defer mu.Unlock() // no fix: Done would move after Unlock
		if step() != nil {
			return
		}
		wg.Done()
	}()
	wg.Wait()
}

func inLoop(n int) {
	var wg sync.WaitGroup
	wg.Add(n)
	go func() { // ok: Done per iteration, the WaitGroup counts items
		for i := 0; i < n; i++ {
			if step() != nil {
				return
			}
			wg.Done()
		}
	}()
	wg.Wait()
}
