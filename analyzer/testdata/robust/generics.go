// Package robust exercises the suite on generic code: channels of type
// parameters, channel-typed type parameters, generic methods and
// instantiated function values.
package robust

import (
	"context"
	"sync"
	"time"
)

type Chan[T any] interface{ ~chan T }

func Send[C Chan[T], T any](c C, v T) { c <- v }

func Recv[C ~chan T | ~<-chan T, T any](c C) T { return <-c }

type Pool[T any] struct {
	mu   sync.Mutex
	jobs chan T
	wg   sync.WaitGroup
}

func (p *Pool[T]) Run(ctx context.Context, f func(T)) {
	for i := 0; i < 4; i++ {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for {
				select {
				case j, ok := <-p.jobs:
					if !ok {
						return
					}
					f(j)
				case <-ctx.Done():
					return
				}
			}
		}()
	}
}

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make(chan U)
	for _, x := range xs {
		go func(x T) { out <- f(x) }(x)
	}
	res := make([]U, 0, len(xs))
	for range xs {
		res = append(res, <-out)
	}
	return res
}

func First[T any](ctx context.Context, fs ...func() T) (T, bool) {
	ch := make(chan T, len(fs))
	for _, f := range fs {
		go func() { ch <- f() }()
	}
	t := time.NewTimer(time.Second)
	defer t.Stop()
	select {
	case v := <-ch:
		return v, true
	case <-t.C:
	case <-ctx.Done():
	}
	var zero T
	return zero, false
}

var sendInt = Send[chan int, int]

func useInstances() {
	c := make(chan int, 1)
	sendInt(c, 1)
	_ = Recv[chan int](c)
}
