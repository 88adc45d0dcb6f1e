// Package locks exports lock helpers, summarised as facts for the
// package facts.
package locks

import "sync"

var mu sync.Mutex

// Acquire returns holding mu.
func Acquire() { mu.Lock() }

// Release unlocks mu, which the caller holds.
func Release() { mu.Unlock() }

// Do runs f under mu.
func Do(f func()) {
	mu.Lock()
	defer mu.Unlock()
	f()
}

type Table struct {
	mu   sync.Mutex
	rows map[string]int
}

// Len locks t.mu.
func (t *Table) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.rows)
}

// Lock and Unlock make a Table a sync.Locker.
func (t *Table) Lock()   { t.mu.Lock() }
func (t *Table) Unlock() { t.mu.Unlock() }
