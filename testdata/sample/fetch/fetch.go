// Package fetch starts goroutines that send their result on a channel.
// Half of these functions leak the goroutine when the receiver gives up
// first; their fixed twins follow them.
package fetch

import (
	"context"
	"errors"
	"time"

	"example.com/sample/relay"
)

var errTimeout = errors.New("timeout")

// get stands for a slow call, such as an HTTP request.
func get(url string) (string, error) { return url, nil }

// FetchWithTimeout leaks its goroutine when the timeout wins: nobody
// receives the result.
func FetchWithTimeout(url string) (string, error) {
	ch := make(chan string)
	go func() {
		s, _ := get(url)
		ch <- s // leakvet:want sendleak
	}()
	select {
	case s := <-ch:
		return s, nil
	case <-time.After(time.Second):
		return "", errTimeout
	}
}

// FetchWithTimeoutBuffered is FetchWithTimeout fixed: the buffer takes
// the value that nobody may receive.
func FetchWithTimeoutBuffered(url string) (string, error) {
	ch := make(chan string, 1)
	go func() {
		s, _ := get(url)
		ch <- s
	}()
	select {
	case s := <-ch:
		return s, nil
	case <-time.After(time.Second):
		return "", errTimeout
	}
}

// result is the outcome of one fetch.
type result struct {
	body string
	err  error
}

// FetchAll returns on the first error; the goroutines of the URLs not
// yet received block forever.
func FetchAll(urls []string) ([]string, error) {
	ch := make(chan result)
	for _, u := range urls {
		go func() {
			body, err := get(u)
			ch <- result{body, err} // leakvet:want sendleak
		}()
	}
	var bodies []string
	for range urls {
		r := <-ch
		if r.err != nil {
			return nil, r.err
		}
		bodies = append(bodies, r.body)
	}
	return bodies, nil
}

// FetchAllBuffered is FetchAll fixed: one slot per sender.
func FetchAllBuffered(urls []string) ([]string, error) {
	ch := make(chan result, len(urls))
	for _, u := range urls {
		go func() {
			body, err := get(u)
			ch <- result{body, err}
		}()
	}
	var bodies []string
	for range urls {
		r := <-ch
		if r.err != nil {
			return nil, r.err
		}
		bodies = append(bodies, r.body)
	}
	return bodies, nil
}

// First asks every mirror and keeps the first answer: the other
// goroutines block forever.
func First(mirrors []string) string {
	ch := make(chan string)
	for _, m := range mirrors {
		go func() {
			s, _ := get(m)
			ch <- s // leakvet:want sendleak
		}()
	}
	return <-ch
}

// Counter feeds numbers until ctx is cancelled, and stops then.
func Counter(ctx context.Context) <-chan int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := 0; ; i++ {
			select {
			case ch <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

// CounterIgnoringContext takes a context but never looks at it: once
// the caller stops receiving, the goroutine blocks forever.
func CounterIgnoringContext(ctx context.Context) <-chan int {
	ch := make(chan int)
	go func() {
		for i := 0; ; i++ {
			ch <- i // leakvet:want sendleak
		}
	}()
	return ch
}

// Relay leaks the goroutine of another package's function when the
// timeout wins: relay.Forward sends without a way out.
func Relay(url string) (string, error) {
	ch := make(chan string)
	go relay.Forward(ch, url) // leakvet:want sendleak
	select {
	case s := <-ch:
		return s, nil
	case <-time.After(time.Second):
		return "", errTimeout
	}
}

// RelayOrQuit is Relay fixed: closing quit releases the sender.
func RelayOrQuit(url string) (string, error) {
	ch := make(chan string)
	quit := make(chan struct{})
	defer close(quit)
	go relay.ForwardOrQuit(ch, quit, url)
	select {
	case s := <-ch:
		return s, nil
	case <-time.After(time.Second):
		return "", errTimeout
	}
}

// Probe is known to leak and kept as it is; the directive says why.
func Probe(url string) bool {
	ch := make(chan bool)
	go func() {
		_, err := get(url)
		//leakvet:ignore sendleak the probe runs once per process; its goroutine may stay
		ch <- err == nil
	}()
	select {
	case ok := <-ch:
		return ok
	case <-time.After(time.Second):
		return false
	}
}

// Progress reports a start and then the result, but its caller
// receives only the first value: the second send blocks forever.
// sendleak reports a double send at the goroutine's first send.
func Progress(url string) string {
	ch := make(chan string)
	go func() {
		ch <- "started" // leakvet:want sendleak
		s, _ := get(url)
		ch <- s
	}()
	return <-ch
}
