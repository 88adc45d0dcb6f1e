// Package waittry covers the rule of a channel operation performed while
// holding a mutex when every counterpart performs its own operation
// under that mutex, including counterparts that only try (a select with
// a default case) or may take another case: none of them can ever meet
// the goroutine that waits holding the mutex.
package waittry

import "sync"

// The only sender tries its send while holding the lock.
type Conn struct {
	mu      sync.Mutex
	wake    chan struct{}
	streams []int
}

func newConn() *Conn { return &Conn{wake: make(chan struct{})} }

func (c *Conn) ping() {
	c.mu.Lock()
	if len(c.streams) == 0 {
		<-c.wake // want `Conn.ping holds c.mu while receiving from c.wake; the only sender, Conn.Open, sends only while holding c.mu and does not wait for a receiver \(possible deadlock\): unlock c.mu first`
	}
	c.mu.Unlock()
}

func (c *Conn) Open() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.streams = append(c.streams, 1)
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// The only receiver polls while holding the lock.
type Feed struct {
	mu   sync.Mutex
	out  chan int
	seen int
}

func newFeed() *Feed { return &Feed{out: make(chan int)} }

func (f *Feed) Push(v int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.out <- v // want `Feed.Push holds f.mu while sending on f.out; the only receiver, Feed.poll, receives only while holding f.mu and does not wait for a sender \(possible deadlock\): unlock f.mu first`
}

func (f *Feed) poll() {
	for {
		f.mu.Lock()
		select {
		case v := <-f.out:
			f.seen += v
		default:
		}
		f.mu.Unlock()
	}
}

// The only sender selects between the send and a stop, holding the
// lock: the send is not reported there (another case may proceed), so
// the receive is.
type Stage struct {
	mu   sync.Mutex
	next chan int
	stop chan struct{}
	n    int
}

func newStage() *Stage { return &Stage{next: make(chan int), stop: make(chan struct{})} }

func (s *Stage) take() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	return <-s.next // want `Stage.take holds s.mu while receiving from s.next; the only sender, Stage.give, sends only while holding s.mu \(possible deadlock\): unlock s.mu first`
}

func (s *Stage) give(v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case s.next <- v:
	case <-s.stop:
	}
}

func (s *Stage) Close() { s.stop <- struct{}{} }

// Two senders, both trying under the lock.
type Hub struct {
	mu   sync.Mutex
	kick chan struct{}
	a, b int
}

func newHub() *Hub { return &Hub{kick: make(chan struct{})} }

func (h *Hub) wait() {
	h.mu.Lock()
	defer h.mu.Unlock()
	<-h.kick // want `Hub.wait holds h.mu while receiving from h.kick; every sender \(Hub.A, Hub.B\) sends only while holding h.mu and does not wait for a receiver \(possible deadlock\): unlock h.mu first`
}

func (h *Hub) A() {
	h.mu.Lock()
	h.a++
	select {
	case h.kick <- struct{}{}:
	default:
	}
	h.mu.Unlock()
}

func (h *Hub) B() {
	h.mu.Lock()
	h.b++
	select {
	case h.kick <- struct{}{}:
	default:
	}
	h.mu.Unlock()
}

// ok: the sender releases the lock before it tries.
type Conn2 struct {
	mu      sync.Mutex
	wake    chan struct{}
	streams []int
}

func newConn2() *Conn2 { return &Conn2{wake: make(chan struct{})} }

func (c *Conn2) ping() {
	c.mu.Lock()
	if len(c.streams) == 0 {
		<-c.wake
	}
	c.mu.Unlock()
}

func (c *Conn2) Open() {
	c.mu.Lock()
	c.streams = append(c.streams, 1)
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// ok: a second sender tries without the lock.
type Conn3 struct {
	mu      sync.Mutex
	wake    chan struct{}
	streams []int
}

func newConn3() *Conn3 { return &Conn3{wake: make(chan struct{})} }

func (c *Conn3) ping() {
	c.mu.Lock()
	defer c.mu.Unlock()
	<-c.wake
}

func (c *Conn3) Open() {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *Conn3) Kick() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// ok: the trying sender's loop locks before each try but releases the
// lock first: it can try while the receiver waits.
type Conn4 struct {
	mu   sync.Mutex
	wake chan struct{}
	n    int
}

func newConn4() *Conn4 { return &Conn4{wake: make(chan struct{})} }

func (c *Conn4) ping() {
	c.mu.Lock()
	defer c.mu.Unlock()
	<-c.wake
}

func (c *Conn4) loop() {
	for {
		c.mu.Lock()
		c.n++
		c.mu.Unlock()
		select {
		case c.wake <- struct{}{}:
		default:
		}
	}
}

// ok: the sender tries under another mutex.
type Conn5 struct {
	mu, smu sync.Mutex
	wake    chan struct{}
}

func newConn5() *Conn5 { return &Conn5{wake: make(chan struct{})} }

func (c *Conn5) ping() {
	c.mu.Lock()
	defer c.mu.Unlock()
	<-c.wake
}

func (c *Conn5) Open() {
	c.smu.Lock()
	defer c.smu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// ok: both hold the read lock.
type Conn6 struct {
	mu   sync.RWMutex
	wake chan struct{}
}

func newConn6() *Conn6 { return &Conn6{wake: make(chan struct{})} }

func (c *Conn6) ping() {
	c.mu.RLock()
	defer c.mu.RUnlock()
	<-c.wake
}

func (c *Conn6) Open() {
	c.mu.RLock()
	defer c.mu.RUnlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// ok: the channel is buffered: the try succeeds without a receiver.
type Conn7 struct {
	mu   sync.Mutex
	wake chan struct{}
}

func newConn7() *Conn7 { return &Conn7{wake: make(chan struct{}, 1)} }

func (c *Conn7) ping() {
	c.mu.Lock()
	defer c.mu.Unlock()
	<-c.wake
}

func (c *Conn7) Open() {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// ok: the sender tries under the lock of another value.
type Conn8 struct {
	mu    sync.Mutex
	wake  chan struct{}
	other *Conn8
}

func newConn8() *Conn8 { return &Conn8{wake: make(chan struct{})} }

func (c *Conn8) ping() {
	c.mu.Lock()
	defer c.mu.Unlock()
	<-c.wake
}

func (c *Conn8) Open() {
	c.other.mu.Lock()
	defer c.other.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// ok: the receiver also only tries.
type Conn9 struct {
	mu   sync.Mutex
	wake chan struct{}
}

func newConn9() *Conn9 { return &Conn9{wake: make(chan struct{})} }

func (c *Conn9) ping() {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case <-c.wake:
	default:
	}
}

func (c *Conn9) Open() {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// ok: a sender that holds the lock on some paths only.
type Conn10 struct {
	mu   sync.Mutex
	wake chan struct{}
}

func newConn10() *Conn10 { return &Conn10{wake: make(chan struct{})} }

func (c *Conn10) ping() {
	c.mu.Lock()
	defer c.mu.Unlock()
	<-c.wake
}

func (c *Conn10) Open(locked bool) {
	if locked {
		c.mu.Lock()
		defer c.mu.Unlock()
	}
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// ok: the trying sender is also a blocking one that holds the lock: the
// send is reported, once (see package wait).
