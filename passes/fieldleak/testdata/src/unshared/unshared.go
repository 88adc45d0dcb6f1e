// Package unshared covers sends on an unbuffered local channel before
// any other goroutine can have it.
package unshared

func before() int {
	ch := make(chan int)
	ch <- 1 // want `send on ch blocks forever: ch is unbuffered and no other goroutine can have it yet \(possible goroutine leak\)`
	go func() { <-ch }()
	return 0
}

func beforeReturn() chan int {
	ch := make(chan int, 0)
	ch <- 1 // want `send on ch blocks forever`
	return ch
}

func inBranch(b bool) {
	done := make(chan struct{})
	if b {
		done <- struct{}{} // want `send on done blocks forever`
	}
	go func() { <-done }()
}

// ok: the receiver starts first.
func after() {
	ch := make(chan int)
	go func() { <-ch }()
	ch <- 1
}

// ok: buffered.
func buffered() {
	ch := make(chan int, 1)
	ch <- 1
	go func() { <-ch }()
}

// ok: a literal defined first captures the channel.
func captured() {
	ch := make(chan int)
	f := func() { <-ch }
	_ = f
	ch <- 1
}

// ok: in a loop, a later iteration may have shared it (not this shape).
func loop() {
	for i := 0; i < 2; i++ {
		ch := make(chan int)
		if i > 0 {
			ch <- 1
		}
		go func() { <-ch }()
	}
}

// ok: a parameter may be shared by the caller.
func param(ch chan int) {
	ch <- 1
}

// ok: in a select with a default, the send does not block.
func selectSend() {
	ch := make(chan int)
	select {
	case ch <- 1:
	default:
	}
	go func() { <-ch }()
}

// ok: assigned twice; the model does not follow it.
func twice() {
	ch := make(chan int)
	ch = make(chan int, 1)
	ch <- 1
}

// ok: goto may run code written after the send first.
func jump() {
	ch := make(chan int)
	goto start
send:
	ch <- 1
	return
start:
	go func() { <-ch }()
	goto send
}
