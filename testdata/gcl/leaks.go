// Package gcl is the sample module of the golangci-lint end-to-end test.
// Each line that leakvet must report ends with "// leakvet:want <check>".
package gcl

import "time"

// First returns the first result and abandons the other senders.
func First(urls []string, fetch func(string) string) string {
	ch := make(chan string)
	for _, u := range urls {
		go func() { ch <- fetch(u) }() // leakvet:want sendleak
	}
	return <-ch
}

// Work hands the jobs to workers that range over a channel nobody closes.
func Work(jobs []int, handle func(int)) {
	ch := make(chan int)
	for range 4 {
		go func() {
			for j := range ch { // leakvet:want rangeleak
				handle(j)
			}
		}()
	}
	for _, j := range jobs {
		ch <- j
	}
}

// Check returns early on an error and leaves the sender blocked.
func Check(validate func() error, compute func() int) (int, error) {
	res := make(chan int)
	go func() { res <- compute() }() // leakvet:want sendleak
	if err := validate(); err != nil {
		return 0, err
	}
	return <-res, nil
}

// Wait drains a timer after Stop, which since Go 1.23 blocks forever.
func Wait(d time.Duration, done <-chan struct{}) {
	t := time.NewTimer(d)
	select {
	case <-t.C:
	case <-done:
	}
	if !t.Stop() {
		<-t.C // leakvet:want timerleak
	}
}
