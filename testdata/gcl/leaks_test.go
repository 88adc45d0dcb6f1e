package gcl

import "testing"

// TestFirst leaks in a test file, which the checks' ignore-tests option
// skips.
func TestFirst(t *testing.T) {
	ch := make(chan int)
	for i := range 2 {
		go func() { ch <- i }() // leakvet:want sendleak
	}
	<-ch
}
