package basic

// Callee resolution: literals, declared functions, methods, generic
// instances; unnamed and variadic parameters have no Chan.

func recvFrom(n int, in <-chan int) { // want `chan in in recvFrom param`
	<-in // want `recv in in recvFrom`
}

func variadic(chs ...chan int) {}

func genericSend[T any](out chan<- T, v T) { // want `chan out in genericSend param`
	out <- v // want `send out in genericSend`
}

func (t *T) take(_ int, c chan int) { // want `chan c in T.take param`
	close(c) // want `close c in T.take`
}

func Callees(t *T) {
	ch := make(chan int) // want `chan ch in Callees unbuffered`
	go recvFrom(1, ch)   // want `arg ch in Callees callee=recvFrom go body=recvFrom param=in` `go in Callees callee=recvFrom loops=0`
	genericSend(ch, 1)   // want `arg ch in Callees callee=genericSend body=genericSend param=out`
	t.take(0, ch)        // want `arg ch in Callees callee=take body=T.take param=c`
	variadic(ch)         // want `arg ch in Callees callee=variadic body=variadic$`
	sink(ch)             // want `arg ch in Callees callee=sink body=sink$`
	func(x chan int) {   // want `chan x in the function literal in Callees param`
		<-x // want `recv x in the function literal in Callees`
	}(ch) // want `arg ch in Callees body=the function literal in Callees param=x`
}
