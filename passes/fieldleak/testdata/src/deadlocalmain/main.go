// Package main blocks its main goroutine on purpose; a handler run per
// request does not.
package main

var handlers = map[string]func(){"serve": serve}

func main() {
	done := make(chan struct{})
	go func() {
		wait := make(chan struct{})
		<-wait
	}()
	handlers["serve"]()
	<-done
}

func serve() {
	go func() {
		stop := make(chan struct{})
		<-stop // want `receive from stop blocks forever: nothing can send on or close stop, no other code can have it`
	}()
}

// once is called only by main: its wait runs once per process.
func once() {
	c := make(chan struct{})
	<-c
}

func init() { once() }
