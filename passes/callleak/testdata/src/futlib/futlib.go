// Package futlib declares a future used from package futures.
package futlib

func Compute(x int) <-chan int {
	ch := make(chan int)
	go func() { ch <- x * x }()
	return ch
}
