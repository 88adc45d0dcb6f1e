// Package named covers channels passed to named functions and methods:
// workers started as go worker(ch), a callee that closes its
// parameter, and one that only sends.
package named

func handle(int) {}

func worker(in <-chan int) {
	for v := range in {
		handle(v)
	}
}

func produce(out chan<- int) {
	out <- 1
}

func produceAndClose(out chan<- int) {
	defer close(out)
	out <- 1
}

func startWorker(in <-chan int) {
	go func() {
		for v := range in { // want `ch is never closed: this goroutine ranges over it`
			handle(v)
		}
	}()
}

func namedWorker() {
	ch := make(chan int)
	for range 3 {
		go worker(ch) // want `ch is never closed: worker ranges over it in a goroutine and blocks forever after the last value \(possible goroutine leak\): close ch after the last send`
	}
	produce(ch)
}

func workerInsideLiteral() {
	ch := make(chan int)
	go func() {
		worker(ch) // want `ch is never closed: worker ranges over it in a goroutine`
	}()
	ch <- 1
}

func calleeStartsGoroutine() {
	ch := make(chan int)
	startWorker(ch)
	ch <- 1
}

func closedByCallee() {
	ch := make(chan int) // ok: produceAndClose closes its parameter
	go worker(ch)
	produceAndClose(ch)
}

func workerSync() {
	ch := make(chan int, 1) // ok: worker runs synchronously
	ch <- 1
	worker(ch)
}

type pool struct{ n int }

func (p *pool) run(in chan int) {
	for v := range in {
		handle(v + p.n)
	}
}

func (p *pool) start() {
	jobs := make(chan int)
	for range p.n {
		go p.run(jobs) // want `jobs is never closed: pool.run ranges over it`
	}
	jobs <- 1
}

func (p *pool) startAndClose() {
	jobs := make(chan int) // ok: closed
	for range p.n {
		go p.run(jobs)
	}
	jobs <- 1
	close(jobs)
}

func keep(in chan int) chan int { return in }

func escapesThroughCallee() {
	ch := make(chan int) // ok: keep returns it
	go worker(ch)
	_ = keep(ch)
}
