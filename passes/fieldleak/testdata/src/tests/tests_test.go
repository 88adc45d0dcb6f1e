package tests

import "testing"

func TestLoop(t *testing.T) {
	l := &Loop{reqs: make(chan int), stop: make(chan struct{})}
	go l.run() // want `goroutine started by Loop.run never returns: it exits only on l.stop`
	l.reqs <- 1
}
