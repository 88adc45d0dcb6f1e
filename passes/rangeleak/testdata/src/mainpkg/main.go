// Package main covers the main.main exemption: returning from main
// ends the process, so its goroutines cannot leak.
package main

func main() {
	ch := make(chan int) // ok: made in main.main
	go func() {
		for v := range ch {
			println(v)
		}
	}()
	ch <- 1
	helper()
}

func helper() {
	ch := make(chan int)
	go func() {
		for v := range ch { // want `ch is never closed`
			println(v)
		}
	}()
	ch <- 1
}
