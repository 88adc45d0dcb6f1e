// Package tests covers the ignore-tests option: silent with ignore-tests.
package tests

import (
	"sync"
	"testing"
)

func TestEarlyReturn(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // ok: ignore-tests
		if testing.Short() {
			t.Error("short")
			return
		}
		wg.Done()
	}()
	wg.Wait()
}

// ok: with ignore-tests, a directive in a test file is not checked for use.
//
//leakvet:ignore wgdone kept for runs without ignore-tests
var _ = 0
