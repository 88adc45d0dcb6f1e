// Package loopvar covers Go 1.21 loop variables (go.mod says go 1.21):
// a variable declared by a range statement is shared by all
// iterations, so the goroutines of the loop close the same channel.
package loopvar

func rangeVarShared(outs []chan int) {
	for _, out := range outs {
		out := out // ok: a copy per iteration, declared in the body
		go func() {
			defer close(out)
			out <- 1
		}()
	}
}

func rangeVarCaptured(outs []chan int) {
	for _, out := range outs {
		go func() {
			defer close(out) // want `out is closed by one of several producers`
			out <- 1
		}()
	}
}
