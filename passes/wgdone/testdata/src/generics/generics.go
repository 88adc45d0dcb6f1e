// Package generics covers generic goroutine functions and literals in
// generic functions.
package generics

import "sync"

func process[T any](v T, out chan<- T, wg *sync.WaitGroup) { // want `wg.Done is not called on all paths`
	if any(v) == nil {
		return
	}
	out <- v
	wg.Done()
}

func fan[T comparable](items []T, zero T) {
	var wg sync.WaitGroup
	out := make(chan T, len(items))
	for _, it := range items {
		wg.Add(1)
		go process(it, out, &wg)
		wg.Add(1)
		go func() { // want `wg.Done is not called on all paths`
			if it == zero {
				return
			}
			out <- it
			wg.Done()
		}()
	}
	wg.Wait()
}
