package gcl

import "sync"

// Counter keeps c.mu locked when the key is empty: the next Add blocks
// forever.
type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *Counter) Add(k string) int {
	c.mu.Lock()
	if k == "" {
		return 0 // leakvet:want lockleak
	}
	c.n[k]++
	n := c.n[k]
	c.mu.Unlock()
	return n
}
