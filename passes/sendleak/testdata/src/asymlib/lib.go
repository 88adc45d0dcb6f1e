// Package asymlib holds the producers and receivers that package asym
// calls across the package boundary (facts).
package asymlib

import "context"

// Produce sends every x with no way out.
func Produce(ch chan<- int, xs []int) {
	for _, x := range xs {
		ch <- x
	}
	close(ch)
}

// ProduceT is Produce for any element type.
func ProduceT[T any](ch chan<- T, xs []T) {
	for _, x := range xs {
		ch <- x
	}
	close(ch)
}

// ProduceCtx sends every x, or leaves when ctx is done.
func ProduceCtx(ctx context.Context, ch chan<- int, xs []int) {
	defer close(ch)
	for _, x := range xs {
		select {
		case ch <- x:
		case <-ctx.Done():
			return
		}
	}
}

// Collect receives until ch is closed, or returns on ctx.Done().
func Collect(ctx context.Context, ch <-chan int) int {
	sum := 0
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return sum
			}
			sum += v
		case <-ctx.Done():
			return sum
		}
	}
}

// Drain receives every value.
func Drain(ch <-chan int) int {
	sum := 0
	for v := range ch {
		sum += v
	}
	return sum
}

// P produces its values through a method.
type P struct{ xs []int }

// Produce sends p's values with no way out.
func (p *P) Produce(ch chan<- int) {
	for _, x := range p.xs {
		ch <- x
	}
	close(ch)
}
