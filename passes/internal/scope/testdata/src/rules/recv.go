package rules // want "^concurrency$"

func _(b *box) { _ = <-b.p }
