// Package driver is the machinery of leakvet's standalone driver: it
// loads the named packages (load.go), reports their errors in the
// compiler's form (errors.go), runs the analyzers on them with its own
// scheduler (run.go) and fact store (facts.go), and prints the findings
// as text or JSON (print.go). The leakvet command (cmd/leakvet) parses
// the command line and puts these together; its -sarif output converts
// the JSON (package sarif), its -baseline filters the findings (package
// baseline).
//
// multichecker loads every dependency of the named packages from source
// as soon as one analyzer uses facts, and runs the fact-producing
// analyzers on all of them: on the standard library that doubles the
// time and the memory of a run. This driver instead loads only the
// named packages from source (dependencies come from the compiler's
// export data, as for an analyzer without facts) and lets facts flow
// only between named packages: when pkg/a calls a function of pkg/b and
// both are named (as with ./...), the facts of pkg/b reach pkg/a, as
// under go vet. What a named package learns from an unnamed one is
// lost; the checks treat a function they know nothing about as one that
// may do anything, so this costs findings, never adds one.
package driver
