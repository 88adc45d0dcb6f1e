package rules // want "^concurrency$"

func _(p Pipe) {}
