// Package worklib declares a type with a start and a stop method,
// used from package crosspkg through facts.
package worklib

type Pool struct {
	done chan struct{}
	n    int
}

func New() *Pool { return &Pool{done: make(chan struct{})} }

func Shared() *Pool { return shared }

var shared = New()

func (p *Pool) Start() {
	go p.run()
}

func (p *Pool) run() {
	<-p.done
}

func (p *Pool) Stop() { p.done <- struct{}{} }

func (p *Pool) Size() int { return p.n }

func (p *Pool) Publish() { published = p }

var published *Pool
