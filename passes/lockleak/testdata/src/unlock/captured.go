package unlock

import (
	"sync"
	"time"
)

// A Cache expires entries in a timer's callback. The callback locks
// c.mu and returns early without unlocking it; that the method around
// it locks c.mu too does not make the callback's hold anyone else's.
type Cache struct {
	mu      sync.Mutex
	entries map[string]*entry
}

type entry struct {
	abort bool
}

func (c *Cache) Remove(key string, d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := &entry{}
	c.entries[key] = e
	time.AfterFunc(d, func() {
		c.mu.Lock()
		if e.abort {
			return // want `c.mu is still locked when this path returns, while other paths unlock it`
		}
		delete(c.entries, key)
		c.mu.Unlock()
	})
}

func (c *Cache) RemoveBalanced(key string, d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := &entry{}
	c.entries[key] = e
	time.AfterFunc(d, func() {
		c.mu.Lock()
		defer c.mu.Unlock() // ok: every path of the callback unlocks
		if e.abort {
			return
		}
		delete(c.entries, key)
	})
}

// The parent's hold is handed to the goroutine, which only unlocks:
// outside the model, silent.
func (c *Cache) Handoff(done chan struct{}) {
	c.mu.Lock()
	go func() {
		defer c.mu.Unlock()
		<-done
	}()
}
