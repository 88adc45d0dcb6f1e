// Package wgloop covers Wait inside the loop that starts the counted
// goroutine, when the goroutine needs what the loop does after the Wait.
package wgloop

import "sync"

func Local(vs []int) {
	var wg sync.WaitGroup
	ch := make(chan int)
	for _, v := range vs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-ch
		}()
		wg.Wait() // want `wg.Wait never returns: the goroutine it waits for needs a send on or close of ch, which the loop does only after the Wait`
		ch <- v
	}
}

type Pool struct {
	wg  sync.WaitGroup
	out chan int
}

func NewPool() *Pool { return &Pool{out: make(chan int)} }

func (p *Pool) Run(n int) {
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.out <- i
		}()
		p.wg.Wait() // want `p.wg.Wait never returns: the goroutine it waits for needs a receive from p.out, which the loop does only after the Wait`
		<-p.out
	}
}

// Silent: sequential, the goroutine needs nothing from the loop.
func Sequential(vs []int) int {
	var wg sync.WaitGroup
	sum := 0
	for _, v := range vs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sum += v
		}()
		wg.Wait()
	}
	return sum
}

// Silent: the loop sends before it waits.
func SendFirst(vs []int) {
	var wg sync.WaitGroup
	ch := make(chan int)
	for _, v := range vs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-ch
		}()
		ch <- v
		wg.Wait()
	}
}

// Silent: the goroutine's send fits in the buffer.
func Buffered(n int) {
	var wg sync.WaitGroup
	ch := make(chan int, 1)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch <- i
		}()
		wg.Wait()
		<-ch
	}
}

// Silent: another goroutine feeds the channel.
func Fed(vs []int) {
	var wg sync.WaitGroup
	ch := make(chan int)
	go func() {
		for _, v := range vs {
			ch <- v
		}
	}()
	for range vs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-ch
		}()
		wg.Wait()
		ch <- 0
	}
}

// Silent: the WaitGroup is handed to other code, which may call Done.
func Handed(vs []int, done func(*sync.WaitGroup)) {
	var wg sync.WaitGroup
	ch := make(chan int)
	done(&wg)
	for _, v := range vs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-ch
		}()
		wg.Wait()
		ch <- v
	}
}

// Silent: inside an outer loop, a send of an earlier outer iteration
// may be what the goroutine receives.
func Nested(vs []int) {
	var wg sync.WaitGroup
	ch := make(chan int, 1)
	for range 2 {
		for _, v := range vs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-ch
			}()
			wg.Wait()
			ch <- v
		}
	}
}

// Silent: the channel is a parameter; the caller may feed it.
func Param(vs []int, ch chan int) {
	var wg sync.WaitGroup
	for _, v := range vs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-ch
		}()
		wg.Wait()
		ch <- v
	}
}
