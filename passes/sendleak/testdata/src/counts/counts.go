// Package counts: trip counts, slice lengths and sends are bounded when
// the code shows a bound; nothing is reported when the bound fits what
// is received plus the buffer.
package counts

import "errors"

func listen(i int) error {
	if i > 5 {
		return errors.New("busy")
	}
	return nil
}

// ok: a constant two iterations, one send each (or one error and the
// end), against a buffer of two.
func twoListeners() error {
	ready := make(chan error, 2)
	go func() {
		for i := 0; i < 2; i++ {
			if err := listen(i); err != nil {
				ready <- err
				return
			}
			ready <- nil
		}
	}()
	return <-ready
}

// The same without a buffer: the second send has no receiver.
func twoListenersUnbuffered() error {
	ready := make(chan error)
	go func() {
		for i := 0; i < 2; i++ {
			if err := listen(i); err != nil {
				ready <- err // want `goroutine may block forever sending on ready: the goroutine can send up to 3 times but twoListenersUnbuffered receives only once`
				return
			}
			ready <- nil
		}
	}()
	return <-ready
}

// ok: a loop without a bound, into a buffer sized for some count: that
// the count exceeds it cannot be shown.
func unboundedBuffered(next func() (int, bool)) error {
	ready := make(chan error, 100)
	go func() {
		for {
			v, ok := next()
			if !ok {
				return
			}
			ready <- listen(v)
		}
	}()
	return <-ready
}

// A counter moved by the body has no bound; without a buffer the second
// send blocks.
func movedCounter() error {
	ready := make(chan error)
	go func() {
		for i := 0; i < 2; i++ {
			ready <- nil // want `goroutine may block forever sending on ready: the goroutine sends in a loop but movedCounter receives only once`
			i--
		}
	}()
	return <-ready
}

type result struct{ tag int }

func (r *result) wait() bool { return r.tag > 0 }

// ok: the slice gets one element per iteration of a constant loop of
// four, and a goroutine per element sends once into a buffer of four.
func perItem() {
	var results []*result
	for i := 1; i < 5; i++ {
		results = append(results, &result{tag: i})
	}
	acks := make(chan bool, 4)
	for _, r := range results {
		go func(r *result) {
			acks <- r.wait()
		}(r)
	}
	<-acks
}

// A buffer of three is too small for four: after one receive, the
// buffer holds three and one sender is left.
func perItemSmall() {
	results := []*result{}
	for i := 1; i < 5; i++ {
		results = append(results, &result{tag: i})
	}
	acks := make(chan bool, 2)
	for _, r := range results {
		go func(r *result) {
			acks <- r.wait() // want `goroutine may block forever sending on acks: a goroutine is started per loop iteration but perItemSmall receives only once`
		}(r)
	}
	<-acks
}

// ok: the sender returns as soon as the buffer is full, so it never
// sends into a full one, although the loop could send more.
func fillBuffer(in []int) int {
	const total = 100
	delivered := make(chan int, total)
	go func() {
		for i := 0; i < 2*total; i++ {
			delivered <- i
			if len(delivered) == total {
				return
			}
		}
	}()
	return len(delivered)
}

// Without the check the sender fills the buffer and blocks.
func fillBufferUnchecked(in []int) int {
	const total = 100
	delivered := make(chan int, total)
	go func() {
		for i := 0; i < 2*total; i++ {
			delivered <- i // want `goroutine may block forever sending on delivered: fillBufferUnchecked can return before receiving from delivered`
		}
	}()
	return len(delivered)
}
