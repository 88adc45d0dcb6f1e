// Package basic covers closes of a channel with several producers:
// by a producer, by the spawning function before the producers are
// done, by a goroutine that does not wait; and the silent waiter shapes.
package basic

import (
	"sync"
	"sync/atomic"
)

func run(int) int { return 0 }

func closedByEachWorker(jobs []int) <-chan int {
	results := make(chan int)
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(results) // want `results is closed by one of several producers; the others may send on a closed channel \(close it once, after wg.Wait\)`
			results <- run(job)
		}()
	}
	return results
}

func closedByOneOfTwo() <-chan int {
	ch := make(chan int)
	go func() {
		ch <- 1
		close(ch) // want `ch is closed by one of several producers; the others may send on a closed channel \(close it once, after the producers are done\)`
	}()
	go func() {
		ch <- 2
	}()
	return ch
}

func closeBeforeWait(jobs []int) []int {
	results := make(chan int, len(jobs))
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- run(job)
		}()
	}
	close(results) // want `results is closed while its producers may still send on it \(close it once, after wg.Wait\)`
	wg.Wait()
	var out []int
	for r := range results {
		out = append(out, r)
	}
	return out
}

func deferredCloseNoWait(jobs []int) {
	results := make(chan int, len(jobs))
	defer close(results) // want `results is closed while its producers may still send on it`
	for _, job := range jobs {
		go func() {
			results <- run(job)
		}()
	}
}

func closerDoesNotWait(jobs []int) <-chan int {
	results := make(chan int)
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- run(job)
		}()
	}
	go func() {
		close(results) // want `results is closed by a goroutine that does not wait for its producers; they may send on a closed channel \(close it once, after wg.Wait\)`
	}()
	return results
}

// Silent shapes.

func waiter(jobs []int) <-chan int {
	results := make(chan int) // ok: the waiter goroutine closes it
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- run(job)
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	return results
}

func waiterDeferred(jobs []int) <-chan int {
	results := make(chan int) // ok: the waiter defers the close
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- run(job)
		}()
	}
	go func() {
		defer close(results)
		wg.Wait()
	}()
	return results
}

func closeAfterWait(jobs []int) []int {
	results := make(chan int, len(jobs)) // ok: closed after wg.Wait
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- run(job)
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

func closeAfterCollecting(jobs []int) {
	results := make(chan int) // ok: every result is received before the close
	for _, job := range jobs {
		go func() { results <- run(job) }()
	}
	for range jobs {
		<-results
	}
	close(results)
}

func wgGo(jobs []int) []int {
	results := make(chan int, len(jobs)) // ok: WaitGroup.Go, closed after Wait
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Go(func() {
			results <- run(job)
		})
	}
	wg.Wait()
	close(results)
	var out []int
	for r := range results {
		out = append(out, r)
	}
	return out
}

func wgGoCloseBeforeWait(jobs []int) {
	results := make(chan int, len(jobs))
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Go(func() {
			results <- run(job)
		})
	}
	close(results) // want `results is closed while its producers may still send on it \(close it once, after wg.Wait\)`
	wg.Wait()
}

func wgGoEachCloses(jobs []int) {
	results := make(chan int, len(jobs))
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Go(func() {
			defer close(results) // want `results is closed by one of several producers`
			results <- run(job)
		})
	}
	wg.Wait()
}

func singleProducer() <-chan int {
	out := make(chan int) // ok: a single producer closes its own channel
	go func() {
		defer close(out)
		for i := range 3 {
			out <- i
		}
	}()
	return out
}

func lastProducerCloses(n int) <-chan int {
	out := make(chan int) // ok: only the last producer closes, counted atomically
	var left atomic.Int32
	left.Store(int32(n))
	for i := range n {
		go func() {
			out <- i
			if left.Add(-1) == 0 {
				close(out)
			}
		}()
	}
	return out
}

func closeAfterDone(done chan struct{}) {
	ch := make(chan int, 2) // ok: waits for both producers' signal
	go func() { ch <- 1; done <- struct{}{} }()
	go func() { ch <- 2; done <- struct{}{} }()
	<-done
	<-done
	close(ch)
}

func waiterStartedAfterWait(jobs []int) {
	results := make(chan int, len(jobs)) // ok: the closer starts after Wait
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- run(job)
		}()
	}
	wg.Wait()
	go func() { close(results) }()
}

func suppressed(jobs []int) {
	results := make(chan int, len(jobs))
	for _, job := range jobs {
		go func() { results <- run(job) }()
	}
	close(results) //leakvet:ignore waitclose the producers never run in this build
}

func waitThroughFuncValue(jobs []int) {
	results := make(chan int, len(jobs)) // ok: wait may wait for the producers
	var wg sync.WaitGroup
	wait := func() { wg.Wait() }
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- run(job)
		}()
	}
	wait()
	close(results)
}

func waitAll(wg *sync.WaitGroup) { wg.Wait() }

func waitThroughHelper(jobs []int) {
	results := make(chan int, len(jobs)) // ok: the helper waits
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- run(job)
		}()
	}
	waitAll(&wg)
	close(results)
}

func deferredLiteralClose(jobs []int) {
	results := make(chan int, len(jobs))
	defer func() {
		close(results) // want `results is closed while its producers may still send on it`
	}()
	for _, job := range jobs {
		go func() { results <- run(job) }()
	}
}

func closeAfterSleep(jobs []int, sleep func()) {
	results := make(chan int, len(jobs)) // ok: a dynamic call may wait
	for _, job := range jobs {
		go func() { results <- run(job) }()
	}
	sleep()
	close(results)
}

func logBetween(jobs []int, logf func(string, ...any)) {
	results := make(chan int, len(jobs))
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- run(job)
		}()
	}
	println("started")
	close(results) // want `results is closed while its producers may still send on it`
	wg.Wait()
}

func channelPerIteration(n int) []<-chan int {
	var outs []<-chan int
	for i := range n {
		out := make(chan int) // ok: one channel, one producer per iteration
		go func() {
			defer close(out)
			out <- i
		}()
		outs = append(outs, out)
	}
	return outs
}

func rangeVarPerIteration(outs []chan int) {
	for _, out := range outs { // ok: a different channel each iteration (Go 1.22 loop variables)
		go func() {
			defer close(out)
			out <- 1
		}()
	}
}

func outerLoopStillCounts(n int) {
	for range n {
		out := make(chan int, n)
		for j := range n {
			go func() {
				defer close(out) // want `out is closed by one of several producers`
				out <- j
			}()
		}
	}
}
