package rules

import "time"

// ok: time, but no timer.
func _() time.Duration {
	time.Sleep(time.Millisecond)
	return time.Since(time.Now())
}
