package gcl

import (
	"context"
	"errors"
	"sync"

	"example.com/gcl/calls"
)

// Squares returns on the first negative square; nothing cancels ctx,
// so the workers' select on it is no way out.
func Squares(xs []int) error {
	ctx := context.Background()
	var wg sync.WaitGroup
	results := make(chan int)
	for _, x := range xs {
		wg.Go(func() {
			select {
			case results <- x * x: // leakvet:want sendleak
			case <-ctx.Done():
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for r := range results {
		if r < 0 {
			return errors.New("negative")
		}
	}
	return nil
}

// Total gives up in calls.Collect while calls.Produce goes on.
func Total(ctx context.Context, xs []int) int {
	ch := make(chan int)
	go calls.Produce(ch, xs) // leakvet:want sendleak
	return calls.Collect(ctx, ch)
}

// Winner takes the first of two answers.
func Winner(a, b int) int {
	return <-calls.Race(a, b) // leakvet:want callleak
}

// Ticks forgets to close the ticker on the error path.
func Ticks(n int) error {
	t := calls.NewTicker()
	t.Start() // leakvet:want callleak
	if n < 0 {
		return errors.New("negative")
	}
	t.Close()
	return nil
}

// Serve returns on a bad port without closing the started server.
func Serve(addr string, port int) error {
	s := calls.NewServer(addr)
	if err := s.Start(); err != nil { // leakvet:want callleak
		return err
	}
	if port <= 0 {
		return errors.New("bad port")
	}
	s.Close()
	return nil
}

// Poll forgets to stop the poller on a bad interval.
func Poll(interval int) error {
	p := calls.NewPoller() // leakvet:want callleak
	if interval <= 0 {
		return errors.New("bad interval")
	}
	p.Stop()
	return nil
}

// Ping forgets to stop the dialled poller on a bad count.
func Ping(addr string, n int) error {
	p, err := calls.Dial(addr) // leakvet:want callleak
	if err != nil {
		return err
	}
	if n <= 0 {
		return errors.New("bad count")
	}
	p.Stop()
	return nil
}
