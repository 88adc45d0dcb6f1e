// Package tests covers the ignore-tests option: silent with ignore-tests.
package tests

import "testing"

func TestCloseTwice(t *testing.T) {
	ch := make(chan int)
	defer close(ch)
	if testing.Short() {
		close(ch) // ok: ignore-tests
		return
	}
}

// ok: with ignore-tests, a directive in a test file is not checked for use.
//
//leakvet:ignore waitclose kept for runs without ignore-tests
var _ = 0
