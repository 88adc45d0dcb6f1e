// Package tests covers the ignore-tests option: flagged by default.
package tests

import "testing"

func TestCloseTwice(t *testing.T) {
	ch := make(chan int)
	defer close(ch)
	if testing.Short() {
		close(ch) // want `ch may be closed twice on one path`
		return
	}
}
