// Package silent covers shapes that never leak: close-only signalling,
// receivers that always receive, and waiters that close after
// wg.Wait().
package silent

import (
	"sync"
	"time"
)

func work() int { return 0 }

func okCloseOnly() {
	done := make(chan struct{})
	go func() {
		defer close(done) // ok: close never blocks
		work()
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
	}
}

func okWaiter(xs []int) int {
	ch := make(chan int)
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch <- x * work() // ok: the range below drains until close
		}()
	}
	go func() {
		wg.Wait()
		close(ch)
	}()
	sum := 0
	for v := range ch {
		sum += v
	}
	return sum
}

func okSwitch(kind int) int {
	ch := make(chan int)
	go func() { ch <- work() }()
	switch kind {
	case 0:
		return <-ch
	default:
		v := <-ch
		return v + 1
	}
}

func okDeferredReceive() int {
	ch := make(chan int)
	go func() { ch <- work() }()
	defer func() { <-ch }() // ok: received in a deferred function
	return 0
}

func okNoSend() {
	ch := make(chan int)
	go func() { <-ch }()
	ch <- 1
}

func okForever() {
	ch := make(chan int)
	go func() {
		for {
			ch <- work()
		}
	}()
	for {
		<-ch // ok: F never returns
	}
}

func okRangeIntDrain(n int) int {
	ch := make(chan int)
	for range n {
		go func() { ch <- work() }()
	}
	sum := 0
	for range n {
		sum += <-ch // ok: the loop runs to its end
	}
	return sum
}

func okClosedBranch(xs []int) int {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			ch <- x
		}
		close(ch)
	}()
	sum := 0
	for {
		v, ok := <-ch
		if !ok {
			return sum // ok: the channel is closed, everything was received
		}
		sum += v
	}
}

func okLabeledCounter(xs []int) int {
	ch := make(chan int)
	for _, x := range xs {
		go func() { ch <- x }()
	}
	sum, left := 0, len(xs)
loop:
	for {
		select {
		case v := <-ch:
			sum += v
			left--
			if left == 0 {
				break loop // ok: a counter says everything was received
			}
		}
	}
	return sum
}

func okBlockForever() {
	ch := make(chan int)
	go func() { ch <- work() }()
	select {} // ok: never returns
}

func okGoto() int {
	ch := make(chan int)
	go func() { ch <- work() }()
	n := 0
again:
	if n < 3 {
		n++
		goto again
	}
	return <-ch // ok: received after the goto loop
}
