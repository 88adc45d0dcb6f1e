// Package crosspkg covers producers of another package (package lib),
// known through facts.
package crosspkg

import (
	"lib"
	"sync"
)

func closeBeforeWait(vs []int) {
	ch := make(chan int, len(vs))
	var wg sync.WaitGroup
	for _, v := range vs {
		wg.Add(1)
		go lib.Produce(ch, v, &wg)
	}
	close(ch) // want `ch is closed while its producers may still send on it \(close it once, after wg.Wait\)`
	wg.Wait()
}

func closeAfterWait(vs []int) {
	ch := make(chan int, len(vs)) // ok: closed after wg.Wait
	var wg sync.WaitGroup
	for _, v := range vs {
		wg.Add(1)
		go lib.Produce(ch, v, &wg)
	}
	wg.Wait()
	close(ch)
}

func consumersAreNotProducers(n int) {
	ch := make(chan int) // ok: lib.Consume only receives
	for range n {
		go lib.Consume(ch)
	}
	ch <- 1
	close(ch)
}

func twoStartsOfOneFunction() {
	ch := make(chan int, 2)
	var wg sync.WaitGroup
	wg.Add(2)
	go lib.Produce(ch, 1, &wg)
	go lib.Produce(ch, 2, &wg)
	close(ch) // want `ch is closed while its producers may still send on it \(close it once, after wg.Wait\)`
	wg.Wait()
}
