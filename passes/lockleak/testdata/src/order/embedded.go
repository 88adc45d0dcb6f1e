package order

import "sync"

// Scopes of two kinds embed one base with its lock. A connection scope
// is locked before the manager, the manager before a service scope:
// never the same object, so no cycle.
type base struct {
	sync.Mutex
	refs int
}

func (b *base) IncRef() {
	b.Lock()
	b.refs++
	b.Unlock()
}

type Manager struct {
	mx       sync.Mutex
	services map[string]*ServiceScope
}

type ServiceScope struct {
	base
	name string
}

type ConnScope struct {
	base
	mgr  *Manager
	peer string
}

func (m *Manager) Service(name string) *ServiceScope {
	m.mx.Lock()
	defer m.mx.Unlock()
	s := m.services[name]
	s.IncRef()
	return s
}

func (c *ConnScope) SetPeer(p string) {
	c.Lock()
	defer c.Unlock()
	c.mgr.mx.Lock()
	c.peer = p
	c.mgr.mx.Unlock()
}

// The same kind of scope in both orders is one class.
type ConnPool struct {
	mx    sync.Mutex
	conns []*ConnScope
}

func (p *ConnPool) Close() {
	p.mx.Lock()
	defer p.mx.Unlock()
	for _, c := range p.conns {
		c.Lock()
		c.peer = ""
		c.Unlock()
	}
}

func (c *ConnScope) Join(p *ConnPool) {
	c.Lock()
	defer c.Unlock()
	p.mx.Lock() // want `p.mx is locked while c is held, but ConnPool.Close locks them in the opposite order`
	p.conns = append(p.conns, c)
	p.mx.Unlock()
}
