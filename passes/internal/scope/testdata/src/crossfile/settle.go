package crossfile

import "sync"

var (
	mu    sync.Mutex
	cond  = sync.NewCond(&mu)
	ready bool
)

// settle waits, but on a condition variable: no channel, no WaitGroup.
func settle() {
	mu.Lock()
	for !ready {
		cond.Wait()
	}
	mu.Unlock()
}
