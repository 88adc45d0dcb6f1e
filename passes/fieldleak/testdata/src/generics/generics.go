// Package generics covers fields of generic types.
package generics

type Queue[T any] struct {
	items chan T
	stop  chan struct{}
}

func NewQueue[T any]() *Queue[T] {
	q := &Queue[T]{items: make(chan T), stop: make(chan struct{})}
	go q.loop() // want `goroutine started by Queue.loop never returns: it exits only on q.stop`
	return q
}

func (q *Queue[T]) loop() {
	for {
		select {
		case <-q.items:
		case <-q.stop:
			return
		}
	}
}

func (q *Queue[T]) Put(v T) { q.items <- v }

// ok: closed.
type Done[T any] struct {
	items chan T
	stop  chan struct{}
}

func NewDone[T any]() *Done[T] {
	d := &Done[T]{items: make(chan T, 1), stop: make(chan struct{})}
	go d.loop()
	return d
}

func (d *Done[T]) loop() {
	for {
		select {
		case <-d.items:
		case <-d.stop:
			return
		}
	}
}

func (d *Done[T]) Close() { close(d.stop) }

var _ = NewDone[int]
var _ = NewQueue[int]
