package rules // want "^concurrency$"

import "sync"

func _(c *sync.Cond) { c.Wait() } // any Wait...: waitclose looks for them in callees
