// Package robust holds shapes the model must survive: method
// expressions, method values, generics, labels, goto, select{}, nested
// literals, recursion.
package robust

import "sync"

type T struct{ mu sync.Mutex }

func (t *T) lockBoth(o *T) {
	t.mu.Lock()
	o.mu.Lock()
	o.mu.Unlock()
	t.mu.Unlock()
}

// ok: a method expression.
func MethodExpr(a, b *T) {
	a.mu.Lock()
	(*T).lockBoth(b, a) // the binding would be shifted: not followed
	a.mu.Unlock()
}

// ok: recursion.
func (t *T) rec(n int) {
	if n == 0 {
		return
	}
	t.mu.Lock()
	t.mu.Unlock()
	t.rec(n - 1)
}

func Forever(t *T) {
	t.mu.Lock()
	select {}
}

func Labels(t *T, rows [][]int) {
outer:
	for _, r := range rows {
		switch len(r) {
		case 0:
			continue outer
		case 1:
			break outer
		}
		t.mu.Lock()
		func() {
			defer t.mu.Unlock()
		}()
	}
}

type G[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]V
}

func (g *G[K, V]) Get(k K) (V, bool) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	v, ok := g.m[k]
	return v, ok
}

func Use[K comparable, V any](g *G[K, V], k K) V {
	v, _ := g.Get(k)
	return v
}
