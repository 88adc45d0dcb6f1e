// Calls of helpers of another package (example.com/halt, read from
// source) in the shapes the checks judge: a select's timeout case, a
// path that ends in the helper, a goroutine that sends.
package robust

import (
	"errors"
	"testing"
	"time"

	"example.com/halt"
)

func haltCases(t *testing.T, work func() int, cancel <-chan struct{}) int {
	ch := make(chan int)
	go func() { ch <- work() }()
	select {
	case v := <-ch:
		return v
	case <-cancel:
		halt.Stop(errors.New("cancelled"))
	case <-time.After(time.Second):
		halt.MustFail(t, "timeout")
	}
	halt.Check(nil)
	halt.Fatal("x")
	halt.Spin(3)
	halt.Ping(1)
	halt.Exit()
	b := &halt.Box[int]{}
	b.Abort()
	b.Keep()
	halt.Run(func() {})
	return 0
}
