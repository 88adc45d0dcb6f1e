package fieldleak

import (
	"bytes"
	"go/ast"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/fieldflow"
	"golang.org/x/tools/go/analysis"
)

// selectFix returns the fix of an exited send: the send, in a select
// with a case on the loop's stop signal.
//
//	s.reqs <- r
//
// becomes
//
//	select {
//	case s.reqs <- r:
//	case <-s.quit:
//	}
//
// It is offered only when certain: the send is a statement of a block
// or of a case body (not a for loop's post statement, say), it sends on
// a field selected from an expression x (s.reqs), x is a plain
// identifier, and x.<signal> selects the signal field itself. Then
// the send still happens whenever the loop is there to receive, and
// gives up once the loop is gone.
func (ck *checker) selectFix(send *fieldflow.Op, sig *fieldflow.Op) (analysis.SuggestedFix, bool) {
	ss, ok := send.Node.(*ast.SendStmt)
	if !ok || !ck.isBlockStmt(send.Func, ss) {
		return analysis.SuggestedFix{}, false
	}
	sel, ok := ast.Unparen(send.Expr).(*ast.SelectorExpr)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	x, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	t := ck.pass.TypesInfo.TypeOf(x)
	if t == nil {
		return analysis.SuggestedFix{}, false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, ck.pass.Pkg, sig.Field.Name())
	if v, ok := obj.(*types.Var); !ok || v.Origin() != sig.Field.Var {
		return analysis.SuggestedFix{}, false // x has no such field, or another one
	}
	recv := "<-" + x.Name + "." + sig.Field.Name()
	if sig.Field.Kind == fieldflow.Context {
		recv += ".Done()"
	}
	tf := ck.pass.Fset.File(ss.Pos())
	src, err := ck.pass.ReadFile(tf.Name())
	if err != nil {
		return analysis.SuggestedFix{}, false
	}
	start, end := tf.Offset(ss.Pos()), tf.Offset(ss.End())
	lineStart := tf.Offset(tf.LineStart(tf.Line(ss.Pos())))
	indent := src[lineStart:start]
	if len(bytes.TrimLeft(indent, " \t")) != 0 {
		return analysis.SuggestedFix{}, false // something before the send on its line
	}
	var b bytes.Buffer
	b.WriteString("select {\n")
	b.Write(indent)
	b.WriteString("case ")
	b.Write(src[start:end])
	b.WriteString(":\n")
	b.Write(indent)
	b.WriteString("case " + recv + ":\n")
	b.Write(indent)
	b.WriteString("}")
	return analysis.SuggestedFix{
		Message:   "Select on " + x.Name + "." + sig.Field.Name() + " around the send",
		TextEdits: []analysis.TextEdit{{Pos: ss.Pos(), End: ss.End(), NewText: b.Bytes()}},
	}, true
}

// isBlockStmt reports whether s is a statement of a block or of a case
// body in fn (a *ast.FuncDecl or *ast.FuncLit).
func (ck *checker) isBlockStmt(fn ast.Node, s ast.Stmt) bool {
	var body *ast.BlockStmt
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		body = fn.Body
	case *ast.FuncLit:
		body = fn.Body
	}
	if body == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == nil || n.Pos() > s.Pos() || n.End() < s.End() {
			return false // does not contain s
		}
		var list []ast.Stmt
		switch n := n.(type) {
		case *ast.BlockStmt:
			list = n.List
		case *ast.CaseClause:
			list = n.Body
		case *ast.CommClause:
			list = n.Body
		}
		for _, x := range list {
			if x == s {
				found = true
			}
		}
		return !found
	})
	return found
}
