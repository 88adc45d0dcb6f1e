package crossfile

// drainAgain's timer comes from timer.go; this file does not import
// time. The second drain blocks: t.C was already received.
func drainAgain() {
	t := newTimer()
	<-t.C
	if !t.Stop() {
		<-t.C
	}
}
