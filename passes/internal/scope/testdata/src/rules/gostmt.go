package rules // want "^concurrency$"

func _() { go println() }
