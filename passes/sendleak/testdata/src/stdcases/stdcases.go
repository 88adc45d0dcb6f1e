// Package stdcases holds shapes found in the standard library, each
// named after the function it comes from. The negatives were false
// positives of earlier versions of the pass; the positives are real.
package stdcases

import (
	"errors"
	"sync/atomic"
	"time"
)

func work() error { return nil }

// CoordinateFuzzing (internal/fuzz): the loop returns when a counter of
// live workers reaches zero, after receiving from every one of them.
func CoordinateFuzzing(workers []int, doneC chan struct{}) error {
	errC := make(chan error)
	for range workers {
		go func() {
			errC <- work() // ok: received once per worker
		}()
	}
	active := len(workers)
	for {
		select {
		case <-doneC:
			doneC = nil
		case err := <-errC:
			_ = err
			active--
			if active == 0 {
				return nil
			}
		}
	}
}

// TestRootConcurrentClose (os): a send in a loop guarded by a flag is
// sent at most once more; the pass cannot count it and stays silent.
func TestRootConcurrentClose(open func() error) error {
	ch := make(chan error, 1)
	go func() {
		defer close(ch)
		first := true
		for {
			if err := open(); err != nil {
				ch <- err // ok: then returns
				return
			}
			if first {
				ch <- nil // ok: once, guarded by first
				first = false
			}
		}
	}()
	if err := <-ch; err != nil {
		return err
	}
	return <-ch
}

// TestSetGoroutineLabels (runtime/pprof): each goroutine is received
// from before the next one starts.
func TestSetGoroutineLabels() {
	sync := make(chan struct{})
	go func() { sync <- struct{}{} }() // ok: received below
	<-sync
	go func() { sync <- struct{}{} }() // ok: received below
	<-sync
	go func() { sync <- struct{}{} }() // ok: received below
	<-sync
}

// testGoroutineParallelism2 (runtime): only the last of P goroutines
// sends.
func testGoroutineParallelism2(P int) {
	done := make(chan bool)
	x := uint32(0)
	for p := 0; p < P; p++ {
		go func() {
			if atomic.AddUint32(&x, 1) == uint32(P) {
				done <- true // ok: only the last goroutine sends
				return
			}
		}()
	}
	<-done
}

// TestTimerFairness2 (runtime): the send in the loop is followed by a
// return, so each goroutine sends at most once.
func TestTimerFairness2() {
	done := make(chan bool)
	c := make(chan bool)
	for i := 0; i < 2; i++ {
		go func() {
			timer := time.After(20 * time.Millisecond)
			for {
				select {
				case c <- true:
				case <-c:
				case <-timer:
					done <- true // ok: then returns; 2 goroutines, 2 receives
					return
				}
			}
		}()
	}
	<-done
	<-done
}

// TestWriteTimeoutMustNotReturn (net, os): a send followed by break.
func TestWriteTimeoutMustNotReturn(write func() error, max *time.Timer, fatal func()) {
	ch := make(chan error)
	go func() {
		for {
			if err := write(); err != nil {
				ch <- err // ok: then breaks
				break
			}
		}
	}()
	select {
	case err := <-ch:
		_ = err
	case <-max.C:
		<-ch // ok: waits for the writer
	}
}

// testServerKeepAliveAfterWriteError (net/http): the loop returns when
// the channel is closed, so everything was received.
func testServerKeepAliveAfterWriteError(addrc chan string) {
	const numReq = 3
	errc := make(chan error, numReq)
	go func() {
		defer close(errc)
		for i := 0; i < numReq; i++ {
			errc <- work() // ok: drained until closed
		}
	}()
	for {
		select {
		case v := <-addrc:
			_ = v
		case err, ok := <-errc:
			if !ok {
				return
			}
			_ = err
		}
	}
}

// TestTLS13ECHRejectionCallbacks (crypto/tls): nobody ever receives.
func TestTLS13ECHRejectionCallbacks(handshake func() error) error {
	done := make(chan error)
	go func() {
		done <- handshake() // want `TestTLS13ECHRejectionCallbacks can return before receiving from done`
	}()
	return handshake()
}

// TestRootRaceRenameDir (os): a missing return after the error send.
func TestRootRaceRenameDir(open func() ([]byte, error)) {
	for range 100 {
		gotc := make(chan []byte)
		go func() {
			b, err := open()
			if err != nil {
				gotc <- nil // want `the goroutine can send twice but TestRootRaceRenameDir receives only once`
			}
			gotc <- b
		}()
		if b := <-gotc; b == nil {
			continue
		}
	}
}

// TestZeroReader (bufio): the test gives up after a timeout.
func TestZeroReader(read func() error, report func(...any)) {
	c := make(chan error)
	go func() {
		c <- read() // want `TestZeroReader can return from the time.After case without receiving`
	}()
	select {
	case err := <-c:
		if err == nil {
			report(errors.New("error expected"))
		}
	case <-time.After(time.Second):
		report("test timed out")
	}
}
