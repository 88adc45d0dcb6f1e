// Package robust exercises the suite on method values and expressions,
// closures capturing loop variables (whose meaning changed in Go 1.22),
// unsafe code, channels of channels, and struct-owned channels.
package robust

import (
	"sync"
	"time"
	"unsafe"
)

type Worker struct {
	in   chan int
	out  chan int
	stop chan struct{}
	wg   sync.WaitGroup
}

func (w *Worker) loop() {
	defer w.wg.Done()
	for {
		select {
		case v := <-w.in:
			w.out <- v
		case <-w.stop:
			return
		}
	}
}

func (w *Worker) Start() {
	w.wg.Add(1)
	f := w.loop // method value
	go f()
	g := (*Worker).loop // method expression
	w.wg.Add(1)
	go g(w)
}

func (w *Worker) Stop() { close(w.stop); w.wg.Wait() }

func Captures(n int) []int {
	out := make(chan int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() { // i is per-iteration since Go 1.22, shared before
			defer wg.Done()
			out <- i
		}()
	}
	go func() { wg.Wait(); close(out) }()
	var res []int
	for v := range out {
		res = append(res, v)
	}
	return res
}

func Unsafe(ch chan int) uintptr {
	p := unsafe.Pointer(&ch)
	c2 := *(*chan int)(p)
	go func() { c2 <- 1 }()
	<-ch
	return uintptr(p) + unsafe.Sizeof(ch)
}

func ChanOfChans() int {
	reqs := make(chan chan int)
	go func() {
		for r := range reqs {
			r <- 42
		}
	}()
	reply := make(chan int)
	reqs <- reply
	v := <-reply
	close(reqs)
	return v
}

func Timers(d time.Duration) {
	t := time.AfterFunc(d, func() {})
	defer t.Stop()
	tk := time.NewTicker(d)
	stop := tk.Stop
	defer stop()
	for i := 0; i < 3; i++ {
		select {
		case <-tk.C:
		case <-time.After(d):
			return
		}
	}
}

type Sender func(int)

func FuncTypes(ch chan int) Sender {
	var s Sender = func(v int) { ch <- v }
	go s(1)
	return s
}
