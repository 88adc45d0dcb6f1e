// Package heldclose covers a receive made while holding a mutex from a
// channel that only a close ends, when every close comes after a loop
// that locks that mutex on every iteration.
package heldclose

import "sync"

type item struct{}

// The worker closes done when its loop ends; each iteration locks mu.
type Broadcasts struct {
	mu      sync.Mutex
	updates chan *item
	done    chan struct{}
	n       int
}

func newBroadcasts() *Broadcasts {
	b := &Broadcasts{updates: make(chan *item, 1), done: make(chan struct{})}
	go func() {
		defer close(b.done)
		for it := range b.updates {
			b.merge(it)
		}
	}()
	return b
}

func (b *Broadcasts) merge(*item) {
	b.mu.Lock()
	b.n++
	b.mu.Unlock()
}

func (b *Broadcasts) stop() {
	b.mu.Lock()
	defer b.mu.Unlock()
	close(b.updates)
	<-b.done // want `Broadcasts.stop holds b.mu while receiving from b.done, which only a close ends; a function literal closes it after a loop that locks mu on every iteration, and an iteration under way blocks on b.mu \(possible deadlock\): unlock b.mu first`
}

// A method runs the loop and closes after it.
type Worker struct {
	mu   sync.Mutex
	in   chan int
	done chan struct{}
	sum  int
}

func newWorker() *Worker {
	w := &Worker{in: make(chan int), done: make(chan struct{})}
	go w.run()
	return w
}

func (w *Worker) run() {
	for v := range w.in {
		w.mu.Lock()
		w.sum += v
		w.mu.Unlock()
	}
	close(w.done)
}

func (w *Worker) Close() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	close(w.in)
	<-w.done // want `Worker.Close holds w.mu while receiving from w.done, which only a close ends; Worker.run closes it after a loop that locks mu on every iteration`
	return w.sum
}

// ok: the holder lets the lock go before it waits.
type Worker2 struct {
	mu   sync.Mutex
	in   chan int
	done chan struct{}
	sum  int
}

func newWorker2() *Worker2 {
	w := &Worker2{in: make(chan int), done: make(chan struct{})}
	go w.run()
	return w
}

func (w *Worker2) run() {
	for v := range w.in {
		w.mu.Lock()
		w.sum += v
		w.mu.Unlock()
	}
	close(w.done)
}

func (w *Worker2) Close() {
	w.mu.Lock()
	close(w.in)
	w.mu.Unlock()
	<-w.done
}

// ok: the loop locks only inside a select case.
type Worker3 struct {
	mu   sync.Mutex
	in   chan int
	quit chan struct{}
	done chan struct{}
	sum  int
}

func newWorker3() *Worker3 {
	w := &Worker3{in: make(chan int), quit: make(chan struct{}), done: make(chan struct{})}
	go w.run()
	return w
}

func (w *Worker3) run() {
	defer close(w.done)
	for {
		select {
		case <-w.quit:
			return
		case v := <-w.in:
			w.mu.Lock()
			w.sum += v
			w.mu.Unlock()
		}
	}
}

func (w *Worker3) Close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	close(w.quit)
	<-w.done
}

// ok: something sends on done too.
type Worker4 struct {
	mu   sync.Mutex
	in   chan int
	done chan struct{}
	sum  int
}

func newWorker4() *Worker4 {
	w := &Worker4{in: make(chan int), done: make(chan struct{})}
	go w.run()
	return w
}

func (w *Worker4) run() {
	for v := range w.in {
		w.mu.Lock()
		w.sum += v
		w.mu.Unlock()
	}
	close(w.done)
}

func (w *Worker4) Abort() { w.done <- struct{}{} }

func (w *Worker4) Close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	close(w.in)
	<-w.done
}

// ok: an iteration can end before its lock.
type Worker5 struct {
	mu   sync.Mutex
	in   chan int
	done chan struct{}
	sum  int
}

func newWorker5() *Worker5 {
	w := &Worker5{in: make(chan int), done: make(chan struct{})}
	go w.run()
	return w
}

func (w *Worker5) run() {
	defer close(w.done)
	for v := range w.in {
		if v < 0 {
			return
		}
		w.mu.Lock()
		w.sum += v
		w.mu.Unlock()
	}
}

func (w *Worker5) Close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	close(w.in)
	<-w.done
}

// ok: the close comes before the loop.
type Worker6 struct {
	mu    sync.Mutex
	in    chan int
	ready chan struct{}
	sum   int
}

func newWorker6() *Worker6 {
	w := &Worker6{in: make(chan int), ready: make(chan struct{})}
	go w.run()
	return w
}

func (w *Worker6) run() {
	close(w.ready)
	for v := range w.in {
		w.mu.Lock()
		w.sum += v
		w.mu.Unlock()
	}
}

func (w *Worker6) Start() {
	w.mu.Lock()
	defer w.mu.Unlock()
	<-w.ready
}

// ok: the loop locks another mutex.
type Worker7 struct {
	mu, smu sync.Mutex
	in      chan int
	done    chan struct{}
	sum     int
}

func newWorker7() *Worker7 {
	w := &Worker7{in: make(chan int), done: make(chan struct{})}
	go w.run()
	return w
}

func (w *Worker7) run() {
	for v := range w.in {
		w.smu.Lock()
		w.sum += v
		w.smu.Unlock()
	}
	close(w.done)
}

func (w *Worker7) Close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	close(w.in)
	<-w.done
}

// ok: both take the read lock.
type Worker8 struct {
	mu   sync.RWMutex
	in   chan int
	done chan struct{}
	sum  int
}

func newWorker8() *Worker8 {
	w := &Worker8{in: make(chan int), done: make(chan struct{})}
	go w.run()
	return w
}

func (w *Worker8) run() {
	for v := range w.in {
		w.mu.RLock()
		_ = w.sum + v
		w.mu.RUnlock()
	}
	close(w.done)
}

func (w *Worker8) Close() {
	w.mu.RLock()
	defer w.mu.RUnlock()
	close(w.in)
	<-w.done
}

// ok: the close is conditional.
type Worker9 struct {
	mu   sync.Mutex
	in   chan int
	done chan struct{}
	sum  int
}

func newWorker9() *Worker9 {
	w := &Worker9{in: make(chan int), done: make(chan struct{})}
	go w.run(true)
	return w
}

func (w *Worker9) run(last bool) {
	for v := range w.in {
		w.mu.Lock()
		w.sum += v
		w.mu.Unlock()
	}
	if last {
		close(w.done)
	}
}

func (w *Worker9) Close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	close(w.in)
	<-w.done
}

// ok: the loop locks another value's mutex.
type Worker10 struct {
	mu    sync.Mutex
	in    chan int
	done  chan struct{}
	other *Worker10
}

func newWorker10() *Worker10 {
	w := &Worker10{in: make(chan int), done: make(chan struct{})}
	go w.run()
	return w
}

func (w *Worker10) run() {
	for range w.in {
		w.other.mu.Lock()
		w.other.mu.Unlock()
	}
	close(w.done)
}

func (w *Worker10) Close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	close(w.in)
	<-w.done
}
