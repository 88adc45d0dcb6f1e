package gcl

import "sync"

// Steps runs the steps in goroutines; an error skips wg.Done, and Wait
// blocks forever.
func Steps(steps []func() error) {
	var wg sync.WaitGroup
	for _, step := range steps {
		wg.Add(1)
		go func() { // leakvet:want wgdone
			if err := step(); err != nil {
				return
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// StepsDeferred calls Done however each goroutine ends: no leak.
func StepsDeferred(steps []func() error) {
	var wg sync.WaitGroup
	for _, step := range steps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = step()
		}()
	}
	wg.Wait()
}

// Results closes the channel in every producer: the first to finish
// closes it under the others.
func Results(jobs []int, run func(int) int) []int {
	var wg sync.WaitGroup
	results := make(chan int, len(jobs))
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(results) // leakvet:want waitclose
			results <- run(job)
		}()
	}
	wg.Wait()
	var out []int
	for r := range results {
		out = append(out, r)
	}
	return out
}
