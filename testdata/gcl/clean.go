package gcl

// All waits for every sender: no leak.
func All(urls []string, fetch func(string) string) []string {
	ch := make(chan string, len(urls))
	for _, u := range urls {
		go func() { ch <- fetch(u) }()
	}
	var out []string
	for range urls {
		out = append(out, <-ch)
	}
	return out
}

// Drain closes the channel its workers range over: no leak.
func Drain(jobs []int, handle func(int)) {
	ch := make(chan int)
	done := make(chan struct{})
	go func() {
		for j := range ch {
			handle(j)
		}
		close(done)
	}()
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	<-done
}
