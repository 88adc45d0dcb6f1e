// Package lib is another package for the name rule of lazycfg: each of
// its functions returns, but those with a no-return name are taken as
// never returning by the packages that call them.
package lib

func Fatal(args ...any) {}

func Exit() {}

func Fatalish() {}

type T struct{}

func (T) Fatalf(format string, args ...any) {}

func (*T) Goexit() {}

// Logger is an interface: its Fatal has no body and no fixed callee.
type Logger interface {
	Fatal(args ...any)
}
