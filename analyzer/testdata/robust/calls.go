// Package robust: the shapes that follow channels and goroutines
// across calls (sendleak's group contexts and cancellation asymmetry,
// callleak's futures and start methods), in forms that stress the
// walks: generics, method values, goto, labelled loops, closures.
package robust

import (
	"context"
	"sync"
	"time"
)

func groupFirst[T comparable](xs []T, bad T) bool {
	ctx := context.WithValue(context.Background(), "k", 1)
	var wg sync.WaitGroup
	ch := make(chan T)
	for _, x := range xs {
		wg.Go(func() {
			select {
			case ch <- x:
			case <-ctx.Done():
			}
		})
	}
	go func() { wg.Wait(); close(ch) }()
outer:
	for v := range ch {
		switch {
		case v == bad:
			return false
		case len(xs) == 0:
			break outer
		}
	}
	return true
}

func produce[T any](ch chan<- T, xs []T) {
	for _, x := range xs {
		ch <- x
	}
	close(ch)
}

func collect[T any](ctx context.Context, ch <-chan T) (out []T) {
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return
			}
			out = append(out, v)
		case <-ctx.Done():
			return
		}
	}
}

func asym(ctx context.Context, xs []int) int {
	ch := make(chan int)
	go produce(ch, xs)
	n := 0
	for v := range ch {
		if err := ctx.Err(); err != nil {
			goto done
		}
		select {
		case <-ctx.Done():
			return n
		default:
		}
		n += v
	}
done:
	return n
}

func asymHelper(ctx context.Context, xs []string) []string {
	ch := make(chan string)
	p := produce[string]
	go p(ch, xs)
	go func() { produce(ch, xs) }()
	return collect(ctx, ch)
}

func race[T any](a, b T) <-chan T {
	ch := make(chan T)
	go func() { ch <- a }()
	go func() { ch <- b }()
	return ch
}

func first() int {
	f := race[int]
	_ = f(1, 2)
	x := <-race(1, 2)
	for i := 0; i < 2; i++ {
		<-race("a", "b")
	}
	select {
	case v := <-race(3, 4):
		x += v
	case <-time.After(time.Millisecond):
	}
	return x
}

type ticker[T any] struct {
	cancel  context.CancelFunc
	ctx     context.Context
	c       chan T
	started bool
	quit    chan struct{}
}

func (t *ticker[T]) start() {
	if t.started {
		return
	}
	t.started = true
	ctx, cancel := context.WithCancel(context.Background())
	t.cancel = cancel
	go func() {
		var zero T
	loop:
		for {
			select {
			case <-ctx.Done():
				break loop
			case t.c <- zero:
			}
		}
	}()
}

func (t *ticker[T]) startField() {
	t.ctx, t.cancel = context.WithCancel(context.TODO())
	go t.wait()
}

func (t *ticker[T]) wait() { <-t.ctx.Done() }

func (t *ticker[T]) stop() {
	if t.cancel != nil {
		t.cancel()
	}
}

func useTicker(n int) int {
	t := &ticker[int]{c: make(chan int)}
	t.start()
	stop := t.stop
	if n > 0 {
		return <-t.c
	}
	stop()
	u := new(ticker[string])
	u.startField()
	if n < 0 {
		return n
	}
	defer u.stop()
	return 0
}

type server[T any] struct {
	quit chan T
	ok   bool
}

func (s *server[T]) start() error {
	if !s.ok {
		return context.Canceled
	}
	go func() {
		for range s.quit {
		}
	}()
	return nil
}

func (s *server[T]) close() { close(s.quit) }

func useServer(n int) error {
	s := &server[int]{quit: make(chan int)}
	if err := s.start(); err != nil {
		return err
	}
	err := s.start()
	if err != nil {
		goto fail
	}
	if s.start() != nil || n < 0 {
		return nil
	}
	s.close()
	return nil
fail:
	return err
}

var initRace = <-race(1, 2)

var initFunc = func() int { return <-race(3, 4) }()

type poller[T any] struct{ quit chan T }

func newPoller[T any]() *poller[T] {
	p := &poller[T]{quit: make(chan T)}
	go func() { <-p.quit }()
	return p
}

func newIntPoller() *poller[int] {
	p := &poller[int]{quit: make(chan int)}
	go p.loop()
	return p
}

func (p *poller[T]) loop() { <-p.quit }

func (p *poller[T]) stop() { close(p.quit) }

func usePoller(n int) {
	p := newIntPoller()
	q := newPoller[string]()
	defer q.stop()
	if n > 0 {
		return
	}
	f := p.stop
	f()
}

func dialPoller(ok bool) (*poller[int], error) {
	if !ok {
		return nil, context.Canceled
	}
	p := &poller[int]{quit: make(chan int)}
	go p.loop()
	return p, nil
}

func useDial(ok bool) error {
	if p, err := dialPoller(ok); err != nil {
		return err
	} else if ok {
		return nil
	} else {
		p.stop()
	}
	p, err := dialPoller(!ok)
	if err != nil {
		return err
	}
	defer p.stop()
	return nil
}
