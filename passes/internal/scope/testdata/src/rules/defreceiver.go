package rules // want "^concurrency$"

func (p Pipe) m() {}
