// Package timeout covers receivers that select on the channel and on a
// timeout or a cancellation, and return from the other case.
package timeout

import (
	"context"
	"errors"
	"time"
)

var errTimeout = errors.New("timeout")

func fetch(string) string { return "" }

func FetchWithTimeout(url string) (string, error) {
	ch := make(chan string)
	go func() {
		ch <- fetch(url) // want `goroutine may block forever sending on ch: FetchWithTimeout can return from the time.After case without receiving \(possible goroutine leak\); buffer ch with capacity 1`
	}()
	select {
	case s := <-ch:
		return s, nil
	case <-time.After(time.Second):
		return "", errTimeout
	}
}

// The timeout case falls through to a return after the select.
func FallThrough(url string) string {
	ch := make(chan string)
	go func() { ch <- fetch(url) }() // want `FallThrough can return from the time.After case without receiving`
	select {
	case s := <-ch:
		return s
	case <-time.After(time.Second):
	}
	return ""
}

func Ctx(ctx context.Context, url string) (string, error) {
	ch := make(chan string)
	go func() { ch <- fetch(url) }() // want `Ctx can return from the ctx.Done\(\) case without receiving`
	select {
	case s := <-ch:
		return s, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func Timer(url string) string {
	ch := make(chan string)
	t := time.NewTimer(time.Second)
	defer t.Stop()
	go func() { ch <- fetch(url) }() // want `Timer can return from the t.C case without receiving`
	select {
	case s := <-ch:
		return s
	case <-t.C:
		return ""
	}
}

// Serve is the classic server shutdown: after ctx is done Serve's
// result is sent to nobody.
func Serve(ctx context.Context, serve func() error, shutdown func()) error {
	errc := make(chan error)
	go func() { errc <- serve() }() // want `Serve can return from the ctx.Done\(\) case without receiving`
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdown()
		return ctx.Err()
	}
}

// A literal spawning function is checked too.
func Lit() func() string {
	return func() string {
		ch := make(chan string)
		go func() { ch <- fetch("") }() // want `the function literal in Lit can return from the time.After case without receiving`
		select {
		case s := <-ch:
			return s
		case <-time.After(time.Second):
			return ""
		}
	}
}

// A shared deadline for fan-out: the senders that answer late block.
func Deadline(urls []string) []string {
	results := make(chan string)
	for _, u := range urls {
		go func() { results <- fetch(u) }() // want `Deadline can return from the deadline case without receiving \(possible goroutine leak\); buffer results with capacity len\(urls\)`
	}
	deadline := time.After(time.Second)
	var out []string
	for range urls {
		select {
		case s := <-results:
			out = append(out, s)
		case <-deadline:
			return out
		}
	}
	return out
}

// A single-case select blocks like a plain send.
func SingleCase(url string) string {
	ch := make(chan string)
	go func() {
		select {
		case ch <- fetch(url): // want `SingleCase can return from the time.After case without receiving`
		}
	}()
	select {
	case s := <-ch:
		return s
	case <-time.After(time.Second):
		return ""
	}
}

// One goroutine per iteration, abandoned on timeout.
func PerIteration(urls []string) []string {
	var out []string
	for _, u := range urls {
		ch := make(chan string)
		go func() { ch <- fetch(u) }() // want `PerIteration can leave the time.After case and make a new ch without receiving`
		select {
		case s := <-ch:
			out = append(out, s)
		case <-time.After(time.Second):
			continue
		}
	}
	return out
}

func okBuffered(url string) string {
	ch := make(chan string, 1) // ok: the buffer takes the abandoned value
	go func() { ch <- fetch(url) }()
	select {
	case s := <-ch:
		return s
	case <-time.After(time.Second):
		return ""
	}
}

func okWaitsAnyway(url string) string {
	ch := make(chan string)
	go func() { ch <- fetch(url) }()
	select {
	case s := <-ch:
		return s
	case <-time.After(time.Second):
		<-ch // ok: receives in the timeout case too
		return ""
	}
}

func okLoopsBack(ctx context.Context, url string) string {
	ch := make(chan string)
	go func() { ch <- fetch(url) }()
	for {
		select {
		case s := <-ch:
			return s
		case <-time.After(time.Second):
			// ok: logs and waits again
		}
	}
}

func okSelectSend(ctx context.Context, url string) string {
	ch := make(chan string)
	go func() {
		select {
		case ch <- fetch(url): // ok: the sender has a way out
		case <-ctx.Done():
		}
	}()
	select {
	case s := <-ch:
		return s
	case <-ctx.Done():
		return ""
	}
}

func okDefault(url string) string {
	ch := make(chan string)
	go func() {
		select {
		case ch <- fetch(url): // ok: default
		default:
		}
	}()
	select {
	case s := <-ch:
		return s
	case <-time.After(time.Second):
		return ""
	}
}

func okPanics(url string) string {
	ch := make(chan string)
	go func() { ch <- fetch(url) }()
	select {
	case s := <-ch:
		return s
	case <-time.After(time.Second):
		panic("timeout") // ok: the process crashes
	}
}
