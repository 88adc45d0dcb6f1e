// Package leaky is the leaky sample of the pre-commit end-to-end test:
// the hooks must fail on it and print each line marked
// "// leakvet:want <check>".
package leaky

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
