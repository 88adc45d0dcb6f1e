// Package lib declares workers used by package crosspkg; what they do
// with their channel parameters reaches crosspkg as facts.
package lib

import "os/signal"

import "os"

func Worker(in <-chan int) {
	for range in {
	}
}

func StartWorker(in <-chan int) {
	go func() {
		for range in {
		}
	}()
}

func Drain(in <-chan int) {
	for range in {
	}
}

func Close(ch chan int) { close(ch) }

func Produce(out chan<- int) { out <- 1 }

func Notify(c chan os.Signal) { signal.Notify(c, os.Interrupt) }

type Pool struct{}

func (*Pool) Run(in <-chan int) {
	for range in {
	}
}
