// Package earlyreturn covers receivers that return before receiving
// every value: on the first error, or on any path before the receive.
package earlyreturn

import "errors"

func work(string) error { return nil }

func FirstError(urls []string) error {
	errc := make(chan error)
	for _, u := range urls {
		go func() {
			errc <- work(u) // want `goroutine may block forever sending on errc: FirstError can return from its receive loop before receiving every value \(possible goroutine leak\); buffer errc with capacity len\(urls\)`
		}()
	}
	for range urls {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func BeforeReceive(x bool) (int, error) {
	ch := make(chan int)
	go func() { ch <- 1 }() // want `BeforeReceive can return before receiving from ch`
	if x {
		return 0, errors.New("x")
	}
	return <-ch, nil
}

func Never() {
	done := make(chan bool)
	go func() { done <- true }() // want `Never can return before receiving from done`
}

// A producer abandoned by a consumer that breaks out of its range loop.
func Consumer(xs []int) int {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			ch <- x // want `Consumer can return from its receive loop before receiving every value`
		}
		close(ch)
	}()
	sum := 0
	for v := range ch {
		if v < 0 {
			break
		}
		sum += v
	}
	return sum
}

// Continue before the receive abandons this iteration's goroutine.
func Skip(xs []int) int {
	sum := 0
	for _, x := range xs {
		ch := make(chan int)
		go func() { ch <- x }() // want `Skip can make a new ch without receiving from the old one`
		if x < 0 {
			continue
		}
		sum += <-ch
	}
	return sum
}

// The other case of the select is not a timeout.
func OtherCase(quit chan struct{}) int {
	ch := make(chan int)
	go func() { ch <- 1 }() // want `OtherCase can return from the quit case without receiving`
	select {
	case v := <-ch:
		return v
	case <-quit:
		return 0
	}
}

// The channel is shared by the iterations: a skipped value is never
// received.
func SkipShared(xs []int) int {
	ch := make(chan int)
	sum := 0
	for _, x := range xs {
		go func() { ch <- x }() // want `SkipShared can return before receiving from ch`
		if x < 0 {
			continue
		}
		sum += <-ch
	}
	return sum
}

// The received value is checked through a helper.
func Derived(urls []string) error {
	errc := make(chan error)
	for _, u := range urls {
		go func() { errc <- work(u) }() // want `Derived can return from its receive loop before receiving every value`
	}
	for range urls {
		r := <-errc
		if err := check(r); err != nil {
			return err
		}
	}
	return nil
}

func check(err error) error { return err }

// A switch on the received value.
func Switch(urls []string) error {
	errc := make(chan error)
	for _, u := range urls {
		go func() { errc <- work(u) }() // want `Switch can return from its receive loop before receiving every value`
	}
	for range urls {
		switch err := <-errc; {
		case err == nil:
		default:
			return err
		}
	}
	return nil
}

// okSwitchCounter: a counter ends the loop, not a received value.
func okSwitchCounter(urls []string) {
	errc := make(chan error)
	for _, u := range urls {
		go func() { errc <- work(u) }()
	}
	left := len(urls)
	for {
		<-errc
		left--
		switch {
		case left == 0:
			return
		}
	}
}

func okAllReceived(urls []string) error {
	errc := make(chan error)
	for _, u := range urls {
		go func() { errc <- work(u) }() // ok: every value is received before the return
	}
	var first error
	for range urls {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	return first
}

func okBufferedLen(urls []string) error {
	errc := make(chan error, len(urls)) // ok: a slot per goroutine
	for _, u := range urls {
		go func() { errc <- work(u) }()
	}
	for range urls {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func okBufferedN(n int) error {
	errc := make(chan error, n) // ok: a slot per goroutine
	for i := 0; i < n; i++ {
		go func() { errc <- work("") }()
	}
	for i := 0; i < n; i++ {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func okReceiveFirst(x bool) (int, error) {
	ch := make(chan int)
	go func() { ch <- 1 }()
	v := <-ch // ok: received before any return
	if x {
		return 0, errors.New("x")
	}
	return v, nil
}

func okPerIteration(xs []int) int {
	sum := 0
	for _, x := range xs {
		ch := make(chan int)
		go func() { ch <- x }() // ok: each iteration receives its value
		sum += <-ch
	}
	return sum
}

func okRangeDrains(xs []int) int {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			ch <- x // ok: the range runs until close
		}
		close(ch)
	}()
	sum := 0
	for v := range ch {
		sum += v
	}
	return sum
}
