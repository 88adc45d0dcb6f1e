// Package lifecycle has a worker whose goroutine only Stop ends, and a
// function that returns a channel fed by a goroutine; package app uses
// both from another package.
package lifecycle

// A Worker counts jobs in a goroutine until Stop.
type Worker struct {
	quit chan struct{}
	jobs chan int
	n    int
}

// New returns a new worker, not started.
func New() *Worker {
	return &Worker{quit: make(chan struct{}), jobs: make(chan int)}
}

// Start starts the worker's goroutine; Stop ends it.
func (w *Worker) Start() { go w.loop() }

func (w *Worker) loop() {
	for {
		select {
		case <-w.quit:
			return
		case j := <-w.jobs:
			w.n += j
		}
	}
}

// Stop ends the worker's goroutine.
func (w *Worker) Stop() { close(w.quit) }

// Sum returns a channel that receives the sum of xs, computed by a
// goroutine.
func Sum(xs []int) <-chan int {
	ch := make(chan int)
	go func() {
		s := 0
		for _, x := range xs {
			s += x
		}
		ch <- s
	}()
	return ch
}

// SumBuffered is Sum with a buffer for its one value.
func SumBuffered(xs []int) <-chan int {
	ch := make(chan int, 1)
	go func() {
		s := 0
		for _, x := range xs {
			s += x
		}
		ch <- s
	}()
	return ch
}
