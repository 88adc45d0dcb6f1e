// Package suppress covers the //leakvet:ignore directive.
package suppress

import "time"

func Suppressed() int {
	ch := make(chan int)
	//leakvet:ignore sendleak the caller retries and the goroutine is short-lived
	go func() { ch <- 1 }()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

func Unused() int {
	ch := make(chan int)
	go func() { ch <- 1 }() //leakvet:ignore sendleak nothing to suppress here // want `unused .*leakvet:ignore directive`
	return <-ch
}
