// Package deadlocalhelper has functions that take a channel, for the
// summaries that cross packages as facts.
package deadlocalhelper

// Count neither sends on c, closes it nor keeps it.
func Count(c chan int, n int) int {
	if c == nil {
		return 0
	}
	return n + len(c)
}

// Signal sends on c.
func Signal(c chan int) { c <- 1 }

// Keep stores c.
func Keep(c chan int) { kept = c }

var kept chan int
