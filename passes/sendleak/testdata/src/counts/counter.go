package counts

import "time"

func work() {}

// A shared counter of what the loop received, moved in every receiving
// case, ends it: each goroutine's value was received.
func CollectTwo() {
	a := make(chan struct{})
	go func() {
		work()
		a <- struct{}{}
	}()
	b := make(chan struct{})
	go func() {
		work()
		b <- struct{}{}
	}()
	done := 0
	for {
		select {
		case <-a:
			done++
		case <-b:
			done++
		}
		if done == 2 {
			return
		}
	}
}

// The same with a timeout that ends the program.
func CollectTwoOrPanic() {
	a := make(chan struct{})
	go func() {
		work()
		a <- struct{}{}
	}()
	b := make(chan struct{})
	go func() {
		work()
		b <- struct{}{}
	}()
	done := 0
	for {
		select {
		case <-time.After(time.Second):
			panic("too slow")
		case <-a:
			done++
		case <-b:
			done++
		}
		if done == 2 {
			return
		}
	}
}

// The counter moves only for b: returning on it abandons a.
func OnlyB() {
	a := make(chan struct{})
	go func() {
		a <- struct{}{} // want `goroutine may block forever sending on a: OnlyB can return from the b case without receiving`
	}()
	b := make(chan struct{})
	go func() {
		b <- struct{}{}
	}()
	nb := 0
	for {
		select {
		case <-a:
		case <-b:
			nb++
		}
		if nb == 1 {
			return
		}
	}
}

// The timeout case moves the counter too: it can end the loop first.
func TimeoutCounts() {
	a := make(chan struct{})
	go func() {
		work()
		a <- struct{}{} // want `goroutine may block forever sending on a: TimeoutCounts can return from the time.After case without receiving`
	}()
	done := 0
	for {
		select {
		case <-time.After(time.Second):
			done = 1
		case <-a:
			done++
		}
		if done >= 1 {
			return
		}
	}
}
