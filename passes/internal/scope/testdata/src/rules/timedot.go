package rules // want "^timer$"

import . "time"

func _() { _ = Tick(Second) }
