package rules // want "^concurrency$"

func _[C ChanOfInt](f func() C) {
	for range f() {
	}
}
