package driver

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/tools/go/packages"
)

// rootsOnly returns the well-typed packages among initial, with their
// import graphs cut down to those packages, so that facts flow among
// them alone. A package that failed to load
// or type-check is left out: its errors are printed already, and its
// analysis would fail.
func RootsOnly(initial []*packages.Package) []*packages.Package {
	byID := make(map[string]*packages.Package, len(initial))
	for _, p := range initial {
		if len(p.Errors) == 0 && !p.IllTyped && p.Types != nil {
			byID[p.ID] = p
		}
	}
	var roots []*packages.Package
	for _, p := range initial {
		if byID[p.ID] != p {
			continue
		}
		imports := make(map[string]*packages.Package)
		for path, imp := range p.Imports {
			if q := byID[imp.ID]; q != nil {
				imports[path] = q
			}
		}
		p.Imports = imports
		roots = append(roots, p)
	}
	return roots
}

// printErrors prints the errors of the packages in the import graph of
// initial to w, one line each in the compiler's form ("file:line:col:
// message", the file relative to the current directory when inside it;
// a message alone when there is no position), and returns how many it
// printed. As the compiler does, it reports only the first syntax error
// of a line, and no type errors in a package with syntax errors (they
// are consequences of the parser's recovery). The compiler's own report
// of a package's errors (a list error that go list's build of its
// export data produced) is not printed again when the package's errors
// are known.
func PrintErrors(w io.Writer, initial []*packages.Package) int {
	n := 0
	seen := make(map[string]bool)
	print := func(line string) {
		if line != "" && !seen[line] {
			seen[line] = true
			fmt.Fprintln(w, line)
			n++
		}
	}
	lineSeen := make(map[string]bool) // file:line of a syntax error
	for p := range packages.Postorder(initial) {
		kinds := make(map[packages.ErrorKind]bool)
		for _, e := range p.Errors {
			kinds[e.Kind] = true
		}
		for _, e := range p.Errors {
			switch {
			case e.Kind == packages.TypeError && kinds[packages.ParseError]:
				continue
			case e.Kind == packages.ListError && strings.HasPrefix(e.Msg, "# ") && (kinds[packages.TypeError] || kinds[packages.ParseError]):
				continue
			case e.Kind == packages.ListError && strings.HasPrefix(e.Msg, "# "):
				// The compiler's output: a "# package" line, then one
				// line per error.
				for line := range strings.Lines(e.Msg) {
					if line = strings.TrimSpace(line); !strings.HasPrefix(line, "# ") {
						print(ShortPosn(line))
					}
				}
				continue
			case e.Kind == packages.ParseError && e.Pos != "":
				k := e.Pos // "file:line:col": the file and line
				if i := strings.LastIndexByte(k, ':'); i > 0 {
					k = k[:i]
				}
				if lineSeen[k] {
					continue
				}
				lineSeen[k] = true
			}
			if e.Pos == "" {
				print(OneLine(e.Msg))
			} else {
				print(ShortPosn(e.Pos) + ": " + OneLine(e.Msg))
			}
		}
		if m := p.Module; m != nil && m.Error != nil {
			print(OneLine(m.Error.Err))
		}
	}
	return n
}

// OneLine joins the lines of a message, as the go command's hints
// ("to add it:\n\tgo get ...") have several.
func OneLine(msg string) string {
	if !strings.Contains(msg, "\n") {
		return msg
	}
	return strings.Join(strings.Fields(msg), " ")
}

// cwd is the current directory, for shortPosn.
var cwd = sync.OnceValue(func() string {
	dir, _ := os.Getwd()
	return dir
})

// shortPosn returns a position ("file:line:col", or a line of text that
// starts with one) with the file relative to the current directory if
// it is inside it, as the go command prints positions.
func ShortPosn(posn string) string {
	if dir := cwd(); dir != "" {
		if rel, ok := strings.CutPrefix(posn, dir+string(filepath.Separator)); ok {
			return rel
		}
	}
	return posn
}
