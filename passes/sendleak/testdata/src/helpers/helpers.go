// Package helpers covers goroutines that send through a helper and
// receivers that wait through one, in this package and in another.
package helpers

import (
	"context"
	"errors"
	"time"

	"helperlib"
)

func check(name string) error {
	if name == "" {
		return errors.New("empty")
	}
	return nil
}

func reply(resc chan<- error, err error) { // want reply:"sends on resc#0 at most twice"
	if err != nil {
		resc <- err
	}
	resc <- nil
}

func replyOnce(resc chan<- error, err error) { // want replyOnce:"sends on resc#0 once"
	resc <- err
}

func replyCareful(ctx context.Context, resc chan<- error, err error) {
	select {
	case resc <- err:
	case <-ctx.Done():
	}
}

func Lookup(name string) error {
	resc := make(chan error)
	go func() {
		err := check(name)
		reply(resc, err) // want `goroutine may block forever sending on resc in reply \(called here\): reply sends twice when err != nil, but Lookup receives once \(possible goroutine leak\)`
	}()
	return <-resc
}

func LookupLib(name string) error {
	resc := make(chan error)
	go func() {
		helperlib.Reply(resc, check(name)) // want `goroutine may block forever sending on resc in helperlib.Reply \(called here\): helperlib.Reply sends twice when err != nil, but LookupLib receives once`
	}()
	return <-resc
}

func okLookupOnce(name string) error {
	resc := make(chan error)
	go func() {
		replyOnce(resc, check(name)) // ok: one send, one receive
	}()
	return <-resc
}

func okLookupBuffered(name string) error {
	resc := make(chan error, 2)
	go func() {
		reply(resc, check(name)) // ok: the buffer holds both
	}()
	return <-resc
}

func okLookupCareful(ctx context.Context, name string) error {
	resc := make(chan error)
	go func() {
		replyCareful(ctx, resc, check(name)) // ok: the helper selects on the caller's context
	}()
	select {
	case err := <-resc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func okDrained(name string) error {
	resc := make(chan error)
	go func() {
		reply(resc, check(name)) // ok: both values received
	}()
	err := <-resc
	<-resc
	return err
}

func compute() int { return 42 }

func waitFor(ctx context.Context, ch <-chan int) (int, error) {
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func drain(ch <-chan int) (n int) {
	for v := range ch {
		n += v
	}
	return n
}

func Get(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- compute() // want `goroutine may block forever sending on ch: Get can return without receiving from ch: waitFor returns on ctx.Done\(\) without receiving`
	}()
	return waitFor(ctx, ch)
}

func GetLib(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- compute() // want `GetLib can return without receiving from ch: helperlib.WaitFor returns on ctx.Done\(\) without receiving`
	}()
	return helperlib.WaitFor(ctx, ch)
}

func okGetBuffered(ctx context.Context) (int, error) {
	ch := make(chan int, 1)
	go func() {
		ch <- compute() // ok: buffered
	}()
	return waitFor(ctx, ch)
}

func okRecv() int {
	ch := make(chan int)
	go func() {
		ch <- compute() // ok: Recv has no way out
	}()
	return helperlib.Recv(ch)
}

func okDrain() int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for range 3 {
			ch <- compute() // ok: drain ranges to the end
		}
	}()
	return drain(ch)
}

func TimeoutTwice(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		reply2(ch) // want `goroutine may block forever sending on ch in reply2 \(called here\): TimeoutTwice can return from the time.After case without receiving`
	}()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

func reply2(ch chan<- int) { // want reply2:"sends on ch#0 once"
	ch <- 1
}

// A method value as the helper: not followed (the summary is of the
// method, the call is dynamic).
type server struct{}

func (server) send(ch chan<- int) { ch <- 1; ch <- 2 } // want send:"sends on ch#0 twice"

func okMethodValue() int {
	ch := make(chan int)
	f := server{}.send
	go func() {
		f(ch) // ok: a dynamic call may do anything with ch
	}()
	return <-ch
}

func MethodHelper() int {
	ch := make(chan int)
	var s server
	go func() {
		s.send(ch) // want `goroutine may block forever sending on ch in server.send \(called here\): server.send sends twice, but MethodHelper receives once`
	}()
	return <-ch
}

// emit sends every value, with no way out.
func emit(out chan<- int, xs []int) { // want emit:"sends on out#0 in a loop"
	for _, x := range xs {
		out <- x
	}
	close(out)
}

// emitCtx sends every value, or stops when ctx is done.
func emitCtx(ctx context.Context, out chan<- int, xs []int) {
	for _, x := range xs {
		select {
		case out <- x:
		case <-ctx.Done():
			return
		}
	}
	close(out)
}

// Asymmetry's receive loop returns on ctx.Done(), but the producer's
// helper sends without a way out.
func Asymmetry(ctx context.Context, xs []int) int {
	out := make(chan int)
	go func() {
		emit(out, xs) // want `goroutine may block forever sending on out in emit \(called here\): Asymmetry can return from the ctx.Done\(\) case without receiving \(possible goroutine leak\)`
	}()
	sum := 0
	for {
		select {
		case v, ok := <-out:
			if !ok {
				return sum
			}
			sum += v
		case <-ctx.Done():
			return sum
		}
	}
}

func okSymmetric(ctx context.Context, xs []int) int {
	out := make(chan int)
	go func() {
		emitCtx(ctx, out, xs) // ok: the producer selects on the same context
	}()
	sum := 0
	for {
		select {
		case v, ok := <-out:
			if !ok {
				return sum
			}
			sum += v
		case <-ctx.Done():
			return sum
		}
	}
}

func waitDone(done <-chan struct{}, ch <-chan int) int {
	select {
	case v := <-ch:
		return v
	case <-done:
		return 0
	}
}

func okBackground() (int, error) {
	ch := make(chan int)
	go func() {
		ch <- compute() // ok: the context of the way out is never done
	}()
	return waitFor(context.Background(), ch)
}

func okNeverClosed() int {
	ch := make(chan int)
	done := make(chan struct{})
	go func() {
		ch <- compute() // ok: nothing closes done
	}()
	return waitDone(done, ch)
}

func DoneClosed(stop bool) int {
	ch := make(chan int)
	done := make(chan struct{})
	if stop {
		close(done)
	}
	go func() {
		ch <- compute() // want `DoneClosed can return without receiving from ch: waitDone returns on done without receiving`
	}()
	return waitDone(done, ch)
}

type fieldCtx struct{ ctx context.Context }

func (f *fieldCtx) wait(ch <-chan int) int {
	select {
	case v := <-ch:
		return v
	case <-f.ctx.Done():
		return 0
	}
}

func okFieldCtx(f *fieldCtx) int {
	ch := make(chan int)
	go func() {
		ch <- compute() // ok: the helper's way out is a field the call does not tell about
	}()
	return f.wait(ch)
}

// waitOn receives one value, or gives up after a second.
func waitOn(ch <-chan int) int {
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return -1
	}
}

// okForwarder's goroutine forwards what arrives on in: how many values
// that is, the pass does not know, and the receiver counts through a
// helper (a shape from a third-party test suite).
func okForwarder(in <-chan int) int {
	out := make(chan int, 10)
	go func() {
		for v := range in {
			out <- v // ok: the count of values is unknown
		}
	}()
	a := waitOn(out)
	b := waitOn(out)
	return a + b
}

// okDeadLoop has sends in a loop that cannot run, after a return: the
// counts must still settle.
func okDeadLoop() int {
	ch := make(chan int)
	go func() {
		ch <- 1 // ok: received once
		return
		for {
			ch <- 2
		}
	}()
	return <-ch
}
