// Package fixes covers the suggested fix of the exited rule: a select
// on the loop's stop signal around the send.
package fixes

import "context"

type Worker struct {
	tasks chan func()
	stop  chan struct{}
}

func NewWorker() *Worker {
	w := &Worker{tasks: make(chan func()), stop: make(chan struct{})}
	go w.run()
	return w
}

func (w *Worker) run() {
	for {
		select {
		case t := <-w.tasks:
			t()
		case <-w.stop:
			return
		}
	}
}

func (w *Worker) Submit(t func()) {
	w.tasks <- t // want `send on w.tasks may block forever`
}

func (w *Worker) TrySubmit(t func()) {
	select {
	case <-w.stop:
	default:
		w.tasks <- t // want `send on w.tasks may block forever`
	}
}

// No fix: the send is the post statement of a loop.
func (w *Worker) Spin(t func()) {
	for i := 0; i < 1; w.tasks <- t { // want `send on w.tasks may block forever`
		i++
	}
}

// No fix: the worker is not a plain identifier.
func Submit(ws []*Worker, t func()) {
	ws[0].tasks <- t // want `send on ws\[0\].tasks may block forever`
}

func (w *Worker) Stop() { close(w.stop) }

type Feeder struct {
	ctx    context.Context
	cancel context.CancelFunc
	items  chan string
}

func NewFeeder() *Feeder {
	f := &Feeder{items: make(chan string)}
	f.ctx, f.cancel = context.WithCancel(context.Background())
	go f.loop()
	return f
}

func (f *Feeder) loop() {
	for {
		select {
		case <-f.items:
		case <-f.ctx.Done():
			return
		}
	}
}

func (f *Feeder) Feed(s string) {
	f.items <- s // want `send on f.items may block forever`
}

func (f *Feeder) Close() { f.cancel() }
