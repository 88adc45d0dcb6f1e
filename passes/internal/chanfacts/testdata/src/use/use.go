// Package use passes its channels to the functions of lib: their
// summaries come from imported facts.
package use

import "lib"

func Forward(ch chan int) { // want Forward:`params\(0:closes\|sends\)`
	lib.ProduceAndClose(ch)
}

func Spawn(ch chan int) { // want Spawn:`params\(0:ranges-in-goroutine\)`
	go lib.Worker(0, ch)
}

func Methods(ch chan int, p *lib.Pool) { // want Methods:`params\(0:ranges 1:escapes\)`
	p.Run(ch)
}

func Instance(ch chan string) { // want Instance:`params\(0:ranges\)`
	lib.Generic(ch)
}

func Dynamic(ch chan int, f func(chan int)) { // want Dynamic:`params\(0:escapes 1:escapes\)`
	f(ch)
}
