package rules // want "^concurrency$"

func _(b *box) { b.Done() } // the embedded WaitGroup's
