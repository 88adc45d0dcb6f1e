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
