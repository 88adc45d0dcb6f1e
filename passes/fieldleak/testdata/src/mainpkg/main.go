// Package main: loops started from main run for the life of the
// process.
package main

import "time"

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
	run()
	d := &daemon{reqs: make(chan int), quit: make(chan struct{})}
	go d.loop() // ok: runs for the life of the process
	d.reqs <- 1
	<-d.quit // ok: main blocks forever on purpose
}

type beat struct {
	t *time.Ticker
}

func (b *beat) run() {
	for range b.t.C { // ok: package main runs for the life of the process
	}
}

func (b *beat) stop() { b.t.Stop() }
