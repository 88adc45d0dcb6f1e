package wgloop

import "sync"

type plugin struct{ name string }

func (p *plugin) start() {}

// Start counts every plugin before the loop, then waits inside it: the
// first Wait needs every Done, and only the first goroutine exists.
func Start(plugins []*plugin) {
	var group sync.WaitGroup
	group.Add(len(plugins))
	for _, p := range plugins {
		go func(p *plugin) {
			defer group.Done()
			p.start()
		}(p)
		group.Wait() // want `group.Wait in the loop waits for the one goroutine per element of plugins counted before it, but by the first Wait only one has been started`
	}
}

// StartN does the same with a constant count.
func StartN(p *plugin) {
	var wg sync.WaitGroup
	wg.Add(3)
	for i := 0; i < 3; i++ {
		go func() {
			defer wg.Done()
			p.start()
		}()
		wg.Wait() // want `wg.Wait in the loop waits for the 3 goroutines counted before it`
	}
}

// ok: one Add per goroutine, in the loop.
func StartEach(plugins []*plugin) {
	var wg sync.WaitGroup
	for _, p := range plugins {
		wg.Add(1)
		go func(p *plugin) {
			defer wg.Done()
			p.start()
		}(p)
		wg.Wait()
	}
}

// ok: the Wait after the loop.
func StartAll(plugins []*plugin) {
	var wg sync.WaitGroup
	wg.Add(len(plugins))
	for _, p := range plugins {
		go func(p *plugin) {
			defer wg.Done()
			p.start()
		}(p)
	}
	wg.Wait()
}

// ok: a count of one.
func StartOne(p *plugin) {
	var wg sync.WaitGroup
	wg.Add(1)
	for i := 0; i < 1; i++ {
		go func() {
			defer wg.Done()
			p.start()
		}()
		wg.Wait()
	}
}

// ok by this rule: the count is of something else than the loop's.
func StartOther(plugins, others []*plugin) {
	var wg sync.WaitGroup
	wg.Add(len(others))
	for _, p := range plugins {
		go func(p *plugin) {
			defer wg.Done()
			p.start()
		}(p)
		wg.Wait()
	}
}
