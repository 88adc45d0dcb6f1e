// Package tests covers the ignore-tests option: flagged by default,
// silent with ignore-tests.
package tests

import "testing"

func TestWorkers(t *testing.T) {
	ch := make(chan int)
	go func() {
		for v := range ch { // want `ch is never closed`
			t.Log(v)
		}
	}()
	ch <- 1
}
