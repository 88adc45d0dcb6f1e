// Package waitcall covers the rule of a blocking operation performed
// while holding a mutex that every counterpart must lock first, when
// the operation, or the counterpart's lock, is in a function the
// goroutine calls.
package waitcall

import "sync"

type Event struct{ name string }

// The send is in a method the holder calls.
type Server struct {
	mu     sync.Mutex
	events chan Event
	subs   map[string]bool
}

func NewServer() *Server {
	s := &Server{events: make(chan Event), subs: map[string]bool{}}
	go s.loop()
	return s
}

func (s *Server) Publish(e Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.notify(e) // want `Server.Publish holds s.mu while calling s.notify, which sends on s.events; the only receiver, Server.loop, locks s.mu before each receive \(possible deadlock\): unlock s.mu first`
}

// Two calls deep, through functions that do not lock.
func (s *Server) Broadcast(e Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.emit(e) // want `Server.Broadcast holds s.mu while calling s.emit, which sends on s.events; the only receiver, Server.loop, locks s.mu before each receive`
}

func (s *Server) emit(e Event) {
	e.name += "!"
	s.notify(e)
}

func (s *Server) notify(e Event) {
	if len(e.name) == 0 {
		return
	}
	s.events <- e
}

func (s *Server) loop() {
	for {
		s.mu.Lock()
		n := len(s.subs)
		s.mu.Unlock()
		e := <-s.events
		_ = n
		_ = e
	}
}

// The receiver locks through a call, before each receive.
type Hub struct {
	mu    sync.Mutex
	in    chan int
	count int
}

func newHub() *Hub { return &Hub{in: make(chan int)} }

func (h *Hub) Put(v int) {
	h.mu.Lock()
	h.count++
	h.in <- v // want `Hub.Put holds h.mu while sending on h.in; the only receiver, Hub.run, locks h.mu before each receive \(possible deadlock\): unlock h.mu first`
	h.mu.Unlock()
}

func (h *Hub) snapshot() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.count
}

func (h *Hub) run() {
	for {
		n := h.snapshot()
		v := <-h.in
		_ = n + v
	}
}

// Both through calls, two levels deep on the holder's side (the
// middle function locks another mutex of its own), and a function
// given the owner as a parameter.
type Bus struct {
	mu    sync.Mutex
	stats sync.Mutex
	out   chan int
	n     int
}

func newBus() *Bus { return &Bus{out: make(chan int)} }

func (b *Bus) Send(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.deliver(v) // want `Bus.Send holds b.mu while calling b.deliver, which sends on b.out; the only receiver, Bus.drain, locks b.mu before each receive`
}

func (b *Bus) SendTo(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	push(b, v) // want `Bus.SendTo holds b.mu while calling push, which sends on b.out`
}

func (b *Bus) deliver(v int) {
	b.stats.Lock()
	b.n++
	b.stats.Unlock()
	push(b, v)
}

func push(b *Bus, v int) { b.out <- v }

func (b *Bus) touch() {
	b.mu.Lock()
	b.mu.Unlock()
}

func (b *Bus) drain() {
	for {
		b.touch()
		<-b.out
	}
}

// A WaitGroup waited on in a method called under the lock its workers
// take (through a call) first.
type Pool struct {
	mu      sync.Mutex
	wg      sync.WaitGroup
	results []int
}

func (p *Pool) Run(jobs []int) {
	for _, j := range jobs {
		p.wg.Add(1)
		go p.work(j)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.waitAll() // want `Pool.Run holds p.mu while calling p.waitAll, which waits on p.wg; the only goroutine that calls Done, Pool.work, locks p.mu before it \(possible deadlock\): unlock p.mu first`
}

func (p *Pool) waitAll() { p.wg.Wait() }

func (p *Pool) record(j int) {
	p.mu.Lock()
	p.results = append(p.results, j)
	p.mu.Unlock()
}

func (p *Pool) work(j int) {
	defer p.wg.Done()
	p.record(j)
}

// A generic type, and a mutex embedded in it.
type Box[T any] struct {
	sync.Mutex
	vals chan T
	last T
}

func newBox[T any]() *Box[T] { return &Box[T]{vals: make(chan T)} }

func (b *Box[T]) Set(v T) {
	b.Lock()
	defer b.Unlock()
	b.put(v) // want `Box.Set holds b while calling b.put, which sends on b.vals; the only receiver, Box.watch, locks b before each receive`
}

func (b *Box[T]) put(v T) { b.vals <- v }

func (b *Box[T]) watch() {
	for {
		b.Lock()
		_ = b.last
		b.Unlock()
		<-b.vals
	}
}

// ok: the callee unlocks what its caller holds before it sends.
type Relay struct {
	mu  sync.Mutex
	out chan int
}

func newRelay() *Relay { return &Relay{out: make(chan int)} }

func (r *Relay) Send(v int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sendUnlocked(v)
}

func (r *Relay) sendUnlocked(v int) {
	r.mu.Unlock()
	r.out <- v
	r.mu.Lock()
}

func (r *Relay) loop() {
	for {
		r.mu.Lock()
		r.mu.Unlock()
		<-r.out
	}
}

// ok: the callee sends from a goroutine, or in a select with a way
// out, and the holder starts a goroutine to call the sender.
type Async struct {
	mu   sync.Mutex
	out  chan int
	done chan struct{}
}

func newAsync() *Async { return &Async{out: make(chan int), done: make(chan struct{})} }

func (a *Async) Send(v int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.later(v)
	a.trySend(v)
	go a.direct(v)
}

func (a *Async) later(v int) { go func() { a.out <- v }() }

func (a *Async) trySend(v int) {
	select {
	case a.out <- v:
	case <-a.done:
	}
}

func (a *Async) direct(v int) { a.out <- v }

func (a *Async) loop() {
	for {
		a.mu.Lock()
		a.mu.Unlock()
		<-a.out
	}
}

// ok: the receiver locks through a call only on some iterations, or
// the mutex of another value.
type Cond struct {
	mu    sync.Mutex
	in    chan int
	other *Cond
	n     int
}

func newCond() *Cond { return &Cond{in: make(chan int)} }

func (c *Cond) Put(v int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.in <- v
}

func (c *Cond) maybe(x bool) {
	if x {
		c.mu.Lock()
		c.n++
		c.mu.Unlock()
	}
}

func (c *Cond) loop() {
	for i := 0; ; i++ {
		c.maybe(i%2 == 0)
		c.other.maybe(true)
		<-c.in
	}
}

// ok: the callee sends on the channel of another value than the one
// whose mutex the caller holds.
type Peer struct {
	mu  sync.Mutex
	out chan int
}

func newPeer() *Peer { return &Peer{out: make(chan int)} }

func (p *Peer) Forward(q *Peer, v int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	q.send(v)
}

func (p *Peer) send(v int) { p.out <- v }

func (p *Peer) loop() {
	for {
		p.mu.Lock()
		p.mu.Unlock()
		<-p.out
	}
}

// ok: the sender is called through a method value, and channels in a
// map are out of the model.
type Value struct {
	mu   sync.Mutex
	out  chan int
	subs map[int]chan int
}

func newValue() *Value { return &Value{out: make(chan int), subs: map[int]chan int{}} }

func (v *Value) Send(x int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	f := v.send
	f(x)
	v.fan(x)
}

func (v *Value) send(x int) { v.out <- x }

func (v *Value) fan(x int) {
	for _, ch := range v.subs {
		ch <- x
	}
}

func (v *Value) loop() {
	for {
		v.mu.Lock()
		v.mu.Unlock()
		<-v.out
	}
}

// ok: one receiver receives through a helper that does not lock.
type Split struct {
	mu sync.Mutex
	in chan int
}

func newSplit() *Split { return &Split{in: make(chan int)} }

func (s *Split) Put(v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.put(v)
}

func (s *Split) put(v int) { s.in <- v }

func (s *Split) locked() {
	for {
		s.mu.Lock()
		s.mu.Unlock()
		<-s.in
	}
}

func (s *Split) free() int { return <-s.in }

// ok: the worker calls Done before it locks through a call.
type Pool2 struct {
	mu sync.Mutex
	wg sync.WaitGroup
	n  int
}

func (p *Pool2) Run() {
	p.wg.Add(1)
	go p.work()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.waitAll()
}

func (p *Pool2) waitAll() { p.wg.Wait() }

func (p *Pool2) bump() {
	p.mu.Lock()
	p.n++
	p.mu.Unlock()
}

func (p *Pool2) work() {
	p.wg.Done()
	p.bump()
}

// ok: a buffered channel, made so wherever it is made.
type Buffered struct {
	mu  sync.Mutex
	out chan int
}

func newBuffered() *Buffered { return &Buffered{out: make(chan int, 1)} }

func (b *Buffered) Send(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.send(v)
}

func (b *Buffered) send(v int) { b.out <- v }

func (b *Buffered) loop() {
	for {
		b.mu.Lock()
		b.mu.Unlock()
		<-b.out
	}
}

// A channel field handed to a function that only sends on it.
type Feed struct {
	mu    sync.Mutex
	items chan int
	n     int
}

func newFeed() *Feed { return &Feed{items: make(chan int)} }

func (f *Feed) Add(v int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	sendTo(f.items, v) // want `Feed.Add holds f.mu while calling sendTo, which sends on f.items; the only receiver, Feed.consume, locks f.mu before each receive`
}

func sendTo(ch chan<- int, v int) { ch <- v }

// A generic function, instantiated explicitly.
func (f *Feed) AddAll(vs []int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, v := range vs {
		sendAll[int](f.items, v) // want `Feed.AddAll holds f.mu while calling sendAll\[int\], which sends on f.items; the only receiver, Feed.consume, locks f.mu before each receive`
	}
}

func sendAll[T any](ch chan<- T, v T) { ch <- v }

func (f *Feed) consume() {
	for {
		f.mu.Lock()
		f.n--
		f.mu.Unlock()
		<-f.items
	}
}

// The only receiver receives through a function given the channel.
type Inbox struct {
	mu   sync.Mutex
	msgs chan string
	seen int
}

func newInbox() *Inbox { return &Inbox{msgs: make(chan string)} }

func (b *Inbox) Deliver(m string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.msgs <- m // want `Inbox.Deliver holds b.mu while sending on b.msgs; the only receiver, Inbox.serve, locks b.mu before each receive`
}

func recvFrom(ch <-chan string) string { return <-ch }

func (b *Inbox) serve() {
	for {
		b.mu.Lock()
		b.seen++
		b.mu.Unlock()
		_ = recvFrom(b.msgs)
	}
}

// A WaitGroup handed to a function that only waits on it.
type Group struct {
	mu sync.Mutex
	wg sync.WaitGroup
	n  int
}

func (g *Group) Stop() {
	g.mu.Lock()
	defer g.mu.Unlock()
	waitFor(&g.wg) // want `Group.Stop holds g.mu while calling waitFor, which waits on g.wg; the only goroutine that calls Done, Group.work, locks g.mu before it`
}

func waitFor(wg *sync.WaitGroup) { wg.Wait() }

func (g *Group) work() {
	defer g.wg.Done()
	g.mu.Lock()
	g.n++
	g.mu.Unlock()
}

// ok: the function given the channel keeps it, sends from a
// goroutine, or both sends and receives on it: the package no longer
// sees every use.
type Kept struct {
	mu sync.Mutex
	a  chan int
	b  chan int
	c  chan int
}

func newKept() *Kept { return &Kept{a: make(chan int), b: make(chan int), c: make(chan int)} }

var kept chan int

func keep(ch chan int, v int) {
	kept = ch
	ch <- v
}

func sendLater(ch chan int, v int) { go func() { ch <- v }() }

func pingPong(ch chan int) {
	ch <- 1
	<-ch
}

func (k *Kept) Send(v int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	keep(k.a, v)
	sendLater(k.b, v)
	pingPong(k.c)
}

func (k *Kept) loop() {
	for {
		k.mu.Lock()
		k.mu.Unlock()
		select {
		case <-k.a:
		case <-k.b:
		case <-k.c:
		}
	}
}

// ok: one receiver calls the receiving function without the lock.
type Inbox2 struct {
	mu   sync.Mutex
	msgs chan string
}

func newInbox2() *Inbox2 { return &Inbox2{msgs: make(chan string)} }

func (b *Inbox2) Deliver(m string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.msgs <- m
}

func (b *Inbox2) serve() {
	for {
		b.mu.Lock()
		b.mu.Unlock()
		_ = recvFrom(b.msgs)
	}
}

func (b *Inbox2) drain() { _ = recvFrom(b.msgs) }

// ok: a mutex reached through a slice is out of the model.
type Shards struct{ shards []*Shard }

type Shard struct {
	mu  sync.Mutex
	out chan int
}

func newShard() *Shard { return &Shard{out: make(chan int)} }

func (s *Shards) Send(i, v int) {
	s.shards[i].mu.Lock()
	defer s.shards[i].mu.Unlock()
	s.shards[i].send(v)
}

func (sh *Shard) send(v int) { sh.out <- v }

func (sh *Shard) loop() {
	for {
		sh.mu.Lock()
		sh.mu.Unlock()
		<-sh.out
	}
}

// The only receiver is a goroutine's function literal that locks
// through a call on every iteration.
type Watcher struct {
	mu      sync.Mutex
	changes chan string
	last    string
}

func NewWatcher() *Watcher {
	w := &Watcher{changes: make(chan string)}
	go func() {
		for {
			_ = w.read()
			<-w.changes
		}
	}()
	return w
}

func (w *Watcher) read() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.last
}

func (w *Watcher) Notify(c string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.last = c
	w.changes <- c // want `Watcher.Notify holds w.mu while sending on w.changes; the only receiver, a function literal, locks w.mu before each receive`
}

// The only receiver receives in a helper, called by a loop that locks
// first on every iteration.
type Queue struct {
	mu    sync.Mutex
	items chan int
	n     int
}

func newQueue() *Queue { return &Queue{items: make(chan int)} }

func (q *Queue) Push(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.n++
	q.items <- v // want `Queue.Push holds q.mu while sending on q.items; the only receiver, Queue.run, locks q.mu before each receive`
}

func (q *Queue) next() int { return <-q.items }

func (q *Queue) run() {
	for {
		q.mu.Lock()
		q.n--
		q.mu.Unlock()
		_ = q.next()
	}
}

// ok: the helper is also called without the lock, started as a
// goroutine, used as a method value, called through an interface, or
// exported.
type Queue2 struct {
	mu sync.Mutex
	a  chan int
	b  chan int
	c  chan int
	d  chan int
	e  chan int
}

func newQueue2() *Queue2 {
	return &Queue2{a: make(chan int), b: make(chan int), c: make(chan int), d: make(chan int), e: make(chan int)}
}

func (q *Queue2) Push(v int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.a <- v
	q.b <- v
	q.c <- v
	q.d <- v
	q.e <- v
}

func (q *Queue2) nextA() int { return <-q.a }
func (q *Queue2) nextB() int { return <-q.b }
func (q *Queue2) nextC() int { return <-q.c }
func (q *Queue2) nextD() int { return <-q.d }
func (q *Queue2) NextE() int { return <-q.e }

type nexter interface{ nextD() int }

func (q *Queue2) run() {
	for {
		q.mu.Lock()
		q.mu.Unlock()
		_ = q.nextA()
		_ = q.nextB()
		_ = q.nextC()
		_ = q.nextD()
		_ = q.NextE()
	}
}

func (q *Queue2) peek() int { return q.nextA() }

func (q *Queue2) start() {
	go q.nextB()
	f := q.nextC
	_ = f
	var x nexter = q
	_ = x.nextD()
}
