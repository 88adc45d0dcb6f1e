package rules // want "^concurrency$"

func _() any { return make(chan int) }
