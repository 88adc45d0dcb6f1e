package rules // want "^timer$"

import "time"

type clock struct{ t *time.Timer }

func newClock() *clock { return &clock{t: time.NewTimer(time.Second)} }
