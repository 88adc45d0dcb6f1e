// Package app calls helpers of another module (example.com/dep, by a
// replace directive) that never return under names that do not say so.
// leakvet, run on this module, reads their bodies from source: a path
// that ends in one of them is not a path on which the function returns.
// Each reported line carries a want comment: "want sendleak".
package app

import (
	"errors"

	"example.com/dep/halt"
)

// StopOnCancel: halt.Stop exits the process on both branches.
func StopOnCancel(work func() int, cancel <-chan struct{}) int {
	ch := make(chan int)
	go func() { ch <- work() }() // ok: the cancel case never returns
	select {
	case v := <-ch:
		return v
	case <-cancel:
		halt.Stop(errors.New("cancelled"))
	}
	return 0
}

// CheckOnCancel: halt.Check returns when its error is nil.
func CheckOnCancel(work func() int, cancel <-chan struct{}) int {
	ch := make(chan int)
	go func() { ch <- work() }() // want sendleak
	select {
	case v := <-ch:
		return v
	case <-cancel:
		halt.Check(nil)
	}
	return 0
}

// LeaveOnCancel: halt.Leave exits through another package of the
// dependency module and an unexported helper there.
func LeaveOnCancel(work func() int, cancel <-chan struct{}) int {
	ch := make(chan int)
	go func() { ch <- work() }() // ok: the cancel case never returns
	select {
	case v := <-ch:
		return v
	case <-cancel:
		halt.Leave(2)
	}
	return 0
}

// FatalOnCancel: halt.Fatal is named as a fatal logger is, but its body
// prints and returns.
func FatalOnCancel(work func() int, cancel <-chan struct{}) int {
	ch := make(chan int)
	go func() { ch <- work() }() // want sendleak
	select {
	case v := <-ch:
		return v
	case <-cancel:
		halt.Fatal("cancelled")
	}
	return 0
}

// ForeverOnCancel: a cycle with no way out is taken as returning, as
// for the functions of the package itself.
func ForeverOnCancel(work func() int, cancel <-chan struct{}) int {
	ch := make(chan int)
	go func() { ch <- work() }() // want sendleak
	select {
	case v := <-ch:
		return v
	case <-cancel:
		halt.Forever()
	}
	return 0
}
