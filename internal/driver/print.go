package driver

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/token"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// A finding is a diagnostic of a selected analyzer on a unit.
type Finding struct {
	Check *analysis.Analyzer
	Diag  analysis.Diagnostic
	Func  string // the enclosing function, with Options.FuncNames; see EnclosingFunc

	unit *Unit
}

// Position returns the position of the finding.
func (f *Finding) Position() token.Position {
	return f.unit.pkg.Fset.Position(f.Diag.Pos)
}

// findingKey identifies a finding across the units of a file: a file
// that belongs to a package and to its test variant is analysed twice.
type findingKey struct {
	pos, end token.Position
	check    *analysis.Analyzer
	msg      string
}

func (f *Finding) key() findingKey {
	fset := f.unit.pkg.Fset
	return findingKey{fset.Position(f.Diag.Pos), fset.Position(f.Diag.End), f.Check, f.Diag.Message}
}

// findings returns the findings of the selected analyzers, each once.
func (r *Runner) Findings(units []*Unit) []*Finding {
	seen := make(map[findingKey]bool)
	var list []*Finding
	r.forEachOutcome(units, func(u *Unit, a *analysis.Analyzer, out *outcome) {
		if out.err != nil || !r.roots[a] {
			return
		}
		for i, d := range out.diags {
			f := &Finding{unit: u, Check: a, Diag: d}
			if i < len(out.funcs) {
				f.Func = out.funcs[i]
			}
			if k := f.key(); !seen[k] {
				seen[k] = true
				list = append(list, f)
			}
		}
	})
	slices.SortStableFunc(list, func(x, y *Finding) int {
		px, py := x.unit.pkg.Fset.Position(x.Diag.Pos), y.unit.pkg.Fset.Position(y.Diag.Pos)
		return cmp.Or(cmp.Compare(px.Filename, py.Filename), cmp.Compare(px.Line, py.Line), cmp.Compare(px.Column, py.Column))
	})
	return list
}

// failures returns the number of analyses that failed.
func (r *Runner) Failures(units []*Unit) int {
	n := 0
	r.forEachOutcome(units, func(u *Unit, a *analysis.Analyzer, out *outcome) {
		if out.err != nil {
			n++
		}
	})
	return n
}

// printText prints the errors of the analyses and the findings found
// to w; if contextLines is not negative, each finding is followed by
// its source line and that many lines around it. A finding's message
// ends with the name of its check.
func (r *Runner) PrintText(w io.Writer, units []*Unit, found []*Finding, contextLines int) error {
	var buf bytes.Buffer
	r.forEachOutcome(units, func(u *Unit, a *analysis.Analyzer, out *outcome) {
		if out.err != nil {
			fmt.Fprintf(&buf, "%s: analysis of %s failed: %v\n", a.Name, u.pkg.ID, out.err)
		}
	})
	for _, f := range found {
		fset, d := f.unit.pkg.Fset, f.Diag
		printPlain(&buf, fset, contextLines, d.Pos, d.End, withCheck(d.Message, f.Check.Name))
		for _, rel := range d.Related {
			printPlain(&buf, fset, contextLines, rel.Pos, rel.End, "\t"+rel.Message)
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// printPlain prints "posn: message", then, if contextLines is not
// negative, the lines from pos to end with that many lines around.
func printPlain(w io.Writer, fset *token.FileSet, contextLines int, pos, end token.Pos, msg string) {
	posn := fset.Position(pos)
	fmt.Fprintf(w, "%s: %s\n", ShortPosn(posn.String()), msg)
	if contextLines < 0 {
		return
	}
	endPosn := fset.Position(end)
	if !endPosn.IsValid() {
		endPosn = posn
	}
	data, _ := os.ReadFile(posn.Filename)
	lines := strings.Split(string(data), "\n")
	for i := posn.Line - contextLines; i <= endPosn.Line+contextLines; i++ {
		if 1 <= i && i <= len(lines) {
			fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
		}
	}
}

// The -json output: for each package ID, for each analyzer name, either
// the findings (JSONDiagnostic) or {"error": message}. It is the schema
// of the other go/analysis drivers (x/tools'
// internal/analysis/driverutil.JSONTree); runSARIF reads it back.
type (
	JSONDiagnostic struct {
		Category       string        `json:"category,omitempty"`
		Posn           string        `json:"posn"`
		End            string        `json:"end"`
		Message        string        `json:"message"`
		SuggestedFixes []JSONFix     `json:"suggested_fixes,omitempty"`
		Related        []JSONRelated `json:"related,omitempty"`
	}
	JSONFix struct {
		Message string     `json:"message"`
		Edits   []JSONEdit `json:"edits"`
	}
	JSONEdit struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	}
	JSONRelated struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
	JSONError struct {
		Err string `json:"error"`
	}
)

// printJSON prints the -json tree of the errors of all analyses and of
// the findings of the selected analyzers that are among found (all of
// them in each package whose files they are in) to w.
func (r *Runner) PrintJSON(w io.Writer, units []*Unit, found []*Finding) error {
	keep := make(map[findingKey]bool, len(found))
	for _, f := range found {
		keep[f.key()] = true
	}
	tree := make(map[string]map[string]any)
	add := func(id, name string, v any) {
		if tree[id] == nil {
			tree[id] = make(map[string]any)
		}
		tree[id][name] = v
	}
	r.forEachOutcome(units, func(u *Unit, a *analysis.Analyzer, out *outcome) {
		fset := u.pkg.Fset
		posn := func(pos, end token.Pos) (string, string) {
			return fset.Position(pos).String(), fset.Position(cmp.Or(end, pos)).String()
		}
		switch {
		case out.err != nil:
			add(u.pkg.ID, a.Name, JSONError{out.err.Error()})
		case r.roots[a] && len(out.diags) > 0:
			list := make([]JSONDiagnostic, 0, len(out.diags))
			for _, d := range out.diags {
				if f := (Finding{unit: u, Check: a, Diag: d}); !keep[f.key()] {
					continue
				}
				jd := JSONDiagnostic{Category: d.Category, Message: d.Message}
				jd.Posn, jd.End = posn(d.Pos, d.End)
				for _, fix := range d.SuggestedFixes {
					jf := JSONFix{Message: fix.Message}
					for _, e := range fix.TextEdits {
						start, end := fset.Position(e.Pos), fset.Position(e.End)
						jf.Edits = append(jf.Edits, JSONEdit{start.Filename, start.Offset, end.Offset, string(e.NewText)})
					}
					jd.SuggestedFixes = append(jd.SuggestedFixes, jf)
				}
				for _, rel := range d.Related {
					jr := JSONRelated{Message: rel.Message}
					jr.Posn, jr.End = posn(rel.Pos, rel.End)
					jd.Related = append(jd.Related, jr)
				}
				list = append(list, jd)
			}
			if len(list) > 0 {
				add(u.pkg.ID, a.Name, list)
			}
		}
	})
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

// printTimes prints, for -debug=t, the analyses (analyzer@package) that
// make up 90% of the total time, slowest first.
func (r *Runner) PrintTimes(w io.Writer, units []*Unit) {
	if !r.sequential {
		fmt.Fprintln(w, "Warning: times are mostly GC/scheduler noise; use -debug=tp to disable parallelism")
	}
	type timed struct {
		d    time.Duration
		name string
	}
	var list []timed
	var total time.Duration
	r.forEachOutcome(units, func(u *Unit, a *analysis.Analyzer, out *outcome) {
		list = append(list, timed{out.duration, a.Name + "@" + u.pkg.ID})
		total += out.duration
	})
	sort.SliceStable(list, func(i, j int) bool { return list[i].d > list[j].d })
	var sum time.Duration
	for _, t := range list {
		fmt.Fprintf(w, "%s\t%s\n", t.d, t.name)
		sum += t.d
		if sum >= total*9/10 {
			break
		}
	}
	if total > sum {
		fmt.Fprintf(w, "%s\tall others\n", total-sum)
	}
}

// withCheck returns a finding's message as the standalone driver prints
// it, with the name of its check at the end: what a //leakvet:ignore
// directive needs. Under go vet, the go command prints the messages
// itself, from the tool's -json output, without the check's name (as for
// the analyzers of cmd/vet); the messages themselves stay free of it, so
// that -json, SARIF and golangci-lint, which name the check in their own
// way, do not repeat it.
func withCheck(msg, check string) string {
	return msg + " [" + check + "]"
}

// EnclosingFunc returns the name of the top-level declaration of p that
// encloses pos: "Func" or "Type.Method" for a function, the names of
// the variables or constants of a declaration, "" if none.
func EnclosingFunc(p *packages.Package, pos token.Pos) string {
	for _, file := range p.Syntax {
		if pos < file.FileStart || pos >= file.FileEnd {
			continue
		}
		for _, decl := range file.Decls {
			if pos < decl.Pos() || pos >= decl.End() {
				continue
			}
			switch decl := decl.(type) {
			case *ast.FuncDecl:
				if decl.Recv == nil || len(decl.Recv.List) == 0 {
					return decl.Name.Name
				}
				return recvName(decl.Recv.List[0].Type) + "." + decl.Name.Name
			case *ast.GenDecl:
				for _, spec := range decl.Specs {
					if pos < spec.Pos() || pos >= spec.End() {
						continue
					}
					switch spec := spec.(type) {
					case *ast.ValueSpec:
						var names []string
						for _, n := range spec.Names {
							names = append(names, n.Name)
						}
						return strings.Join(names, ",")
					case *ast.TypeSpec:
						return spec.Name.Name
					}
				}
			}
			return ""
		}
	}
	return ""
}

// recvName returns the name of a receiver's type, without pointer or
// type parameters.
func recvName(x ast.Expr) string {
	for {
		switch t := x.(type) {
		case *ast.StarExpr:
			x = t.X
		case *ast.ParenExpr:
			x = t.X
		case *ast.IndexExpr:
			x = t.X
		case *ast.IndexListExpr:
			x = t.X
		case *ast.Ident:
			return t.Name
		default:
			return fmt.Sprintf("%T", x)
		}
	}
}
