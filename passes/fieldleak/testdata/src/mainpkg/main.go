// Package main: loops started from main run for the life of the
// process.
package main

type daemon struct {
	reqs chan int
	quit chan struct{}
}

func (d *daemon) loop() {
	for {
		select {
		case <-d.reqs:
		case <-d.quit:
			return
		}
	}
}

func main() {
	d := &daemon{reqs: make(chan int), quit: make(chan struct{})}
	go d.loop() // ok: runs for the life of the process
	d.reqs <- 1
	<-d.quit // ok: main blocks forever on purpose
}
