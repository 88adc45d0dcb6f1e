package main

import "sync"

// Package main is not exempt as a whole: a goroutine started per
// request (in a loop, by a function called in a loop or from several
// places, by a callback, by a function nothing calls directly) leaks
// like anywhere else. One started once, by main, init or a function
// only they reach, calling once, lives as long as the process.

type watch struct {
	result chan bool
	errc   chan error
}

func newWatch() *watch {
	return &watch{result: make(chan bool), errc: make(chan error)}
}

// run is started per request by serveLoop, handler and twice: each
// start leaks.
func (w *watch) run() {
	err := <-w.errc
	w.result <- err == nil // want `send on w.result blocks forever: w.result is unbuffered and nothing in the package receives from it`
}

func (w *watch) stop(err error) { w.errc <- err }

func serveLoop(n int) {
	for range n {
		w := newWatch()
		go w.run()
		go w.stop(nil)
	}
}

type idle struct {
	ready chan struct{}
}

// wait is started by a function that nothing calls directly: it is
// kept in a table of handlers, run as often as requests come.
func (i *idle) wait() {
	<-i.ready // want `receive from i.ready blocks forever: nothing in the package sends on or closes i.ready`
}

func handleIdle() {
	i := &idle{ready: make(chan struct{})}
	go i.wait()
}

var handlers = map[string]func(){"idle": handleIdle}

type pinger struct {
	pings chan int
	quit  chan struct{}
}

func (p *pinger) loop() {
	for {
		select {
		case <-p.pings:
		case <-p.quit:
			return
		}
	}
}

func (p *pinger) ping() { p.pings <- 1 }

// startPinger is called from two places: each call leaks a loop that
// nothing can stop.
func startPinger() *pinger {
	p := &pinger{pings: make(chan int), quit: make(chan struct{})}
	go p.loop() // want `goroutine started by pinger.loop never returns: it exits only on p.quit`
	return p
}

type beacon struct {
	hits chan int
}

// send is started in a loop of a function main calls.
func (b *beacon) send() {
	b.hits <- 1 // want `send on b.hits blocks forever`
}

// Silent twins: each goroutine below starts once per process.

type once1 struct {
	out chan int
}

func (o *once1) run() {
	o.out <- 1 // ok: started once, by setup, which only main calls, once
}

func setup() {
	o := &once1{out: make(chan int)}
	go o.run()
}

type once2 struct {
	in chan int
}

func (o *once2) run() {
	<-o.in // ok: started by init
}

func init() {
	o := &once2{in: make(chan int)}
	go o.run()
}

type once3 struct {
	out chan int
}

func (o *once3) run() {
	o.out <- 1 // ok: started by a goroutine that main starts once
}

func background() {
	o := &once3{out: make(chan int)}
	go o.run()
}

type once4 struct {
	out chan int
}

func (o *once4) run() {
	o.out <- 1 // ok: started under sync.Once
}

var setupOnce sync.Once

func lazy() {
	setupOnce.Do(func() {
		o := &once4{out: make(chan int)}
		go o.run()
	})
}

type once5 struct {
	out chan int
}

func (o *once5) run() {
	o.out <- 1 // ok: started by the range expression, evaluated once
}

func items() []int {
	o := &once5{out: make(chan int)}
	go o.run()
	return nil
}

func serveAll() {
	for range items() {
	}
}

func run() {
	setup()
	go func() { background() }()
	lazy()
	serveAll()
	serveLoop(3)
	handlers["idle"]()
	startPinger()
	startPinger()
	feed(nil)
	for range 3 {
		b := &beacon{hits: make(chan int)}
		go b.send()
	}
}

// The Wait rules apply in package main too: a Wait that never returns
// hangs the program.
func feed(vs []int) {
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
