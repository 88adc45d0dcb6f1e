// Package robust exercises the suite on unusual control flow: labelled
// break and continue, goto, select in loops, switch fallthrough,
// deferred closures and panics.
package robust

import (
	"errors"
	"sync"
	"time"
)

func Labelled(in <-chan int, quit <-chan struct{}) (n int) {
	results := make(chan int)
	go func() {
	outer:
		for {
			select {
			case v, ok := <-in:
				if !ok {
					break outer
				}
				for i := 0; i < v; i++ {
					if i%2 == 0 {
						continue
					}
					if i > 10 {
						continue outer
					}
					select {
					case results <- i:
					case <-quit:
						return
					}
				}
			case <-quit:
				break outer
			}
		}
		close(results)
	}()
	for v := range results {
		n += v
	}
	return n
}

func Goto(ch chan int) int {
	i := 0
loop:
	if i < 3 {
		ch <- i
		i++
		goto loop
	}
	select {
	case v := <-ch:
		if v > 0 {
			goto done
		}
	default:
	}
	close(ch)
done:
	return i
}

func Switches(ch chan error, t *time.Timer) error {
	switch err := <-ch; {
	case err == nil:
		fallthrough
	case errors.Is(err, errors.ErrUnsupported):
		if !t.Stop() {
			select {
			case <-t.C:
			default:
			}
		}
		return nil
	default:
		t.Reset(time.Second)
		return err
	}
}

func Deferred() (err error) {
	var wg sync.WaitGroup
	errs := make(chan error, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer func() {
			if r := recover(); r != nil {
				errs <- errors.New("panic")
			}
		}()
		panic("boom")
	}()
	defer func() {
		wg.Wait()
		close(errs)
		for e := range errs {
			err = e
		}
	}()
	return nil
}

func Infinite(ch chan<- int) {
	for i := 0; ; i++ {
		ch <- i
	}
}

func Ticking() {
	for range time.Tick(time.Second) {
	}
}
