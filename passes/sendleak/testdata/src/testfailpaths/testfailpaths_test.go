// Package testfailpaths is package testfail run with -test-fail-paths:
// the leaks after a failure are reported too.
package testfailpaths

import (
	"errors"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2"
)

func work() error { return errors.New("x") }

// Reported: the goroutine is abandoned only when the test has failed.
func TestErrorfReturn(t *testing.T) {
	c := make(chan error)
	go func() {
		c <- work() // want `TestErrorfReturn can return from the time.After case without receiving after marking the test failed \(possible goroutine leak\)`
	}()
	select {
	case err := <-c:
		if err == nil {
			t.Error("want an error")
		}
	case <-time.After(time.Second):
		t.Errorf("timed out")
		return
	}
}

// Reported: t.Fatal in the timeout case.
func TestFatalInTimeout(t *testing.T) {
	c := make(chan error)
	go func() {
		c <- work() // want `TestFatalInTimeout can return from the time.After case without receiving after marking the test failed`
	}()
	select {
	case <-c:
	case <-time.After(time.Second):
		t.Fatal("timed out")
	}
}

// Reported: the timeout case falls through to the end after t.Error.
func TestErrorFallsOff(t *testing.T) {
	c := make(chan error)
	go func() {
		c <- work() // want `TestErrorFallsOff can return from the time.After case without receiving after marking the test failed`
	}()
	select {
	case <-c:
	case <-time.After(time.Second):
		t.Error("timed out")
	}
}

// Reported: Ginkgo's Fail ends the spec.
func TestGinkgoFail(t *testing.T) {
	done := make(chan bool)
	go func() {
		done <- work() == nil // want `TestGinkgoFail can return from the time.After case without receiving after marking the test failed`
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		ginkgo.Fail("timed out")
	}
}

func fatalf(t *testing.T, format string, args ...any) {
	t.Helper()
	t.Fatalf(format, args...)
}

// Reported: a helper of the package that starts by failing the test.
func TestHelper(t *testing.T) {
	c := make(chan error)
	go func() {
		c <- work() // want `after marking the test failed`
	}()
	select {
	case <-c:
	case <-time.After(time.Second):
		fatalf(t, "timed out after %v", time.Second)
	}
}

// Reported: b.Error in a benchmark.
func BenchmarkErrorReturn(b *testing.B) {
	c := make(chan error)
	go func() {
		c <- work() // want `after marking the test failed`
	}()
	select {
	case <-c:
	case <-time.After(time.Second):
		b.Error("timed out")
		return
	}
}

// A leak on a passing path is reported: the test returns without
// failing, leaving the goroutine blocked.
func TestPassingPath(t *testing.T) {
	c := make(chan error)
	go func() {
		c <- work() // want `goroutine may block forever sending on c: TestPassingPath can return from the time.After case without receiving \(possible goroutine leak\)`
	}()
	select {
	case <-c:
		t.Error("want a timeout")
	case <-time.After(time.Second):
		return
	}
}

// The failure happens after the return that abandons the goroutine,
// on another path: still reported.
var slow bool

func TestFailElsewhere(t *testing.T) {
	c := make(chan error)
	go func() {
		c <- work() // want `TestFailElsewhere can return before receiving from c`
	}()
	if slow {
		return
	}
	if err := <-c; err != nil {
		t.Error(err)
	}
}
