// Package app starts workers and calls futures of package lifecycle.
package app

import (
	"errors"
	"time"

	"example.com/sample/lifecycle"
)

// Run stops the worker on the happy path only.
func Run(xs []int) error {
	w := lifecycle.New()
	w.Start() // leakvet:want callleak
	for _, x := range xs {
		if x < 0 {
			return errors.New("negative")
		}
	}
	w.Stop()
	return nil
}

// RunDeferred stops the worker on every path.
func RunDeferred(xs []int) error {
	w := lifecycle.New()
	w.Start()
	defer w.Stop()
	for _, x := range xs {
		if x < 0 {
			return errors.New("negative")
		}
	}
	return nil
}

// Total gives up on the sum after a second.
func Total(xs []int) int {
	res := lifecycle.Sum(xs) // leakvet:want callleak
	select {
	case s := <-res:
		return s
	case <-time.After(time.Second):
		return 0
	}
}

// TotalBuffered gives up too, but the buffer takes the value.
func TotalBuffered(xs []int) int {
	res := lifecycle.SumBuffered(xs)
	select {
	case s := <-res:
		return s
	case <-time.After(time.Second):
		return 0
	}
}
