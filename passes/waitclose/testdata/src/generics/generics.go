// Package generics covers channels of type-parameter elements.
package generics

import "sync"

func Map[T, U any](in []T, f func(T) U) []U {
	out := make(chan U, len(in))
	var wg sync.WaitGroup
	for _, v := range in {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out <- f(v)
		}()
	}
	close(out) // want `out is closed while its producers may still send on it`
	wg.Wait()
	var res []U
	for u := range out {
		res = append(res, u)
	}
	return res
}

func MapOK[T, U any](in []T, f func(T) U) <-chan U {
	out := make(chan U) // ok: waiter
	var wg sync.WaitGroup
	for _, v := range in {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out <- f(v)
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}
