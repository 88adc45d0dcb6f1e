// Package workers runs pools of goroutines over channels. Each leaky
// function is followed by its fixed twin.
package workers

import "sync"

// Job is a unit of work.
type Job int

func handle(Job) {}

// Process never closes jobs: the workers block forever in their range
// loop after the last job.
func Process(all []Job, n int) {
	jobs := make(chan Job)
	for range n {
		go func() {
			for j := range jobs { // leakvet:want rangeleak
				handle(j)
			}
		}()
	}
	for _, j := range all {
		jobs <- j
	}
}

// ProcessClosed is Process fixed: closing jobs ends the workers' loops.
func ProcessClosed(all []Job, n int) {
	jobs := make(chan Job)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				handle(j)
			}
		}()
	}
	for _, j := range all {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
}

// Squares closes the result channel in one producer while the others
// may still send on it: they panic, or the consumer stops early.
func Squares(xs []int) <-chan int {
	out := make(chan int, len(xs))
	for _, x := range xs {
		go func() {
			out <- x * x
			close(out) // leakvet:want waitclose
		}()
	}
	return out
}

// SquaresWaited is Squares fixed: a waiter closes the channel once,
// after every producer is done.
func SquaresWaited(xs []int) <-chan int {
	out := make(chan int, len(xs))
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out <- x * x
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// Validate skips wg.Done on the early return of an invalid job, so
// wg.Wait blocks forever.
func Validate(all []Job) {
	var wg sync.WaitGroup
	for _, j := range all {
		wg.Add(1)
		go func() { // leakvet:want wgdone
			if j < 0 {
				return
			}
			handle(j)
			wg.Done()
		}()
	}
	wg.Wait()
}

// ValidateDeferred is Validate fixed: the deferred Done runs on every
// path.
func ValidateDeferred(all []Job) {
	var wg sync.WaitGroup
	for _, j := range all {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if j < 0 {
				return
			}
			handle(j)
		}()
	}
	wg.Wait()
}

// Count once skipped wg.Done and was suppressed; the directive outlived
// the bug, so leakvet reports it as unused.
func Count(all []Job) int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	n := 0
	for _, j := range all {
		wg.Add(1)
		//leakvet:ignore wgdone invalid jobs returned early // leakvet:want wgdone
		go func() {
			defer wg.Done()
			if j < 0 {
				return
			}
			mu.Lock()
			n++
			mu.Unlock()
		}()
	}
	wg.Wait()
	return n
}

// Gather closes results before its producers are done: a late producer
// panics sending on a closed channel.
func Gather(xs []int) []int {
	results := make(chan int, len(xs))
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- x * 2
		}()
	}
	close(results) // leakvet:want waitclose
	wg.Wait()
	var out []int
	for r := range results {
		out = append(out, r)
	}
	return out
}

// GatherWaited is Gather fixed: the close follows wg.Wait.
func GatherWaited(xs []int) []int {
	results := make(chan int, len(xs))
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- x * 2
		}()
	}
	wg.Wait()
	close(results)
	var out []int
	for r := range results {
		out = append(out, r)
	}
	return out
}
