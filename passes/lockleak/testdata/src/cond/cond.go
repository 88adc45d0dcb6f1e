// Package cond covers the rule of a condition variable that is waited
// on but never signalled.
package cond

import "sync"

type Pool struct {
	mu    sync.Mutex
	ready *sync.Cond
	items []int
}

func NewPool() *Pool {
	p := &Pool{}
	p.ready = sync.NewCond(&p.mu)
	return p
}

func (p *Pool) Get() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.items) == 0 {
		p.ready.Wait() // want `p.ready.Wait blocks forever: nothing in the package calls Signal or Broadcast on ready \(goroutine leak\)`
	}
	v := p.items[0]
	p.items = p.items[1:]
	return v
}

func (p *Pool) Put(v int) {
	p.mu.Lock()
	p.items = append(p.items, v) // forgot p.ready.Signal()
	p.mu.Unlock()
}

// A local condition variable.
func Local(n int) {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	mu.Lock()
	for n > 0 {
		c.Wait() // want `c.Wait blocks forever` `c.Wait\(\) waits in a loop whose condition cannot change: n is a local variable`
	}
	mu.Unlock()
}

// ok: signalled.
type Queue struct {
	mu    sync.Mutex
	cond  sync.Cond
	items []int
}

func (q *Queue) Get() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	return q.items[0]
}

func (q *Queue) Put(v int) {
	q.mu.Lock()
	q.cond.L = &q.mu
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.cond.Broadcast()
}

// ok for the rule of a Wait never signalled: exported: other packages
// may signal it.
type Open struct {
	mu    sync.Mutex
	Ready *sync.Cond
}

func (o *Open) Wait() {
	o.mu.Lock()
	o.Ready.Wait() // want `o.Ready.Wait\(\) is not in a loop re-checking its condition`
	o.mu.Unlock()
}

// ok: the condition variable is handed to a function.
type Handed struct {
	mu   sync.Mutex
	cond *sync.Cond
}

func (h *Handed) Start() {
	h.cond = sync.NewCond(&h.mu)
	go wake(h.cond)
	h.mu.Lock()
	h.cond.Wait() // want `h.cond.Wait\(\) is not in a loop re-checking its condition`
	h.mu.Unlock()
}

func wake(c *sync.Cond) { c.Signal() }

// ok: signalled through a method value.
type Valued struct {
	mu   sync.Mutex
	cond *sync.Cond
}

func (v *Valued) Wait(register func(func())) {
	register(v.cond.Signal)
	v.mu.Lock()
	v.cond.Wait() // want `v.cond.Wait\(\) is not in a loop re-checking its condition`
	v.mu.Unlock()
}

// ok: a goroutine signals the local condition variable.
func LocalSignalled() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	done := false
	go func() {
		mu.Lock()
		done = true
		mu.Unlock()
		c.Signal()
	}()
	mu.Lock()
	for !done {
		c.Wait()
	}
	mu.Unlock()
}
