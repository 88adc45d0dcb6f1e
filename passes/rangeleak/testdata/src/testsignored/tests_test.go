// Package tests, run with ignore-tests, covers the ignore-tests option: flagged by default,
// silent with ignore-tests.
package tests

import "testing"

func TestWorkers(t *testing.T) {
	ch := make(chan int)
	go func() {
		for v := range ch { // ok: ignore-tests
			t.Log(v)
		}
	}()
	ch <- 1
}

// ok: with ignore-tests, a directive in a test file is not checked for use.
//
//leakvet:ignore rangeleak kept for runs without ignore-tests
var _ = 0
