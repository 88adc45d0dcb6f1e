// Package crosspkg covers workers of another package (package lib),
// known through facts.
package crosspkg

import (
	"lib"
	"os"
	"os/signal"
)

func goWorker() {
	ch := make(chan int)
	for range 2 {
		go lib.Worker(ch) // want `ch is never closed: lib.Worker ranges over it in a goroutine and blocks forever after the last value \(possible goroutine leak\): close ch after the last send`
	}
	lib.Produce(ch)
}

func startsItself() {
	ch := make(chan int)
	lib.StartWorker(ch) // want `ch is never closed: lib.StartWorker ranges over it in a goroutine`
	ch <- 1
}

func method(p *lib.Pool) {
	ch := make(chan int)
	go p.Run(ch) // want `ch is never closed: lib.Pool.Run ranges over it in a goroutine`
	ch <- 1
}

func drainInLiteral() {
	ch := make(chan int)
	go func() {
		lib.Drain(ch) // want `ch is never closed: lib.Drain ranges over it in a goroutine`
	}()
	ch <- 1
}

func closedByLib() {
	ch := make(chan int) // ok: lib.Close closes it
	go lib.Worker(ch)
	ch <- 1
	lib.Close(ch)
}

func drainSync() {
	ch := make(chan int, 1) // ok: drained synchronously (a deadlock, not a leak)
	ch <- 1
	lib.Drain(ch)
}

func notified() {
	c := make(chan os.Signal, 1) // ok: signal.Notify keeps it
	signal.Notify(c, os.Interrupt)
	go func() {
		for range c {
		}
	}()
}

func notifiedThroughLib() {
	c := make(chan os.Signal, 1) // ok: lib.Notify passes it to signal.Notify, which keeps it
	lib.Notify(c)
	go func() {
		for range c {
		}
	}()
}
