// Package basic covers goroutines ranging over a channel made by the
// enclosing function: flagged when nothing closes it, silent when it is
// closed or escapes.
package basic

import "sync"

func handle(int) {}

func workersNeverClosed(all []int) {
	jobs := make(chan int) // the channel the workers drain
	for range 4 {
		go func() {
			for j := range jobs { // want `jobs is never closed: this goroutine ranges over it and blocks forever after the last value \(possible goroutine leak\): close jobs after the last send`
				handle(j)
			}
		}()
	}
	for _, j := range all {
		jobs <- j
	}
}

func buffered(all []int) {
	results := make(chan int, len(all))
	go func() {
		for r := range results { // want `results is never closed`
			handle(r)
		}
	}()
	for _, v := range all {
		results <- v
	}
}

func nestedLiteral() {
	ch := make(chan int)
	go func() {
		func() {
			for v := range ch { // want `ch is never closed`
				handle(v)
			}
		}()
	}()
	ch <- 1
}

func labeledContinue(ch2 chan int) {
	ch := make(chan int)
	go func() {
	outer:
		for v := range ch { // want `ch is never closed`
			for w := range 3 {
				if w == v {
					continue outer // stays in the loop
				}
				switch {
				case v > 2:
					break // leaves the switch only
				}
			}
		}
	}()
	ch <- 1
}

func closed(all []int) {
	jobs := make(chan int) // ok: closed after the last send
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				handle(j)
			}
		}()
	}
	for _, j := range all {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
}

func closedInDefer() {
	ch := make(chan int) // ok: closed by a deferred literal
	defer func() { close(ch) }()
	go func() {
		for v := range ch {
			handle(v)
		}
	}()
	ch <- 1
}

type holder struct{ ch chan int }

func escapesToField(h *holder) {
	ch := make(chan int) // ok: stored in a field, closed elsewhere
	h.ch = ch
	go func() {
		for v := range ch {
			handle(v)
		}
	}()
}

func returned() chan int {
	ch := make(chan int) // ok: the caller owns it
	go func() {
		for v := range ch {
			handle(v)
		}
	}()
	return ch
}

func passedToOtherPackage(m *sync.Map) {
	ch := make(chan int) // ok: escapes through a call we cannot see
	m.Store("k", ch)
	go func() {
		for v := range ch {
			handle(v)
		}
	}()
}

func leavesOnSentinel() {
	ch := make(chan int) // ok: the loop ends on a sentinel value
	go func() {
		for v := range ch {
			if v < 0 {
				return
			}
			handle(v)
		}
	}()
	ch <- 1
	ch <- -1
}

func leavesByBreak() {
	ch := make(chan int) // ok: break ends the loop
	go func() {
		for v := range ch {
			if v < 0 {
				break
			}
		}
	}()
	ch <- -1
}

func leavesByLabeledBreak() {
	ch := make(chan int) // ok: break outer ends the loop
	go func() {
	outer:
		for v := range ch {
			for {
				if v < 0 {
					break outer
				}
			}
		}
	}()
	ch <- -1
}

func rangedSynchronously() {
	ch := make(chan int) // ok here: not a goroutine (a deadlock, not a leak)
	go func() { ch <- 1 }()
	for v := range ch {
		handle(v)
	}
}

func reassigned() {
	ch := make(chan int) // ok: reassigned, the model does not follow it
	go func() {
		for v := range ch {
			handle(v)
		}
	}()
	ch = nil
	_ = ch
}

func suppressed() {
	ch := make(chan int)
	go func() {
		//leakvet:ignore rangeleak the process exits right after
		for v := range ch {
			handle(v)
		}
	}()
}

func serveForever(next func() int) {
	reqs := make(chan int) // ok: the function never returns, the workers live as long as it
	for range 4 {
		go func() {
			for r := range reqs {
				handle(r)
			}
		}()
	}
	for {
		reqs <- next()
	}
}

func serveUntilPanic(next func() (int, bool)) {
	reqs := make(chan int) // ok: the only way out is a panic
	go func() {
		for r := range reqs {
			handle(r)
		}
	}()
	for {
		v, ok := next()
		if !ok {
			panic("no more requests")
		}
		reqs <- v
	}
}

func serveBlocking(next func() int) {
	reqs := make(chan int) // ok: the function ends in select {}, it never returns
	go func() {
		for r := range reqs {
			handle(r)
		}
	}()
	reqs <- next()
	select {}
}
