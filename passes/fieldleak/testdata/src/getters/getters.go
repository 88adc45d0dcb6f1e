// Package getters covers fields reached through unexported getters: a
// call of the getter is the field. Exported getters, getters used as
// method values and getters an interface of the package may call make
// the field escape: silent.
package getters

// unserviced through a getter: nothing closes or sends on the stop
// channel, whatever name it is reached by.
type Indexer struct {
	reqs  chan string
	stopc chan struct{}
}

func NewIndexer() *Indexer {
	ix := &Indexer{reqs: make(chan string), stopc: make(chan struct{})}
	go ix.loop() // want `goroutine started by Indexer.loop never returns: it exits only on ix.stopChan\(\), which nothing in the package closes or sends on`
	return ix
}

func (ix *Indexer) stopChan() chan struct{} { return ix.stopc }

func (ix *Indexer) loop() {
	for {
		select {
		case r := <-ix.reqs:
			_ = r
		case <-ix.stopChan():
			return
		}
	}
}

func (ix *Indexer) Add(s string) { ix.reqs <- s }

// Silent twin: Close closes the stop channel through the getter.
type Closer struct {
	reqs  chan string
	stopc chan struct{}
}

func NewCloser() *Closer {
	c := &Closer{reqs: make(chan string), stopc: make(chan struct{})}
	go c.loop()
	return c
}

func (c *Closer) stopChan() chan struct{} { return c.stopc }

func (c *Closer) loop() {
	for {
		select {
		case r := <-c.reqs:
			_ = r
		case <-c.stopc:
			return
		}
	}
}

func (c *Closer) Add(s string) {
	select {
	case c.reqs <- s:
	case <-c.stopChan():
	}
}

// exited through a getter: the send does not select on the stop
// channel that ends its only receiver.
func (c *Closer) Push(s string) {
	c.requests() <- s // want `send on c.requests\(\) may block forever: its only receiver, the loop of the goroutine running Closer.loop, returns on c.stopc`
}

func (c *Closer) requests() chan string { return c.reqs }

func (c *Closer) Close() { close(c.stopChan()) }

// Silent twin: the getter is exported, so other packages may close the
// channel.
type Exported struct {
	stopc chan struct{}
}

func NewExported() *Exported {
	e := &Exported{stopc: make(chan struct{})}
	go e.loop()
	return e
}

func (e *Exported) Stop() chan struct{} { return e.stopc }

func (e *Exported) loop() {
	for {
		select {
		case <-e.stopc:
			return
		}
	}
}

// Silent twin: the getter is handed out as a method value.
type Valued struct {
	stopc chan struct{}
}

func NewValued() (*Valued, func() chan struct{}) {
	v := &Valued{stopc: make(chan struct{})}
	go v.loop()
	return v, v.stop
}

func (v *Valued) stop() chan struct{} { return v.stopc }

func (v *Valued) loop() {
	for {
		select {
		case <-v.stopc:
			return
		}
	}
}

// Silent twin: an interface of the package names the getter, and the
// package calls through it.
type Iface struct {
	stopc chan struct{}
}

type stopper interface{ stop() chan struct{} }

func NewIface() *Iface {
	i := &Iface{stopc: make(chan struct{})}
	go i.loop()
	return i
}

func (i *Iface) stop() chan struct{} { return i.stopc }

func (i *Iface) loop() {
	for {
		select {
		case <-i.stopc:
			return
		}
	}
}

func shut(s stopper) { close(s.stop()) }

// unserviced through an interface of the package whose one
// implementation is a getter: the call is the field, and nothing
// closes it.
type Worker struct {
	jobs chan int
	quit chan struct{}
}

type quitter interface{ quitChan() chan struct{} }

func NewWorker() *Worker {
	w := &Worker{jobs: make(chan int), quit: make(chan struct{})}
	go serve(w, w.jobs) // want `goroutine started by serve never returns: it exits only on q.quitChan\(\), which nothing in the package closes or sends on`
	return w
}

func (w *Worker) quitChan() chan struct{} { return w.quit }

func serve(q quitter, jobs chan int) {
	for {
		select {
		case j := <-jobs:
			_ = j
		case <-q.quitChan():
			return
		}
	}
}

func (w *Worker) Do(j int) {
	select {
	case w.jobs <- j:
	case <-w.quit:
	}
}

// Silent twin: two types of the package implement the interface; the
// call may reach the other one, whose channel Close closes.
type Worker2 struct {
	jobs chan int
	quit chan struct{}
}

type Other struct{ done chan struct{} }

func (o *Other) quitChan2() chan struct{} { return o.done }

func (o *Other) Close() { close(o.done) }

type quitter2 interface{ quitChan2() chan struct{} }

func NewWorker2() *Worker2 {
	w := &Worker2{jobs: make(chan int), quit: make(chan struct{})}
	go serve2(w, w.jobs)
	return w
}

func (w *Worker2) quitChan2() chan struct{} { return w.quit }

func serve2(q quitter2, jobs chan int) {
	for {
		select {
		case j := <-jobs:
			_ = j
		case <-q.quitChan2():
			return
		}
	}
}

func (w *Worker2) Do(j int) {
	select {
	case w.jobs <- j:
	case <-w.quit:
	}
}
