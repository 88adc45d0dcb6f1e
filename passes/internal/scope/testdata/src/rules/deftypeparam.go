package rules // want "^concurrency$"

func _[C ChanOfInt](c C) {}
