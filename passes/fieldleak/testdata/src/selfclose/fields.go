package selfclose

// Fields in the closed world: the only close of the field is deferred
// by the function that waits on it.

type loop struct {
	stopped chan struct{}
}

func newLoop() *loop {
	return &loop{stopped: make(chan struct{})}
}

func (l *loop) run() {
	defer close(l.stopped)
	<-l.stopped // want `receive from l.stopped blocks forever: its only close is deferred by loop.run, which cannot return while it waits, and nothing in the package sends on l.stopped \(possible goroutine leak\)`
}

func startLoop() {
	l := newLoop()
	go l.run()
}

// Silent twins.

type early struct {
	done chan struct{}
}

// ok: a run that returns early closes done, which wakes a run blocked
// on the same object.
func (e *early) run(quick bool) {
	defer close(e.done)
	if quick {
		return
	}
	<-e.done
}

type other struct {
	done chan struct{}
}

// ok: Close closes it too.
func (o *other) run() {
	defer close(o.done)
	<-o.done
}

func (o *other) Close() { close(o.done) }

type sent struct {
	done chan struct{}
}

// ok: a sender elsewhere.
func (s *sent) run() {
	defer close(s.done)
	<-s.done
}

func (s *sent) ping() { s.done <- struct{}{} }

type leaked struct {
	done chan struct{}
}

// ok: the field escapes.
func (l *leaked) run() {
	defer close(l.done)
	<-l.done
}

func (l *leaked) Done() chan struct{} { return l.done }

type twoObjects struct {
	done chan struct{}
}

// ok: the wait is on another object than the close.
func (t *twoObjects) run(peer *twoObjects) {
	defer close(t.done)
	<-peer.done
}

func newObjects() (*early, *other, *sent, *leaked, *twoObjects) {
	return &early{done: make(chan struct{})}, &other{done: make(chan struct{})}, &sent{done: make(chan struct{})},
		&leaked{done: make(chan struct{})}, &twoObjects{done: make(chan struct{})}
}
