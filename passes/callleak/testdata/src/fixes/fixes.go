package fixes

func work() int { return 1 }

func future() <-chan int {
	ch := make(chan int)
	go func() {
		ch <- work() // want `buffer ch with capacity 1`
	}()
	return ch
}

func Caller() {
	_ = future()
}
