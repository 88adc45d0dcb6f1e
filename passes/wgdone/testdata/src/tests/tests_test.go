// Package tests covers the ignore-tests option: flagged by default.
package tests

import (
	"sync"
	"testing"
)

func TestEarlyReturn(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want `wg.Done is not called on all paths`
		if testing.Short() {
			t.Error("short")
			return
		}
		wg.Done()
	}()
	wg.Wait()
}
