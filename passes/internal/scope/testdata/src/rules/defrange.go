package rules // want "^concurrency$"

func _(ps []Pipe) {
	for _, p := range ps {
		_ = p
	}
}
