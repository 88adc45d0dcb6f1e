package crossfile

// Pipe is a channel type; ignore.go uses it without the chan keyword.
type Pipe chan int
