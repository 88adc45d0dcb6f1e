// Package generics covers channels of type-parameter element types and
// generic workers.
package generics

func consume[T any](in <-chan T, f func(T)) {
	for v := range in {
		f(v)
	}
}

func fanOut[T any](items []T, f func(T)) {
	ch := make(chan T)
	for range 2 {
		go consume(ch, f) // want `ch is never closed: consume ranges over it in a goroutine`
	}
	for _, it := range items {
		ch <- it
	}
}

func fanOutClosed[T any](items []T, f func(T)) {
	ch := make(chan T) // ok: closed
	for range 2 {
		go consume(ch, f)
	}
	for _, it := range items {
		ch <- it
	}
	close(ch)
}

type Stage[T any] struct{ f func(T) }

func (s Stage[T]) Run(items []T) {
	ch := make(chan T)
	go func() {
		for v := range ch { // want `ch is never closed`
			s.f(v)
		}
	}()
	for _, it := range items {
		ch <- it
	}
}
