// Package named covers functions and methods started by a go statement
// that take the WaitGroup as a parameter.
package named

import "sync"

func step() error { return nil }

func worker(id int, wg *sync.WaitGroup) { // want `wg.Done is not called on all paths of this goroutine`
	if id < 0 {
		return
	}
	_ = step()
	wg.Done()
}

func goodWorker(id int, wg *sync.WaitGroup) { // ok: every path
	if id < 0 {
		wg.Done()
		return
	}
	wg.Done()
}

func notStarted(wg *sync.WaitGroup) { // ok: never started by a go statement here
	if step() != nil {
		return
	}
	wg.Done()
}

type pool struct{ wg sync.WaitGroup }

func (p *pool) run(n int) { // want `p.wg.Done is not called on all paths`
	if n == 0 {
		return
	}
	p.wg.Done()
}

func start(p *pool) {
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Add(1)
		go worker(i, &wg)
		wg.Add(1)
		go goodWorker(i, &wg)
	}
	p.wg.Add(1)
	go p.run(1)
	wg.Wait()
	notStarted(&wg)
}
