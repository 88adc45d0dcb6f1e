// Package locks holds mutexes left locked on an early return, locked
// again through a call, and their fixed twins.
package locks

import (
	"errors"
	"sync"
)

var errEmpty = errors.New("empty key")

// Store is a map guarded by a mutex.
type Store struct {
	mu sync.Mutex
	m  map[string]string
}

func check(k string) error {
	if k == "" {
		return errEmpty
	}
	return nil
}

// Put keeps s.mu locked when the key is invalid: the next call blocks
// forever.
func (s *Store) Put(k, v string) error {
	s.mu.Lock()
	if err := check(k); err != nil {
		return err // leakvet:want lockleak
	}
	s.m[k] = v
	s.mu.Unlock()
	return nil
}

// Len locks s.mu.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}

// Reserve calls Len with s.mu held: Go's mutexes are not reentrant.
func (s *Store) Reserve(k string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Len() >= 100 { // leakvet:want lockleak
		return false
	}
	s.m[k] = ""
	return true
}

// Set is the fixed twin of Put: the unlock is deferred.
func (s *Store) Set(k, v string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := check(k); err != nil {
		return err
	}
	s.m[k] = v
	return nil
}

// lenLocked is Len for callers that hold s.mu.
func (s *Store) lenLocked() int { return len(s.m) }

// Claim is the fixed twin of Reserve.
func (s *Store) Claim(k string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lenLocked() >= 100 {
		return false
	}
	s.m[k] = ""
	return true
}
