// Package lib declares functions whose channel parameters are
// summarised as facts.
package lib

var sink chan int

func Closer(ch chan int) { // want Closer:`params\(0:closes\)`
	defer close(ch)
}

func Worker(n int, in <-chan int) { // want Worker:`params\(0:escapes 1:ranges\)`
	for v := range in {
		_ = v + n
	}
}

func Start(in <-chan int) { // want Start:`params\(0:ranges-in-goroutine\)`
	go func() {
		for range in {
		}
	}()
}

func StartWorker(in <-chan int) { // want StartWorker:`params\(0:ranges-in-goroutine\)`
	go Worker(1, in)
}

func Produce(out chan<- int) { // want Produce:`params\(0:sends\)`
	out <- 1
}

func ProduceAndClose(out chan int) { // want ProduceAndClose:`params\(0:closes\|sends\)`
	Produce(out)
	Closer(out)
}

func Store(ch chan int) { // want Store:`params\(0:escapes\)`
	sink = ch
}

func Sentinel(in <-chan int) { // want Sentinel:`params\(0:none\)`
	for v := range in {
		if v < 0 {
			return
		}
	}
}

func Recursive(ch chan int, n int) { // want Recursive:`params\(0:escapes 1:escapes\)`
	if n > 0 {
		Recursive(ch, n-1)
	}
}

type Pool struct{}

func (p *Pool) Run(in chan int) { // want Run:`params\(0:ranges\)`
	for range in {
	}
}

func Generic[T any](in <-chan T) { // want Generic:`params\(0:ranges\)`
	for range in {
	}
}

func NoChan(n int) {}
