package app

import (
	"testing"
	"time"

	"example.com/dep/halt"
)

// TestMustFail: halt.MustFail ends the test through t.Fatalf in a
// helper of its own file.
func TestMustFail(t *testing.T) {
	ch := make(chan int)
	go func() { ch <- 1 }() // ok: the timeout case never returns
	select {
	case <-ch:
	case <-time.After(time.Second):
		halt.MustFail(t, "no value")
	}
}

// TestNote: halt.Note logs and returns, and the test has not failed.
func TestNote(t *testing.T) {
	ch := make(chan int)
	go func() { ch <- 1 }() // want sendleak
	select {
	case <-ch:
	case <-time.After(time.Second):
		halt.Note(t, "no value")
	}
}

// TestAbort: Reporter.Abort calls Fatal on the test in its field.
func TestAbort(t *testing.T) {
	r := halt.NewReporter(t)
	ch := make(chan int)
	go func() { ch <- 1 }() // ok: the timeout case never returns
	select {
	case <-ch:
	case <-time.After(time.Second):
		r.Abort("no value")
	}
}

// TestWarn: Reporter.Warn logs and returns.
func TestWarn(t *testing.T) {
	r := halt.NewReporter(t)
	ch := make(chan int)
	go func() { ch <- 1 }() // want sendleak
	select {
	case <-ch:
	case <-time.After(time.Second):
		r.Warn("no value")
	}
}
