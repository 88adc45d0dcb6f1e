//go:debug asynctimerchan=1

//go:build go1.23

// Command debugmain covers a //go:debug asynctimerchan=1 directive in a
// main package: it brings back the pre-1.23 semantics for the whole
// package, so the go1.23 file is judged by the old rules.
package main

import "time"

func main() {
	wait(make(chan int))
}

func wait(ch chan int) int {
	t := time.NewTimer(time.Second) // want `timer t is not stopped on all paths`
	select {
	case <-t.C:
		return 0
	case v := <-ch:
		return v
	}
}

// ok: the documented drain is right with asynchronous channels.
func stop(t *time.Timer) {
	if !t.Stop() {
		<-t.C
	}
}
