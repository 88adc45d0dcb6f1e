// Package unlock covers the missing-unlock rule: a return, or a path to
// the next iteration of a loop, that keeps a mutex the other paths
// unlock.
package unlock

import (
	"errors"
	"sync"
)

type Store struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *Store) check(k string) error { return nil }

func (s *Store) Put(k, v string) error {
	s.mu.Lock()
	if err := s.check(k); err != nil {
		return err // want `s.mu is still locked when this path returns, while other paths unlock it \(the next s.mu.Lock blocks forever\): call s.mu.Unlock\(\) first`
	}
	s.m[k] = v
	s.mu.Unlock()
	return nil
}

// The result reads guarded state: no fix.
func (s *Store) Get(k string) string {
	s.mu.Lock()
	if k == "" {
		return s.m[k] // want `s.mu is still locked when this path returns`
	}
	v := s.m[k]
	s.mu.Unlock()
	return v
}

var errEmpty = errors.New("empty")

type RStore struct {
	mu sync.RWMutex
	m  map[string]int
}

func (s *RStore) Len(k string) (int, error) {
	s.mu.RLock()
	n, ok := s.m[k]
	if !ok {
		return 0, errEmpty // want `s.mu is still locked when this path returns, while other paths unlock it \(the next s.mu.Lock blocks forever\): call s.mu.RUnlock\(\) first`
	}
	s.mu.RUnlock()
	return n, nil
}

var global sync.Mutex

func Global(xs []int) int {
	global.Lock()
	for _, x := range xs {
		if x < 0 {
			return x // want `global is still locked when this path returns`
		}
	}
	global.Unlock()
	return 0
}

// The end of the body.
func End(mu *sync.Mutex, c chan int, x int) {
	mu.Lock()
	if x > 0 {
		mu.Unlock()
		return
	}
	c <- x
} // want `mu is still locked when this path reaches the end of End`

// ok: a mutex of the function's own (as in compress/flate's testSync,
// whose syncBuffer is local): nobody locks it after the return.
func Local(c chan int, x int) {
	var mu sync.Mutex
	mu.Lock()
	if x > 0 {
		mu.Unlock()
		return
	}
	c <- x
}

// A defer placed after an early return does not cover it.
func (s *Store) LateDefer(k string) error {
	s.mu.Lock()
	if k == "" {
		return errEmpty // want `s.mu is still locked when this path returns`
	}
	defer s.mu.Unlock()
	s.m[k] = ""
	return nil
}

// A loop body that locks on every iteration and continues with the lock.
func (s *Store) Loop(keys []string) {
	for _, k := range keys {
		s.mu.Lock()
		if k == "" {
			continue // want `s.mu is still locked at this continue, while other paths of the loop unlock it \(the next iteration's s.mu.Lock blocks forever\)`
		}
		s.m[k] = k
		s.mu.Unlock()
	}
}

// Through a switch.
func (s *Store) Switch(k string) int {
	s.mu.Lock()
	switch k {
	case "a":
		s.mu.Unlock()
		return 1
	case "b":
		return 2 // want `s.mu is still locked when this path returns`
	}
	s.mu.Unlock()
	return 0
}

// Function literals are functions of their own.
func Lit(mu *sync.Mutex) func(int) int {
	return func(x int) int {
		mu.Lock()
		if x < 0 {
			return -1 // want `mu is still locked when this path returns`
		}
		mu.Unlock()
		return x
	}
}

func (s *Store) lock()   { s.mu.Lock() }
func (s *Store) unlock() { s.mu.Unlock() }

// Through lock helpers.
func (s *Store) Helpers(k string) error {
	s.lock()
	if k == "" {
		return errEmpty // want `s.mu is still locked when this path returns`
	}
	s.unlock()
	return nil
}

type Value struct {
	mu sync.Mutex
	n  int
}

// ok: a receiver passed by value: the mutex is the call's own copy
// (vet's copylocks reports the copy).
func (v Value) Get(x int) int {
	v.mu.Lock()
	if x < 0 {
		return -1
	}
	v.mu.Unlock()
	return v.n
}
