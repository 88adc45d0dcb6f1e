package rules // want "^concurrency$"

func _(b *box) { b.p <- 1 }
