package crossfile

import "time"

func newTimer() *time.Timer { return time.NewTimer(time.Second) }
