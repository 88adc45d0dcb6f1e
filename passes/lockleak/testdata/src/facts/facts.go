// Package facts uses the lock helpers of another package through their
// facts.
package facts

import "locks"

func Twice() {
	locks.Acquire()
	locks.Do(func() {}) // want `locks.mu is held while calling Do, which locks it again`
	locks.Release()
}

func Early(x int) int {
	locks.Acquire()
	if x < 0 {
		return -1 // want `locks.mu is still locked when this path returns`
	}
	locks.Release()
	return x
}

func TableLen(t *locks.Table) int {
	t.Lock()
	defer t.Unlock()
	return t.Len() // want `t.mu is held while calling Table.Len, which locks it again`
}

// ok: paired helpers.
func Paired() {
	locks.Acquire()
	defer locks.Release()
}

// ok: paired methods.
func PairedTable(t *locks.Table) {
	t.Lock()
	t.Unlock()
	_ = t.Len()
}
