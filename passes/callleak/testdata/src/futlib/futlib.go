// Package futlib declares a future used from package futures.
package futlib

func Compute(x int) <-chan int {
	ch := make(chan int)
	go func() { ch <- x * x }()
	return ch
}

// Race returns the first of two results; the other goroutine blocks
// unless the caller receives twice.
func Race(a, b int) <-chan int {
	ch := make(chan int)
	go func() { ch <- a }()
	go func() { ch <- b }()
	return ch
}
