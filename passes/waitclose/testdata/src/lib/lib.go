// Package lib declares producers used by package crosspkg; that they
// send on their channel parameter reaches crosspkg as a fact.
package lib

import "sync"

func Produce(out chan<- int, v int, wg *sync.WaitGroup) {
	defer wg.Done()
	out <- v
}

func Consume(in <-chan int) {
	for range in {
	}
}
