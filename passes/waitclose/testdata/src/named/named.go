// Package named covers producers that are named functions and methods.
package named

import "sync"

func produce(out chan<- int, v int, wg *sync.WaitGroup) {
	defer wg.Done()
	defer close(out) // want `out is closed by one of several producers`
	out <- v
}

func produceOnly(out chan<- int, v int, wg *sync.WaitGroup) {
	defer wg.Done()
	out <- v
}

func fanIn(vs []int) <-chan int {
	ch := make(chan int)
	var wg sync.WaitGroup
	for _, v := range vs {
		wg.Add(1)
		go produce(ch, v, &wg)
	}
	return ch
}

func fanInBeforeWait(vs []int) {
	ch := make(chan int, len(vs))
	var wg sync.WaitGroup
	for _, v := range vs {
		wg.Add(1)
		go produceOnly(ch, v, &wg)
	}
	close(ch) // want `ch is closed while its producers may still send on it \(close it once, after wg.Wait\)`
	wg.Wait()
}

func fanInOK(vs []int) {
	ch := make(chan int, len(vs)) // ok: closed after Wait
	var wg sync.WaitGroup
	for _, v := range vs {
		wg.Add(1)
		go produceOnly(ch, v, &wg)
	}
	wg.Wait()
	close(ch)
}

type pipeline struct {
	wg sync.WaitGroup
	n  int
}

func (p *pipeline) emit(out chan<- int) {
	defer p.wg.Done()
	out <- p.n
}

func (p *pipeline) run() {
	out := make(chan int, 4)
	for range 4 {
		p.wg.Add(1)
		go p.emit(out)
	}
	close(out) // want `out is closed while its producers may still send on it \(close it once, after p.wg.Wait\)`
	p.wg.Wait()
}

func (p *pipeline) runOK() {
	out := make(chan int, 4) // ok: closed after p.wg.Wait
	for range 4 {
		p.wg.Add(1)
		go p.emit(out)
	}
	p.wg.Wait()
	close(out)
}

func twoStarts() {
	ch := make(chan int, 2)
	var wg sync.WaitGroup
	wg.Add(2)
	go produceOnly(ch, 1, &wg)
	go produceOnly(ch, 2, &wg)
	close(ch) // want `ch is closed while its producers may still send on it \(close it once, after wg.Wait\)`
	wg.Wait()
}
