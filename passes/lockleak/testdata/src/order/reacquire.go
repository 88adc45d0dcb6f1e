package order

import (
	"sync"
	"time"
)

// A Devices' delete holds d's lock, then an entry's, and calls a
// helper that lets d's lock go and takes it back while the entry's is
// still held: the second acquisition of d's lock comes after the
// entry's, against the order of the first.
type Devices struct {
	sync.Mutex
	infos map[string]*Info
}

type Info struct {
	lock sync.Mutex
}

func (d *Devices) Delete(name string) {
	d.Lock()
	defer d.Unlock()
	info := d.infos[name]
	info.lock.Lock()
	defer info.lock.Unlock()
	d.waitRemoved(name) // want `d \(through Devices.waitRemoved\) is locked while info.lock is held, but Devices.Delete locks them in the opposite order`
}

func (d *Devices) waitRemoved(name string) {
	d.Unlock()
	time.Sleep(time.Millisecond)
	d.Lock()
}

// The same helper called with no other lock held orders nothing.
type Pool struct {
	sync.Mutex
	n int
}

func (p *Pool) waitFree() {
	p.Unlock()
	time.Sleep(time.Millisecond)
	p.Lock()
}

func (p *Pool) Get() {
	p.Lock()
	defer p.Unlock()
	for p.n == 0 {
		p.waitFree() // ok: no other lock is held here
	}
	p.n--
}
