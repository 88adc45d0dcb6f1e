package crossfile

// ignore defines a channel parameter, and nothing else.
func ignore(p Pipe) {}
