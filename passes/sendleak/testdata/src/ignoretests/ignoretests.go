// Package ignoretests covers the ignore-tests option: the leak in the
// package is reported, the one in its test file is not.
package ignoretests

func Leak() {
	done := make(chan bool)
	go func() { done <- true }() // want `Leak can return before receiving from done`
}
