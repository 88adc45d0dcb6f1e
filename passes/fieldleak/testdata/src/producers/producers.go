// Package producers covers waitclose's rule on channel fields: a field
// closed by one of several goroutines that send on it.
package producers

import "sync"

func work() int { return 0 }

// producer: every worker closes s.out when it is done.
type Scatter struct {
	out chan int
}

func (s *Scatter) Run(n int) {
	s.out = make(chan int)
	for range n {
		go func() {
			defer close(s.out) // want `s.out is closed by one of several producers; the others may send on a closed channel \(close it once, after all of them are done\)`
			s.out <- work()
		}()
	}
}

func (s *Scatter) Next() int { return <-s.out }

// producer: a method started in a loop on one object.
type Fan struct {
	res chan int
}

func NewFan(n int) *Fan {
	f := &Fan{res: make(chan int, n)}
	for i := 0; i < n; i++ {
		go f.produce()
	}
	return f
}

func (f *Fan) produce() {
	f.res <- work()
	close(f.res) // want `f.res is closed by one of several producers`
}

func (f *Fan) Next() int { return <-f.res }

// ok: one object per iteration: each closes its own channel.
type Conn struct {
	in chan int
}

func Serve(conns []*Conn) {
	for _, c := range conns {
		c.in = make(chan int, 1)
		go c.pump()
	}
}

func (c *Conn) pump() {
	defer close(c.in)
	c.in <- work()
}

// ok: the object is replaced in the loop.
func Serve2(n int) {
	var c *Conn
	for range n {
		c = &Conn{in: make(chan int, 1)}
		go c.pump()
	}
}

// ok: a single producer closes its own channel.
type Single struct {
	out chan int
}

func NewSingle() *Single {
	s := &Single{out: make(chan int)}
	go func() {
		defer close(s.out)
		s.out <- work()
	}()
	return s
}

func (s *Single) Next() int { return <-s.out }

// ok: the close waits for the others first.
type Waited struct {
	out chan int
	wg  sync.WaitGroup
}

func (w *Waited) Run(n int) {
	w.out = make(chan int, n)
	w.wg.Add(n)
	for range n {
		go func() {
			w.out <- work()
			w.wg.Done()
			w.wg.Wait()
			close(w.out)
		}()
	}
}

// ok: the close is conditional: the last producer, counted, closes.
type Counted struct {
	out  chan int
	mu   sync.Mutex
	left int
}

func (c *Counted) Run(n int) {
	c.out = make(chan int, n)
	c.left = n
	for range n {
		go func() {
			c.out <- work()
			c.mu.Lock()
			c.left--
			last := c.left == 0
			c.mu.Unlock()
			if last {
				close(c.out)
			}
		}()
	}
}

// ok: the goroutine closes but does not send: a done signal closed by
// one of them is waitclose's double close, not this rule.
type Done struct {
	done chan struct{}
}

func (d *Done) Run() {
	d.done = make(chan struct{})
	go func() {
		defer close(d.done)
		work()
	}()
}

// ok: an exported field: others may own the close.
type Exported struct {
	Out chan int
}

func (e *Exported) Run(n int) {
	e.Out = make(chan int)
	for range n {
		go func() {
			defer close(e.Out)
			e.Out <- work()
		}()
	}
}

// ok: the escaping twins of Scatter: the address taken, the channel
// stored in an interface.
type ScatterAddr struct{ out chan int }

func (s *ScatterAddr) Run(n int) {
	s.out = make(chan int)
	keep(&s.out)
	for range n {
		go func() {
			defer close(s.out)
			s.out <- work()
		}()
	}
}

func keep(*chan int) {}

type ScatterIface struct{ out chan int }

func (s *ScatterIface) Run(n int) any {
	s.out = make(chan int)
	for range n {
		go func() {
			defer close(s.out)
			s.out <- work()
		}()
	}
	return s.out
}

// producer: the channel is handed out receive-only; no one else can
// send on it or close it.
type ScatterRecvOnly struct{ out chan int }

func (s *ScatterRecvOnly) Run(n int) <-chan int {
	s.out = make(chan int)
	for range n {
		go func() {
			defer close(s.out) // want `s.out is closed by one of several producers`
			s.out <- work()
		}()
	}
	return s.out
}
