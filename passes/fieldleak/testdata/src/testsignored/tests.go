// Package tests covers the ignore-tests option.
package tests

type Loop struct {
	reqs chan int
	stop chan struct{}
}

func (l *Loop) run() {
	for {
		select {
		case <-l.reqs:
		case <-l.stop:
			return
		}
	}
}
