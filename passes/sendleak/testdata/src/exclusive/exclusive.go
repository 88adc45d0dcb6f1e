// Package exclusive: a goroutine that ends with exactly one of two
// signals owes nothing on the other once the first is received.
package exclusive

import (
	"errors"
	"time"
)

func step(i int) error {
	if i > 3 {
		return errors.New("too far")
	}
	return nil
}

// ok: errs is sent only on paths that never close done.
func closeOrSend() error {
	errs := make(chan error)
	done := make(chan struct{})
	go func() {
		for i := 0; i < 10; i++ {
			if err := step(i); err != nil {
				errs <- err
				return
			}
		}
		close(done)
	}()
	select {
	case <-done:
		return nil
	case err := <-errs:
		return err
	}
}

// ok: the same with a send on done, received by a plain receive after
// a select that may time out on errs only.
func sendOrSend() error {
	errC := make(chan error)
	done := make(chan struct{})
	go func() {
		if err := step(5); err != nil {
			errC <- err
			return
		}
		done <- struct{}{}
	}()
	select {
	case <-done:
		return nil
	case <-time.After(time.Second):
	}
	return <-errC
}

// ok: among other senders, the one settled by its own signal: the
// buffer holds the other's value.
func amongOthers() {
	errs := make(chan error, 1)
	done := make(chan bool)
	go func() {
		errs <- step(0)
	}()
	go func() {
		if err := step(1); err != nil {
			errs <- err
			return
		}
		close(done)
	}()
	<-done
}

// Without the buffer, the other's value is still owed.
func amongOthersUnbuffered() {
	errs := make(chan error)
	done := make(chan bool)
	go func() {
		errs <- step(0) // want `goroutine may block forever sending on errs: amongOthersUnbuffered can return before receiving from errs`
	}()
	go func() {
		if err := step(1); err != nil {
			errs <- err
			return
		}
		close(done)
	}()
	<-done
}

// The send may precede the close on one path, but never follows it:
// done is closed only once the send has completed, that is, once the
// select took errs. Receiving done tells the goroutine owes nothing.
func sendThenClose() error {
	errs := make(chan error)
	done := make(chan struct{})
	go func() {
		if err := step(5); err != nil {
			errs <- err
		}
		close(done)
	}()
	select {
	case <-done:
		return nil
	case err := <-errs:
		return err
	}
}

// The send may follow the close: receiving done tells nothing about it.
func closeThenSend() error {
	errs := make(chan error)
	done := make(chan struct{})
	go func() {
		close(done)
		if err := step(5); err != nil {
			errs <- err // want `goroutine may block forever sending on errs: closeThenSend can return from the done case without receiving`
		}
	}()
	select {
	case <-done:
		return nil
	case err := <-errs:
		return err
	}
}

// A reader's error is its last act: after it, no message follows.
func reader(msgs chan<- int, errs chan<- error) { // want reader:"sends on msgs#0 in a loop; sends on errs#1 once"
	for i := 0; ; i++ {
		if err := step(i); err != nil {
			errs <- err
			return
		}
		msgs <- i
	}
}

func readAll() error {
	msgs := make(chan int)
	errs := make(chan error, 1)
	go reader(msgs, errs)
	for {
		select {
		case <-msgs:
		case err := <-errs:
			return err
		}
	}
}

func readAllLit() error {
	msgs := make(chan int)
	errs := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			if err := step(i); err != nil {
				errs <- err
				return
			}
			msgs <- i
		}
	}()
	for {
		select {
		case <-msgs:
		case err := <-errs:
			return err
		}
	}
}

// A reader that reports an error and goes on reading: a message may
// follow the error.
func keepReading(msgs chan<- int, errs chan<- error) { // want keepReading:"sends on msgs#0 in a loop"
	for i := 0; ; i++ {
		if err := step(i); err != nil {
			errs <- err
		}
		msgs <- i
	}
}

func readUntilError() error {
	msgs := make(chan int)
	errs := make(chan error, 1)
	go keepReading(msgs, errs) // want `goroutine may block forever sending on msgs: readUntilError can return from the errs case without receiving`
	for {
		select {
		case <-msgs:
		case err := <-errs:
			return err
		}
	}
}

// done is closed by another goroutine as well: receiving it tells
// nothing about the sender.
func sharedDone() error {
	errs := make(chan error)
	done := make(chan struct{}, 2)
	go func() {
		if err := step(5); err != nil {
			errs <- err // want `goroutine may block forever sending on errs: sharedDone can return from the done case without receiving`
			return
		}
		done <- struct{}{}
	}()
	go func() {
		done <- struct{}{}
	}()
	select {
	case <-done:
		return nil
	case err := <-errs:
		return err
	}
}

// ok: two goroutines in a row on the same pair of channels, each
// settled by the signal received after it starts.
func twoInARow() error {
	errs := make(chan error)
	done := make(chan struct{})
	go func() {
		if err := step(1); err != nil {
			errs <- err
			return
		}
		done <- struct{}{}
	}()
	select {
	case <-done:
		return nil
	case <-time.After(time.Second):
	}
	if err := <-errs; err != nil {
		return err
	}
	go func() {
		if err := step(2); err != nil {
			errs <- err
			return
		}
		done <- struct{}{}
	}()
	select {
	case <-done:
	case err := <-errs:
		return err
	}
	return nil
}

// A goroutine that only signals done makes its receipt say nothing
// about the sender on errs.
func otherSignaller() error {
	errs := make(chan error)
	done := make(chan struct{}, 1)
	go func() {
		done <- struct{}{}
	}()
	go func() {
		if err := step(1); err != nil {
			errs <- err // want `goroutine may block forever sending on errs: otherSignaller can return before receiving from errs`
			return
		}
		done <- struct{}{}
	}()
	<-done
	return nil
}
