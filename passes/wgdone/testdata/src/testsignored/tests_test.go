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
