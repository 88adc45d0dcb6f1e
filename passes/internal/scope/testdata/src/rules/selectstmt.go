package rules // want "^concurrency$"

func _() { select {} }
