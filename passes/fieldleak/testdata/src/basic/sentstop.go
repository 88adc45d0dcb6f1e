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
