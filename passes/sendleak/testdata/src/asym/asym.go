// Package asym covers cancellation asymmetry: a receive loop that gives
// up on a cancellation (ctx.Done(), a timer, a stop channel, ctx.Err())
// while its producer, or a helper the producer calls, goes on sending
// without a way out. The helpers are in this package and in asymlib
// (facts).
package asym

import (
	"context"
	"time"

	"asymlib"
)

func produce(ch chan<- int, xs []int) { // want produce:"sends on ch#0 in a loop"
	for _, x := range xs {
		ch <- x
	}
	close(ch)
}

func collect(ctx context.Context, ch <-chan int) int {
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

func Loop(ctx context.Context, xs []int) int {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			ch <- x // want `goroutine may block forever sending on ch: Loop can return from the ctx.Done\(\) case without receiving`
		}
		close(ch)
	}()
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

func Named(ctx context.Context, xs []int) int {
	ch := make(chan int)
	go produce(ch, xs) // want `goroutine may block forever sending on ch: Named can return from the ctx.Done\(\) case`
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

func Timer(xs []int) int {
	ch := make(chan int)
	go func() { produce(ch, xs) }() // want `sending on ch in produce \(called here\): Timer can return from the time.After case`
	sum := 0
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return sum
			}
			sum += v
		case <-time.After(time.Second):
			return sum
		}
	}
}

func Stop(stop <-chan struct{}, xs []int) int {
	ch := make(chan int)
	go func() { produce(ch, xs) }() // want `Stop can return from the stop case without receiving`
	sum := 0
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return sum
			}
			sum += v
		case <-stop:
			return sum
		}
	}
}

func RangeErr(ctx context.Context, xs []int) int {
	ch := make(chan int)
	go func() { produce(ch, xs) }() // want `RangeErr can return from its receive loop before receiving every value`
	sum := 0
	for v := range ch {
		if ctx.Err() != nil {
			return sum
		}
		sum += v
	}
	return sum
}

func RangeDone(ctx context.Context, xs []int, out chan<- int) error {
	ch := make(chan int)
	go produce(ch, xs) // want `RangeDone can return from the ctx.Done\(\) case before receiving every value`
	for v := range ch {
		select {
		case out <- v:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func Helper(ctx context.Context, xs []int) int {
	ch := make(chan int)
	go produce(ch, xs) // want `Helper can return without receiving from ch: collect returns on ctx.Done\(\) without receiving`
	return collect(ctx, ch)
}

func LibHelper(ctx context.Context, xs []int) int {
	ch := make(chan int)
	go asymlib.Produce(ch, xs) // want `LibHelper can return without receiving from ch: asymlib.Collect returns on ctx.Done\(\) without receiving`
	return asymlib.Collect(ctx, ch)
}

func LibLit(ctx context.Context, xs []int) int {
	ch := make(chan int)
	go func() { asymlib.Produce(ch, xs) }() // want `sending on ch in asymlib.Produce \(called here\): LibLit can return without receiving`
	return asymlib.Collect(ctx, ch)
}

func Generic[T any](ctx context.Context, xs []T) []T {
	ch := make(chan T)
	go func() { asymlib.ProduceT(ch, xs) }() // want `sending on ch in asymlib.ProduceT \(called here\): Generic can return from the ctx.Done\(\) case`
	var out []T
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return out
			}
			out = append(out, v)
		case <-ctx.Done():
			return out
		}
	}
}

func Method(ctx context.Context, p *asymlib.P) int {
	ch := make(chan int)
	go p.Produce(ch) // want `Method can return from the ctx.Done\(\) case without receiving`
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return v
			}
		case <-ctx.Done():
			return 0
		}
	}
}

func okMethodValue(ctx context.Context, p *asymlib.P) int {
	ch := make(chan int)
	f := p.Produce
	go f(ch) // ok: a method value is not followed
	return asymlib.Collect(ctx, ch)
}

func okProducerSelects(ctx context.Context, xs []int) int {
	ch := make(chan int)
	go asymlib.ProduceCtx(ctx, ch, xs) // ok: the producer leaves on the same ctx.Done()
	return asymlib.Collect(ctx, ch)
}

func okLitSelects(ctx context.Context, xs []int) int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			select {
			case ch <- x: // ok: a way out
			case <-ctx.Done():
				return
			}
		}
	}()
	return collect(ctx, ch)
}

func okHelperDrains(xs []int) int {
	ch := make(chan int)
	go asymlib.Produce(ch, xs) // ok: Drain receives every value
	return asymlib.Drain(ch)
}

func okDrainAfterCancel(ctx context.Context, xs []int) int {
	ch := make(chan int)
	go produce(ch, xs) // ok: the cancelled path drains ch
	sum := 0
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return sum
			}
			sum += v
		case <-ctx.Done():
			for range ch {
			}
			return sum
		}
	}
}

func okBreakThenDrain(ctx context.Context, xs []int) int {
	ch := make(chan int)
	go produce(ch, xs) // ok: the loop is left for a drain
	sum := 0
	for v := range ch {
		if ctx.Err() != nil {
			break
		}
		sum += v
	}
	for range ch {
	}
	return sum
}

func okBuffered(ctx context.Context) int {
	ch := make(chan int, 3)
	go func() {
		for i := range 3 {
			ch <- i // ok: the buffer holds all three
		}
		close(ch)
	}()
	return collect(ctx, ch)
}

func okCounter(ctx context.Context, xs []int) int {
	ch := make(chan int)
	go produce(ch, xs) // ok: a counter that is not a cancellation
	n := 0
	for v := range ch {
		n += v
		if n > 100 && len(xs) == 0 {
			return n
		}
	}
	return n
}

// poll receives what is ready, and returns when nothing is.
func poll(ch <-chan int) int {
	n := 0
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return n
			}
			n += v
		default:
			return n
		}
	}
}

func okPoll(xs []int) int {
	ch := make(chan int)
	go produce(ch, xs) // ok: a poll is no cancellation; the counts do not meet
	return poll(ch)
}

// worker sends through produce.
func worker(ch chan<- int, xs []int) {
	produce(ch, xs)
}

func ViaWorker(ctx context.Context, xs []int) int {
	ch := make(chan int)
	go worker(ch, xs) // want `ViaWorker can return without receiving from ch: collect returns on ctx.Done\(\) without receiving`
	return collect(ctx, ch)
}

func okViaWorkerDrained(xs []int) int {
	ch := make(chan int)
	go worker(ch, xs) // ok: Drain receives every value
	return asymlib.Drain(ch)
}

func okDropOnTimer(xs []int, out chan<- int, n int) int {
	ch := make(chan int)
	go produce(ch, xs) // ok: the timer case drops a value and goes on; a counter ends the loop
	count := 0
	for v := range ch {
		select {
		case out <- v:
		case <-time.After(time.Millisecond):
		}
		count++
		if count == n {
			return count
		}
	}
	return count
}

func okLogCancel(ctx context.Context, xs []int, n int) int {
	ch := make(chan int)
	go produce(ch, xs) // ok: the cancellation is only logged; a counter ends the loop
	count := 0
	for range ch {
		if ctx.Err() != nil {
			println("cancelled")
		}
		count++
		if count == n {
			return count
		}
	}
	return count
}

// A helper whose loop has a constant trip count sends a known number
// of values: two more than the buffer, and the receiver can stop after
// the first.
const batch = 6

func Counted(ctx context.Context) bool {
	ready := make(chan bool, batch)
	go func() {
		defer close(ready)
		sendBatch(ready) // want `sending on ready in sendBatch \(called here\): Counted can return from the ctx.Done\(\) case`
	}()
	for v := range ready {
		select {
		case <-ctx.Done():
			return v
		}
	}
	return true
}

func sendBatch(ch chan bool) { // want sendBatch:"sends on ch#0 at most 8 times"
	for i := 0; i < batch+2; i++ {
		ch <- i != 0
	}
}

// Silent: seven values against a buffer of six, and the receiver takes
// one before it can stop.
func CountedFits(ctx context.Context) bool {
	ready := make(chan bool, batch)
	go func() {
		defer close(ready)
		sendSeven(ready)
	}()
	for v := range ready {
		select {
		case <-ctx.Done():
			return v
		}
	}
	return true
}

func sendSeven(ch chan bool) { // want sendSeven:"sends on ch#0 at most 7 times"
	for i := 0; i < 7; i++ {
		ch <- true
	}
}

// Silent: the helper's loop runs as often as its caller says, and the
// buffer may be large enough.
func CountedUnknown(ctx context.Context, n int) bool {
	ready := make(chan bool, batch)
	go func() {
		defer close(ready)
		sendSome(ready, n)
	}()
	for v := range ready {
		select {
		case <-ctx.Done():
			return v
		}
	}
	return true
}

func sendSome(ch chan bool, n int) { // want sendSome:"sends on ch#0 in a loop"
	for i := 0; i < n; i++ {
		ch <- true
	}
}
