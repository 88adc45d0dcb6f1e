package ignoretests

import "testing"

func TestLeak(t *testing.T) {
	done := make(chan bool)
	go func() { done <- true }() // ok: ignore-tests
}
