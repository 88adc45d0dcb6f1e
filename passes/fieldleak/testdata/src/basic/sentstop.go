package basic

// A Node's loop returns once Stop sends it a value on n.stop; a Status
// call after that blocks forever on its send on n.status.
type Node struct {
	status chan chan int
	stop   chan struct{}
	done   chan struct{}
}

func NewNode() *Node {
	n := &Node{status: make(chan chan int), stop: make(chan struct{}), done: make(chan struct{})}
	go n.run()
	return n
}

func (n *Node) run() {
	for {
		select {
		case c := <-n.status:
			c <- 1
		case <-n.stop:
			close(n.done)
			return
		}
	}
}

func (n *Node) Status() int {
	c := make(chan int)
	n.status <- c // want `send on n.status may block forever: its only receiver, the loop of the goroutine running Node.run, returns once it receives a value sent on n.stop \(possible goroutine leak\); close n.stop instead of sending on it, and select on it here as well`
	return <-c
}

func (n *Node) Stop() {
	select {
	case n.stop <- struct{}{}:
	case <-n.done:
	}
}

// A Summer's loop returns on a value sent on p.quit too, but the only
// sender of p.in sends the stop value itself, after its last send.
type Summer struct {
	in   chan int
	quit chan struct{}
	sum  int
}

func NewSummer() *Summer {
	p := &Summer{in: make(chan int), quit: make(chan struct{})}
	go p.loop()
	return p
}

func (p *Summer) loop() {
	for {
		select {
		case v := <-p.in:
			p.sum += v
		case <-p.quit:
			return
		}
	}
}

func (p *Summer) Feed(xs []int) {
	for _, x := range xs {
		p.in <- x // ok: this function sends the stop value itself, after its sends
	}
	p.quit <- struct{}{}
}

// An executor polls its stop channel after each job, and also waits on
// it: the loop leaves only on a value sent on e.stop. The first stop
// value is always received; a send on e.stop is not one into a loop
// gone on another signal (receiving a job does not end it).
type Executor struct {
	jobs chan int
	stop chan struct{}
	ran  int
}

func NewExecutor() *Executor {
	e := &Executor{jobs: make(chan int), stop: make(chan struct{})}
	go e.start()
	return e
}

func (e *Executor) start() {
	for {
		select {
		case j := <-e.jobs:
			select {
			case <-e.stop:
				return
			default:
			}
			e.ran += j
		case <-e.stop:
			return
		}
	}
}

func (e *Executor) Submit(j int) {
	select {
	case e.jobs <- j:
	case <-e.stop:
	}
}

func (e *Executor) Shutdown() {
	e.stop <- struct{}{} // ok: the loop leaves only on this value
}

// A Forwarder polls its quit channel after each value, the other way round:
// a value on p.quit ends the loop, and a later send on p.in blocks.
type Forwarder struct {
	in   chan int
	quit chan struct{}
	n    int
}

func NewForwarder() *Forwarder {
	p := &Forwarder{in: make(chan int), quit: make(chan struct{})}
	go p.run()
	return p
}

func (p *Forwarder) run() {
	for {
		select {
		case v := <-p.in:
			select {
			case <-p.quit:
				return
			default:
			}
			p.n += v
		}
	}
}

func (p *Forwarder) Put(v int) {
	p.in <- v // want `send on p.in may block forever: its only receiver, the loop of the goroutine running Forwarder.run, returns once it receives a value sent on p.quit`
}

func (p *Forwarder) Close() {
	p.quit <- struct{}{} // ok: the loop leaves only on this value
}
