package rules

import "context"

// ok: nothing here starts a goroutine or touches a channel, a timer or
// a WaitGroup.

type counter struct{ n int }

func (c *counter) Add(n int)   { c.n += n }
func (c *counter) Done() bool  { return c.n == 0 }
func (c *counter) Go(int) bool { return false } // a method named Go, not called

func plain(ctx context.Context, xs []int, m map[string]int, seq func(func(int) bool)) int {
	var c counter
	c.Add(1) // not a WaitGroup
	_ = c.Done()
	_ = ctx.Err()
	for _, x := range xs {
		c.Add(x)
	}
	for k := range m {
		_ = k
	}
	for x := range seq {
		_ = x
	}
	close := func(int) {} // not the builtin
	close(1)
	_ = func(b *box) Pipe { return nil } // a function type returning a Pipe defines no variable
	return c.n
}
