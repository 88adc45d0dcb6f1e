// Package use calls package pipeline's helpers, whose summaries come
// from facts.
package use

import (
	"context"
	"errors"

	"example.com/sample/pipeline"
)

// Total stops receiving when ctx is done, in pipeline.Collect, while
// pipeline.Produce goes on sending.
func Total(ctx context.Context, xs []int) int {
	ch := make(chan int)
	go pipeline.Produce(ch, xs) // leakvet:want sendleak
	return pipeline.Collect(ctx, ch)
}

// Winner takes the first answer of two.
func Winner(a, b int) int {
	return <-pipeline.Race(a, b) // leakvet:want callleak
}

// Both takes both answers.
func Both(a, b int) int {
	ch := pipeline.Race(a, b)
	x, y := <-ch, <-ch
	return x + y
}

// Ticks forgets to close the ticker on the error path.
func Ticks(n int) error {
	t := pipeline.NewTicker()
	t.Start() // leakvet:want callleak
	if n < 0 {
		return errors.New("negative")
	}
	t.Close()
	return nil
}

// TicksDeferred closes it on every path.
func TicksDeferred(n int) error {
	t := pipeline.NewTicker()
	t.Start()
	defer t.Close()
	if n < 0 {
		return errors.New("negative")
	}
	return nil
}

// Once forgets to stop the lazy value on the error path.
func Once(n int) error {
	l := pipeline.NewLazy()
	l.Start() // leakvet:want callleak
	if n < 0 {
		return errors.New("negative")
	}
	l.Stop()
	return nil
}

// Serve returns on a bad port without closing the started server; on
// a failed start there is nothing to close.
func Serve(addr string, port int) error {
	s := pipeline.NewServer(addr)
	if err := s.Start(); err != nil { // leakvet:want callleak
		return err
	}
	if port <= 0 {
		return errors.New("bad port")
	}
	s.Close()
	return nil
}

// ServeDeferred closes the server on every path after a good start.
func ServeDeferred(addr string, port int) error {
	s := pipeline.NewServer(addr)
	if err := s.Start(); err != nil {
		return err
	}
	defer s.Close()
	if port <= 0 {
		return errors.New("bad port")
	}
	return nil
}

// Poll forgets to stop the poller on a bad interval.
func Poll(interval int) error {
	p := pipeline.NewPoller() // leakvet:want callleak
	if interval <= 0 {
		return errors.New("bad interval")
	}
	p.Stop()
	return nil
}

// PollDeferred stops it on every path.
func PollDeferred(interval int) error {
	p := pipeline.NewPoller()
	defer p.Stop()
	if interval <= 0 {
		return errors.New("bad interval")
	}
	return nil
}

// Ping forgets to stop the dialled poller on a bad count; a failed dial
// started nothing.
func Ping(addr string, n int) error {
	p, err := pipeline.Dial(addr) // leakvet:want callleak
	if err != nil {
		return err
	}
	if n <= 0 {
		return errors.New("bad count")
	}
	p.Stop()
	return nil
}
