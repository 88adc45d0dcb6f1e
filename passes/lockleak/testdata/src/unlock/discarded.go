package unlock

import (
	"errors"
	"sync"
)

// A Devices' cleanup looks like a helper that keeps the lock on
// success, but its only caller drops the result: nobody can know that
// d.mu stays locked when it returns nil, and nobody unlocks it.
type Devices struct {
	mu      sync.Mutex
	deleted int
}

func (d *Devices) cleanup() error {
	d.mu.Lock()
	if d.deleted == 0 {
		return nil // want `d.mu is still locked when this path returns, while other paths unlock it`
	}
	d.mu.Unlock()
	return errors.New("pending deletions")
}

func (d *Devices) Reset() {
	d.cleanup()
	d.mu.Lock()
	d.deleted = 0
	d.mu.Unlock()
}

// A Pool's tryLock keeps the lock on success, and its caller looks at
// the result and unlocks: a conditional helper, silent.
type Pool struct {
	mu   sync.Mutex
	free int
}

func (p *Pool) tryLock() error {
	p.mu.Lock()
	if p.free == 0 {
		p.mu.Unlock()
		return errors.New("exhausted")
	}
	return nil
}

func (p *Pool) Take() bool {
	if err := p.tryLock(); err != nil {
		return false
	}
	p.free--
	p.mu.Unlock()
	return true
}

// Exported, its callers are not all here: silent.
func (p *Pool) TryLock() error {
	p.mu.Lock()
	if p.free == 0 {
		p.mu.Unlock()
		return errors.New("exhausted")
	}
	return nil
}

func (p *Pool) Touch() {
	p.TryLock()
}
