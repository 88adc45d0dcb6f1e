package main

// This file implements -baseline: record the findings of a codebase
// once, then report only new ones.

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"
)

// baselineVersion is the version of the baseline file's format.
const baselineVersion = 1

// A baselineFile is the content of a -baseline file: the findings it
// records, each with the number of times it occurs.
type baselineFile struct {
	Version  int             `json:"version"`
	Findings []baselineEntry `json:"findings"`
}

// A baselineEntry identifies findings by what survives edits elsewhere
// in a file: the check, the file (relative to the baseline file's
// directory, with slashes), the function that encloses the finding
// ("Type.Method", "Func", "" outside functions) and the message. No
// line or column: a finding stays known when code above it moves.
type baselineEntry struct {
	Check   string `json:"check"`
	File    string `json:"file"`
	Func    string `json:"func"`
	Message string `json:"message"`
	Count   int    `json:"count,omitempty"` // omitted when 1
}

type baselineKey struct{ check, file, fn, msg string }

// applyBaseline serves -baseline and -update-baseline for the findings
// found. If the file is to be written (it does not exist, or
// -update-baseline), it records found in it and reports done; it does
// not write when the run had errors, whose packages would be missing
// from the record. Otherwise it returns the findings that the file does
// not record: of findings with the same key, those beyond the recorded
// count.
func applyBaseline(d *driverFlags, found []*finding, errs int) (fresh []*finding, done bool, err error) {
	path, err := filepath.Abs(d.baseline)
	if err != nil {
		return nil, false, err
	}
	dir := filepath.Dir(path)
	key := func(f *finding) baselineKey {
		file := f.unit.pkg.Fset.Position(f.diag.Pos).Filename
		if rel, err := filepath.Rel(dir, file); err == nil {
			file = rel
		}
		return baselineKey{f.check.Name, filepath.ToSlash(file), f.fn, f.diag.Message}
	}

	data, err := os.ReadFile(path)
	if d.updateBaseline || errors.Is(err, fs.ErrNotExist) {
		if errs > 0 {
			return nil, false, fmt.Errorf("baseline %s not written: the run had errors, and the findings of what failed would be missing", d.baseline)
		}
		counts := make(map[baselineKey]int)
		for _, f := range found {
			counts[key(f)]++
		}
		var b baselineFile
		b.Version = baselineVersion
		b.Findings = []baselineEntry{}
		for k, n := range counts {
			e := baselineEntry{Check: k.check, File: k.file, Func: k.fn, Message: k.msg}
			if n > 1 {
				e.Count = n
			}
			b.Findings = append(b.Findings, e)
		}
		slices.SortFunc(b.Findings, func(x, y baselineEntry) int {
			return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.Func, y.Func),
				cmp.Compare(x.Check, y.Check), cmp.Compare(x.Message, y.Message))
		})
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "\t")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(b); err != nil {
			return nil, false, err
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return nil, false, err
		}
		log.Printf("recorded %d findings in %s; runs with -baseline=%s report only new ones", len(found), d.baseline, d.baseline)
		return nil, true, nil
	}
	if err != nil {
		return nil, false, err
	}

	var b baselineFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, false, fmt.Errorf("baseline %s: %v", d.baseline, err)
	}
	if b.Version != baselineVersion {
		return nil, false, fmt.Errorf("baseline %s: version %d, want %d", d.baseline, b.Version, baselineVersion)
	}
	known := make(map[baselineKey]int)
	for _, e := range b.Findings {
		known[baselineKey{e.Check, e.File, e.Func, e.Message}] += max(e.Count, 1)
	}
	for _, f := range found {
		k := key(f)
		if known[k] > 0 {
			known[k]--
			continue
		}
		fresh = append(fresh, f)
	}
	return fresh, false, nil
}

// enclosingFunc returns the name of the top-level declaration of p that
// encloses pos: "Func" or "Type.Method" for a function, the names of
// the variables or constants of a declaration, "" if none.
func enclosingFunc(p *packages.Package, pos token.Pos) string {
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
