package tests

import "testing"

func TestLoop(t *testing.T) {
	l := &Loop{reqs: make(chan int), stop: make(chan struct{})}
	go l.run() // ok: ignore-tests
	l.reqs <- 1
}
