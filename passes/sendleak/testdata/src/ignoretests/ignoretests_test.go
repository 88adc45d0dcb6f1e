package ignoretests

import "testing"

func TestLeak(t *testing.T) {
	done := make(chan bool)
	go func() { done <- true }() // ok: ignore-tests
}

func TestSuppressed(t *testing.T) {
	done := make(chan bool)
	//leakvet:ignore sendleak the test process exits soon after
	go func() { done <- true }() // ok: ignore-tests, and the directive is not reported as unused
}
