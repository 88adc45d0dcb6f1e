// Package futures covers futures whose result the caller drops or
// stops waiting for.
package futures

import (
	"context"
	"time"

	"futlib"
)

func get(url string) string { return url }

func fetch(url string) <-chan string {
	ch := make(chan string)
	go func() {
		ch <- get(url) // want `goroutine may block forever sending on ch: fetch returns ch to Drop, which drops it, and the goroutine sends once \(possible goroutine leak\); buffer ch with capacity 1`
	}()
	return ch
}

func Drop() {
	fetch("x")
}

func fetchAll(urls []string) <-chan string {
	out := make(chan string)
	go func() {
		for _, u := range urls {
			out <- get(u) // want `goroutine may block forever sending on out: fetchAll returns out to Timeout, which stops waiting for it in the time.After case, and the goroutine sends in a loop`
		}
		close(out)
	}()
	return out
}

func Timeout() string {
	select {
	case s := <-fetchAll([]string{"a"}):
		return s
	case <-time.After(time.Second):
		return ""
	}
}

func okReceived() string {
	return <-fetch("y")
}

func fetchBuffered(url string) <-chan string {
	ch := make(chan string, 1)
	go func() { ch <- get(url) }() // ok: buffered
	return ch
}

func okBuffered() {
	fetchBuffered("x")
}

func fetchCtx(ctx context.Context, url string) <-chan string {
	ch := make(chan string)
	go func() {
		select {
		case ch <- get(url): // ok: way out
		case <-ctx.Done():
		}
	}()
	return ch
}

func okCtx(ctx context.Context) {
	fetchCtx(ctx, "x")
}

func okLoopingSelect(ctx context.Context) string {
	ch := fetchAll([]string{"a", "b"})
	var last string
	for {
		select {
		case s, ok := <-ch: // ok: the timeout case keeps receiving
			if !ok {
				return last
			}
			last = s
		case <-time.After(time.Second):
			continue
		}
	}
}

func Lib(ctx context.Context) {
	_ = futlib.Compute(3) // want `futlib.Compute returns a channel fed by a goroutine that sends once with no way out; Lib assigns it to _, so the goroutine blocks forever`
}

func LibAbandon(ctx context.Context) int {
	res := futlib.Compute(4) // want `futlib.Compute returns a channel fed by a goroutine that sends once with no way out; LibAbandon stops waiting for it in the ctx.Done\(\) case, so the goroutine blocks forever`
	select {
	case v := <-res:
		return v
	case <-ctx.Done(): // the related position
		return 0
	}
}

func okLib() int {
	return <-futlib.Compute(5)
}

// race feeds its future from two goroutines: the first value wins and
// the other goroutine blocks, unless the caller takes both.
func race(a, b string) <-chan string {
	ch := make(chan string)
	go func() { ch <- get(a) }() // want `goroutine may block forever sending on ch: race returns ch to First, which receives from it once, and its 2 goroutines send twice \(possible goroutine leak\)`
	go func() { ch <- get(b) }()
	return ch
}

func First(a, b string) string {
	return <-race(a, b)
}

func raceBuffered(a, b string) <-chan string {
	ch := make(chan string, 1)
	go func() { ch <- get(a) }() // ok: the buffer takes the loser's value
	go func() { ch <- get(b) }()
	return ch
}

func okFirstBuffered(a, b string) string {
	return <-raceBuffered(a, b)
}

func pair(a, b string) <-chan string {
	ch := make(chan string)
	go func() { ch <- get(a) }() // ok: the caller takes both values
	go func() { ch <- get(b) }()
	return ch
}

func okBoth(a, b string) string {
	ch := pair(a, b)
	s := ""
	for range 2 {
		s += <-ch
	}
	return s
}

func okBothPlain(a, b string) string {
	ch := pair(a, b)
	x, y := <-ch, <-ch
	return x + y
}

func sendTwice[T any](v T) <-chan T {
	ch := make(chan T)
	go func() {
		ch <- v // want `goroutine may block forever sending on ch: sendTwice returns ch to Generic, which receives from it once, and the goroutine sends twice`
		ch <- v
	}()
	return ch
}

func Generic() int {
	ch := sendTwice(1)
	return <-ch
}

type server struct{}

func (server) race(a, b string) <-chan string {
	ch := make(chan string)
	go func() { ch <- get(a) }() // want `server.race returns ch to Method, which drops it, and its 2 goroutines send twice`
	go func() { ch <- get(b) }()
	return ch
}

func Method(s server) {
	f := s.race
	f("a", "b") // ok: a method value is not followed
	s.race("a", "b")
}

func LibRace() int {
	return <-futlib.Race(1, 2) // want `futlib.Race returns a channel fed by 2 goroutines that send twice with no way out; LibRace receives from it once, so a goroutine blocks forever`
}

// Package-level initialisers run once, and have no function to walk.
var okInit = <-pair("a", "b")

var okInitLit = func() string { return <-raceBuffered("a", "b") }()

// A buffered future fed by a loop that never ends fills the buffer and
// then blocks.
func ticks() <-chan time.Time {
	ch := make(chan time.Time, 1)
	go func() {
		for {
			ch <- time.Now() // want `goroutine may block forever sending on ch: ticks returns ch to DropTicks, which assigns it to _, and the goroutine sends in a loop but its buffer holds 1`
			time.Sleep(time.Second)
		}
	}()
	return ch
}

func DropTicks() {
	_ = ticks()
}

// ok: a loop that ends on the first read error may send fewer values
// than the buffer holds.
func reads(read func() (string, error)) <-chan string {
	ch := make(chan string, 100)
	go func() {
		for {
			s, err := read()
			if err != nil {
				return
			}
			ch <- s
		}
	}()
	return ch
}

func DropReads(read func() (string, error)) {
	_ = reads(read)
}
