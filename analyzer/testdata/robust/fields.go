// Odd uses of channel, ticker, WaitGroup and cancel fields, for the
// field model and fieldleak: the suite must not panic on any of them.
package robust

import (
	"context"
	"sync"
	"time"
)

type fields struct {
	c      chan int
	cc     chan chan int
	ro     <-chan int
	so     chan<- int
	wg     sync.WaitGroup
	t      *time.Ticker
	tm     *time.Timer
	ctx    context.Context
	cancel context.CancelFunc
	arr    [2]chan int
	anon   struct{ c chan int }
}

type gen[T any, C ~chan T] struct {
	c C
	d chan T
}

type embeds struct {
	fields
	*gen[int, chan int]
}

func (f *fields) odd(m map[string]context.CancelFunc, k string) {
	var ok bool
	f.cancel, ok = m[k]
	_ = ok
	f.ctx, f.cancel = context.WithTimeout(context.TODO(), time.Second)
	f.c, f.cc = make(chan int), make(chan chan int, 1)
	f.cc <- f.c
	f.c = <-f.cc
	done := f.wg.Done
	done()
	stop := f.t.Stop
	_ = stop
	fn := f.cancel
	fn()
	f.arr[0] = f.anon.c
	f.ro = f.c
	f.so = f.c
	for v := range f.ro {
		_ = v
	}
	_ = *f
	g := fields{c: make(chan int)}
	_ = fields{make(chan int), nil, nil, nil, sync.WaitGroup{}, nil, nil, nil, nil, [2]chan int{}, struct{ c chan int }{}}
	_ = g
	x := struct{ c chan int }(f.anon)
	_ = x
	if f.tm != nil && f.tm.Stop() {
		<-f.tm.C
	}
	select {
	case <-f.c:
	case f.so <- 1:
	case <-f.ctx.Done():
	default:
	}
	f.cancel()
}

func (g *gen[T, C]) loop(v T) {
	go func() {
	outer:
		for {
			select {
			case <-g.c:
				break outer
			case g.d <- v:
				continue outer
			}
		}
	}()
	go g.run()
	g.c <- v
	close(g.d)
}

func (g *gen[T, C]) run() {
	for {
		select {
		case <-g.d:
			goto end
		}
	}
end:
}

func (e *embeds) use() {
	e.fields.c <- 1
	<-e.d
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		for range e.t.C {
			if e.ctx.Err() != nil {
				return
			}
		}
	}()
	e.wg.Wait()
	func() {
		ch := make(chan int)
		ch <- 1
	}()
}

func (f fields) value() {
	for {
		<-f.c
	}
}

func startValue() {
	var f fields
	go f.value()
	m := f.value
	go m()
}

// The range, producer, buffer and interface-getter rules on odd shapes.
type lifecycle[T any] struct {
	in   chan T
	out  chan T
	buf  chan int
	quit chan struct{}
	wg   sync.WaitGroup
}

type getterOf interface{ quitCh() chan struct{} }

func (l *lifecycle[T]) quitCh() chan struct{} { return l.quit }

func (l *lifecycle[T]) Close() { l.wg.Wait() }

func (l *lifecycle[T]) start(n int, vs []T) {
	l.in, l.out, l.buf = make(chan T), make(chan T), make(chan int, 2)
	for i := 0; i < n; i++ {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			defer close(l.out)
		again:
			for v := range l.in {
				l.out <- v
				if i < 0 {
					goto again
				}
			}
		}()
		go (*lifecycle[T]).pump(l)
		go l.pump()
		go l.forward(l.in)
	}
	go func() {
		for range time.Tick(time.Second) {
			l.buf <- 1
		}
	}()
	var g getterOf = &lifecycle[int]{}
	<-g.quitCh()
	f := g.quitCh
	_ = f
	_ = vs
}

func (l *lifecycle[T]) pump() {
	defer close(l.buf)
	for {
		l.buf <- 1
	}
}

func (l *lifecycle[T]) forward(c chan T) {
	for v := range c {
		l.out <- v
	}
	close(c)
}
