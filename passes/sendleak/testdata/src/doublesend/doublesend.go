// Package doublesend covers one goroutine that can send more times than
// it is received from.
package doublesend

func step() (int, error) { return 0, nil }

func Twice() int {
	ch := make(chan int)
	go func() {
		ch <- 1 // want `goroutine may block forever sending on ch: the goroutine can send twice but Twice receives only once \(possible goroutine leak\)`
		ch <- 2
	}()
	return <-ch
}

// The error path sends, then the value is sent too: a missing return.
func MissingReturn() (int, error) {
	errc := make(chan error)
	go func() {
		_, err := step()
		if err != nil {
			errc <- err // want `the goroutine can send twice but MissingReturn receives only once`
		}
		errc <- nil
	}()
	return 0, <-errc
}

func Loop(n int) int {
	ch := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			ch <- i // want `the goroutine sends in a loop but Loop receives only once`
		}
	}()
	return <-ch
}

func okReturnAfterError() (int, error) {
	errc := make(chan error)
	go func() {
		_, err := step()
		if err != nil {
			errc <- err // ok: one send per path
			return
		}
		errc <- nil
	}()
	return 0, <-errc
}

func okTwoReceives() int {
	ch := make(chan int)
	go func() {
		ch <- 1 // ok: received twice
		ch <- 2
	}()
	return <-ch + <-ch
}

func okBuffered() int {
	ch := make(chan int, 1) // ok: the second value fits
	go func() {
		ch <- 1
		ch <- 2
	}()
	return <-ch
}
