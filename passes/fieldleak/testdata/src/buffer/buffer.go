// Package buffer covers sends on channel fields with a buffer of known
// capacity: sendleak's rule for fields. A loop that sends without a
// bound fills any constant buffer once no one receives.
package buffer

import (
	"context"
	"reflect"
	"time"

	"sink"
)

func read() (int, error) { return 0, nil }

// exited: the reader loop keeps sending after the consumer has returned
// on r.quit; the buffer of 16 fills and the send blocks.
type Reader struct {
	events chan int
	quit   chan struct{}
}

func NewReader() *Reader {
	r := &Reader{events: make(chan int, 16), quit: make(chan struct{})}
	go r.consume()
	go r.produce()
	return r
}

func (r *Reader) consume() {
	for {
		select {
		case v := <-r.events:
			_ = v
		case <-r.quit:
			return
		}
	}
}

func (r *Reader) produce() {
	for {
		v, err := read()
		if err != nil {
			return
		}
		r.events <- v // want `send on r.events may block forever: its only receiver, the loop of the goroutine running Reader.consume, returns on r.quit, and this function can send on it more times than its buffer of 16 holds \(possible goroutine leak\); select on r.quit here as well`
	}
}

func (r *Reader) Close() { close(r.quit) }

// exited: a ticker drives the sends; the consumer returns on the
// context field's Done.
type Sampler struct {
	out    chan time.Time
	ctx    context.Context
	cancel context.CancelFunc
}

func NewSampler() *Sampler {
	s := &Sampler{out: make(chan time.Time, 4)}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	go s.consume()
	go func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for t := range tick.C {
			s.out <- t // want `send on s.out may block forever: its only receiver, the loop of the goroutine running Sampler.consume, returns on s.ctx.Done\(\), and this function can send on it more times than its buffer of 4 holds`
		}
	}()
	return s
}

func (s *Sampler) consume() {
	for {
		select {
		case t := <-s.out:
			_ = t
		case <-s.ctx.Done():
			return
		}
	}
}

func (s *Sampler) Stop() { s.cancel() }

// unserviced: nothing receives from l.lines; its buffer of 8 fills.
type Logger struct {
	lines chan string
}

func NewLogger() *Logger {
	l := &Logger{lines: make(chan string, 8)}
	go func() {
		for {
			l.lines <- "tick" // want `send on l.lines blocks forever once its buffer of 8 is full: nothing in the package receives from l.lines, and this function sends on it more times than that \(possible goroutine leak\)`
			time.Sleep(time.Second)
		}
	}()
	return l
}

// exited: two status events in sequence, into a buffer of one, while
// the loop that receives them can return on j.quit.
type Job struct {
	status chan string
	quit   chan struct{}
}

func NewJob() *Job {
	j := &Job{status: make(chan string, 1), quit: make(chan struct{})}
	go j.watch()
	go j.run()
	return j
}

func (j *Job) watch() {
	for {
		select {
		case st := <-j.status:
			_ = st
		case <-j.quit:
			return
		}
	}
}

func (j *Job) run() {
	j.status <- "started"
	if _, err := read(); err != nil {
		return
	}
	j.status <- "done" // want `send on j.status may block forever: its only receiver, the loop of the goroutine running Job.watch, returns on j.quit, and this function can send on it more times than its buffer of 1 holds`
}

func (j *Job) Cancel() { close(j.quit) }

// ok: the second send is on another path than the first.
type Either struct {
	status chan string
	quit   chan struct{}
}

func NewEither() *Either {
	e := &Either{status: make(chan string, 1), quit: make(chan struct{})}
	go e.watch()
	go e.run()
	return e
}

func (e *Either) watch() {
	for {
		select {
		case <-e.status:
		case <-e.quit:
			return
		}
	}
}

func (e *Either) run() {
	if _, err := read(); err != nil {
		e.status <- "failed"
		return
	}
	e.status <- "done"
}

func (e *Either) Cancel() { close(e.quit) }

// ok: one send per call of an exported method: the sends may fit.
type Emitter struct {
	events chan int
	quit   chan struct{}
}

func NewEmitter() *Emitter {
	e := &Emitter{events: make(chan int, 16), quit: make(chan struct{})}
	go e.consume()
	return e
}

func (e *Emitter) consume() {
	for {
		select {
		case <-e.events:
		case <-e.quit:
			return
		}
	}
}

func (e *Emitter) Emit(v int) { e.events <- v }

func (e *Emitter) Close() { close(e.quit) }

// ok: the producer loops over a slice: a count that cannot be shown to
// exceed the buffer.
type Batch struct {
	items chan int
	quit  chan struct{}
}

func NewBatch(vs []int) *Batch {
	b := &Batch{items: make(chan int, 16), quit: make(chan struct{})}
	go b.consume()
	go func() {
		for _, v := range vs {
			b.items <- v
		}
	}()
	return b
}

func (b *Batch) consume() {
	for {
		select {
		case <-b.items:
		case <-b.quit:
			return
		}
	}
}

func (b *Batch) Close() { close(b.quit) }

// ok: a loop with a condition sends a bounded number of values.
type Counted struct {
	vals chan int
	quit chan struct{}
}

func NewCounted() *Counted {
	c := &Counted{vals: make(chan int, 4), quit: make(chan struct{})}
	go c.consume()
	go func() {
		for i := 0; i < 3; i++ {
			c.vals <- i
		}
	}()
	return c
}

func (c *Counted) consume() {
	for {
		select {
		case <-c.vals:
		case <-c.quit:
			return
		}
	}
}

func (c *Counted) Close() { close(c.quit) }

// ok: the producer selects on the stop signal too.
type Polite struct {
	events chan int
	quit   chan struct{}
}

func NewPolite() *Polite {
	p := &Polite{events: make(chan int, 16), quit: make(chan struct{})}
	go p.consume()
	go func() {
		for {
			v, _ := read()
			select {
			case p.events <- v:
			case <-p.quit:
				return
			}
		}
	}()
	return p
}

func (p *Polite) consume() {
	for {
		select {
		case <-p.events:
		case <-p.quit:
			return
		}
	}
}

func (p *Polite) Close() { close(p.quit) }

// ok: a capacity that is not a constant.
type Sized struct {
	lines chan string
}

func NewSized(n int) *Sized {
	s := &Sized{lines: make(chan string, n)}
	go func() {
		for {
			s.lines <- "x"
		}
	}()
	return s
}

// ok: a semaphore: its state is read with len.
type Slots struct {
	slots chan struct{}
}

func NewSlots() *Slots {
	s := &Slots{slots: make(chan struct{}, 4)}
	go func() {
		for {
			s.slots <- struct{}{}
		}
	}()
	return s
}

func (s *Slots) Used() int { return len(s.slots) }

// ok: the consumer never returns: the buffer drains.
type Forever struct {
	events chan int
}

func NewForever() *Forever {
	f := &Forever{events: make(chan int, 2)}
	go func() {
		for v := range f.events {
			_ = v
		}
	}()
	go func() {
		for {
			v, _ := read()
			f.events <- v
		}
	}()
	return f
}

// ok: a non-blocking send.
type Dropper struct {
	lines chan string
}

func NewDropper() *Dropper {
	d := &Dropper{lines: make(chan string, 8)}
	go func() {
		for {
			select {
			case d.lines <- "tick":
			default:
			}
		}
	}()
	return d
}

// ok: the escaping twins of Logger: the address taken, passed to code
// of another package, stored in an interface, reached by reflection.
type LogAddr struct{ lines chan string }

func NewLogAddr() *LogAddr {
	l := &LogAddr{lines: make(chan string, 8)}
	go func() {
		for {
			l.lines <- "tick"
		}
	}()
	p := &l.lines
	_ = p
	return l
}

type LogOut struct{ lines chan string }

func NewLogOut() *LogOut {
	l := &LogOut{lines: make(chan string, 8)}
	go func() {
		for {
			l.lines <- "tick"
		}
	}()
	go sink.Drain(l.lines)
	return l
}

type LogIface struct{ lines chan string }

func NewLogIface() (*LogIface, any) {
	l := &LogIface{lines: make(chan string, 8)}
	go func() {
		for {
			l.lines <- "tick"
		}
	}()
	return l, l.lines
}

type LogReflect struct{ lines chan string }

func NewLogReflect() *LogReflect {
	l := &LogReflect{lines: make(chan string, 8)}
	go func() {
		for {
			l.lines <- "tick"
		}
	}()
	go reflect.ValueOf(l.lines).Recv()
	return l
}

// ok: a getter hands the channel to other packages.
type LogGetter struct{ lines chan string }

func NewLogGetter() *LogGetter {
	l := &LogGetter{lines: make(chan string, 8)}
	go func() {
		for {
			l.lines <- "tick"
		}
	}()
	return l
}

func (l *LogGetter) Lines() <-chan string { return l.lines }
