package fieldleak

import (
	"go/ast"
	"go/types"

	"github.com/leakvet/leakvet/passes/internal/fieldflow"
	"golang.org/x/tools/go/ast/astutil"
)

// bufferOf returns the largest capacity of the makes assigned to the
// channel field f, and whether every one is a known constant (and
// there is at least one).
func bufferOf(f *fieldflow.Field) (int64, bool) {
	if len(f.Makes) == 0 {
		return 0, false
	}
	n := int64(0)
	for _, c := range f.Caps {
		if c < 0 {
			return 0, false // not a constant: sendleak's stance, no comparison
		}
		n = max(n, c)
	}
	return n, true
}

// endlessSend reports whether the send op is repeated without a bound
// by a loop of its function: a for loop without a condition, or a range
// over a channel (a ticker's C, another stream). Such a loop can send
// more values than any constant buffer holds, once no one receives
// (sendleak's stance: a loop with a bound, or over a slice of unknown
// length, is an unknown count that cannot be shown to exceed the
// buffer, and is left alone).
//
// The loop may have exits (a return on a read error, say): they do
// not bound the count of sends.
func (ck *checker) endlessSend(op *fieldflow.Op) bool {
	if op.Func == nil {
		return false
	}
	var file *ast.File
	for _, f := range ck.pass.Files {
		if f.FileStart <= op.Node.Pos() && op.Node.End() <= f.FileEnd {
			file = f
			break
		}
	}
	if file == nil {
		return false
	}
	path, _ := astutil.PathEnclosingInterval(file, op.Node.Pos(), op.Node.End())
	for _, n := range path {
		if n == op.Func {
			return false
		}
		switch l := n.(type) {
		case *ast.ForStmt:
			if l.Cond == nil && within(op.Node, l.Body) {
				return true
			}
		case *ast.RangeStmt:
			if within(op.Node, l.Body) {
				if t := ck.pass.TypesInfo.TypeOf(l.X); t != nil {
					if _, ok := t.Underlying().(*types.Chan); ok {
						return true
					}
				}
			}
		}
	}
	return false
}

// beyondBuffer reports whether the send op can be the send that finds
// the buffer of capacity n full once no one receives: it is repeated
// by an endless loop (endlessSend), or it is at least the (n+1)-th of
// the sends on its field that are statements of its function's body,
// at the top level (every one of them runs on the path that takes no
// early return).
func (ck *checker) beyondBuffer(op *fieldflow.Op, n int64) bool {
	if ck.endlessSend(op) {
		return true
	}
	fn := ck.flow.FuncOf(op.Func)
	if fn == nil || fn.Body == nil {
		return false
	}
	var count int64
	for _, s := range fn.Body.List {
		if !mayFallThrough(ck.pass.TypesInfo, s) {
			return false // what follows may not run
		}
		ss, ok := s.(*ast.SendStmt)
		if !ok {
			continue
		}
		for _, o := range op.Field.OpsOf(fieldflow.Send) {
			if o.Node == ast.Node(ss) {
				count++
			}
		}
		if ss == op.Node {
			return count > n
		}
	}
	return false
}

// mayFallThrough reports whether the statement s of a body can be
// followed by the next one: it is not a for loop without a condition
// (left only by a break the pass does not look for), a select without
// cases, a goto, a labelled statement (a goto's target), or a call
// that may end the goroutine.
func mayFallThrough(info *types.Info, s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.ForStmt:
		return s.Cond != nil
	case *ast.SelectStmt:
		return len(s.Body.List) > 0
	case *ast.BranchStmt, *ast.LabeledStmt, *ast.ReturnStmt:
		return false
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(s.X).(*ast.CallExpr); ok && mayEnd(info, call) {
			return false
		}
	}
	return true
}

// within reports whether n lies in the block b.
func within(n ast.Node, b *ast.BlockStmt) bool {
	return b != nil && b.Pos() <= n.Pos() && n.End() <= b.End()
}
