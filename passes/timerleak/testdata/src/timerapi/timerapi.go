// Package timerapi hands out a *time.Timer to packages that do not
// import "time" themselves.
package timerapi

import "time"

// Session holds a timer.
type Session struct{ Timer *time.Timer }

// New returns a session with a running timer.
func New() *Session { return &Session{Timer: time.NewTimer(time.Second)} }
