//go:build go1.23

// Package notime does not import "time" yet drains a *time.Timer it got
// from another package: the import fast path must not skip it.
package notime

import "timerapi"

func stop(s *timerapi.Session) {
	if !s.Timer.Stop() {
		<-s.Timer.C // want `blocking drain of s.Timer.C after s.Timer.Stop\(\) blocks forever since Go 1.23`
	}
}
