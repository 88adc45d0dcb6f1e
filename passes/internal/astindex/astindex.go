// Package astindex records the syntax trees of some files in one array,
// in the order of ast.Inspect, so that a pass can iterate over the nodes
// of a given type in a subtree, and go from a node to the nodes around
// it, without walking the trees again.
//
// It offers the part of the Cursor API of x/tools' inspector that the
// leakvet passes use, with the same meaning, at a lower cost: one
// 40-byte entry per node (the inspector records a push and a pop event
// of 32 bytes each), in an array that can be reused once the analysis of
// a package is done (see Index.Release). The passes build one index per
// package over the files that scope keeps; on concurrent code, where
// every file is kept, the inspector was the largest allocation of the
// suite.
package astindex

import (
	"go/ast"
	"iter"
	"sync"

	"golang.org/x/tools/go/ast/edge"
)

// An Index holds the nodes of some files.
type Index struct {
	nodes []entry
	buf   *[]entry // the pooled array nodes lives in; see Release
	files []int32  // with Only: the files that are the root's children; otherwise nil, all
}

// An entry is one node of the index. The nodes of its subtree follow it
// up to end.
type entry struct {
	node   ast.Node
	types  uint64 // the kinds of node in the subtree, its own included
	parent int32  // the index of the parent, -1 for a file
	end    int32  // the index after the last node of the subtree
	edge   int32  // the field of the parent that holds the node; see packEdge
	kind   uint8  // the node's own kind; see kindOf
}

// arrays holds the arrays of released indexes, for New to reuse.
var arrays = sync.Pool{New: func() any { return new([]entry) }}

// New returns the index of files, in order.
func New(files []*ast.File) *Index {
	buf := arrays.Get().(*[]entry)
	nodes := (*buf)[:0]
	// A fresh array gets room for dense code (one node every four bytes
	// of declarations), so that it grows little.
	extent := 0
	for _, f := range files {
		extent += int(f.End() - f.Pos())
	}
	if cap(nodes) < extent/4 {
		nodes = make([]entry, 0, extent/4)
	}
	b := builder{nodes: nodes}
	for _, f := range files {
		b.walk(f, edge.Invalid, -1, -1)
	}
	return &Index{nodes: b.nodes, buf: buf}
}

// A Builder indexes files one at a time, so that a file can be looked
// at through its cursor and dropped again before the next is added:
// the array then holds only the files kept.
type Builder struct {
	ix    *Index
	b     builder
	files []int32 // the start of each file kept, in order
}

// NewBuilder returns a builder whose array has room for files, whose
// extent gives the first guess of its size (see New).
func NewBuilder(files []*ast.File) *Builder {
	buf := arrays.Get().(*[]entry)
	nodes := (*buf)[:0]
	extent := 0
	for _, f := range files {
		extent += int(f.End() - f.Pos())
	}
	if cap(nodes) < extent/4 {
		nodes = make([]entry, 0, extent/4)
	}
	return &Builder{ix: &Index{nodes: nodes, buf: buf, files: []int32{}}, b: builder{nodes: nodes}}
}

// Add indexes f after the files added so far and returns its cursor.
// The cursor stays valid until Drop is called for it.
func (bd *Builder) Add(f *ast.File) Cursor {
	i := int32(len(bd.b.nodes))
	bd.b.walk(f, edge.Invalid, -1, -1)
	bd.ix.nodes = bd.b.nodes
	return Cursor{bd.ix, i}
}

// Drop removes the last file added, whose cursor is cur, from the
// array; its room is used by the next file.
func (bd *Builder) Drop(cur Cursor) {
	clear(bd.b.nodes[cur.i:])
	bd.b.nodes = bd.b.nodes[:cur.i]
	bd.ix.nodes = bd.b.nodes
}

// Root marks cur, a file kept, as one of the children of the root of
// the index Finish returns.
func (bd *Builder) Root(cur Cursor) {
	bd.ix.files = append(bd.ix.files, cur.i)
}

// Finish returns the index: its root's children are the files passed
// to Root, in order; the cursors of the other files kept stay valid.
// Releasing the index releases the array.
func (bd *Builder) Finish() *Index {
	return bd.ix
}

// Release gives the index's memory back for other indexes to use. The
// index and its cursors must not be used afterwards.
//
// The standalone driver calls it (through the result of the pass that
// owns the index) once every analyzer is done with a package; under the
// other drivers, an index is left to the garbage collector.
func (ix *Index) Release() {
	if ix.buf == nil {
		return
	}
	clear(ix.nodes) // drop the references to the syntax
	*ix.buf = ix.nodes[:0]
	arrays.Put(ix.buf)
	ix.nodes, ix.buf, ix.files = nil, nil, nil
}

// A Cursor is a node of an Index, or the virtual root above its files.
// The zero Cursor is not valid.
type Cursor struct {
	ix *Index
	i  int32 // -1 for the root
}

// Root returns the cursor of the virtual root, whose children are the
// files.
func (ix *Index) Root() Cursor { return Cursor{ix, -1} }

// Node returns the node of c, or nil for the root.
func (c Cursor) Node() ast.Node {
	if c.i < 0 {
		return nil
	}
	return c.ix.nodes[c.i].node
}

// span returns the indices of the nodes of c's subtree, c included.
func (c Cursor) span() (start, end int32) {
	if c.i < 0 {
		return 0, int32(len(c.ix.nodes))
	}
	return c.i, c.ix.nodes[c.i].end
}

// Parent returns the cursor of the node that encloses c's node directly:
// the root for a file. The parent of the root is the root.
func (c Cursor) Parent() Cursor {
	if c.i < 0 {
		return c
	}
	return Cursor{c.ix, c.ix.nodes[c.i].parent}
}

// ParentEdge returns the field of the parent node that holds c's node,
// and its index if the field is a list (-1 otherwise). It returns
// edge.Invalid and -1 for a file and for the root.
func (c Cursor) ParentEdge() (edge.Kind, int) {
	if c.i < 0 {
		return edge.Invalid, -1
	}
	e := c.ix.nodes[c.i].edge
	return edge.Kind(e & 0x7f), int(e>>7) - 1
}

// ParentEdgeKind returns the field of the parent node that holds c's
// node; see ParentEdge.
func (c Cursor) ParentEdgeKind() edge.Kind {
	k, _ := c.ParentEdge()
	return k
}

// Children returns the cursors of the children of c's node, in order.
func (c Cursor) Children() iter.Seq[Cursor] {
	return func(yield func(Cursor) bool) {
		if c.i < 0 && c.ix.files != nil {
			for _, i := range c.ix.files {
				if !yield(Cursor{c.ix, i}) {
					return
				}
			}
			return
		}
		start, end := c.span()
		if c.i >= 0 {
			start++
		}
		for i := start; i < end; i = c.ix.nodes[i].end {
			if !yield(Cursor{c.ix, i}) {
				return
			}
		}
	}
}

// Preorder returns the cursors of the nodes of c's subtree, c included
// (but not the root), in the order of ast.Inspect. If types are given,
// only the nodes of those types are returned, and the subtrees that
// contain none are skipped.
func (c Cursor) Preorder(types ...ast.Node) iter.Seq[Cursor] {
	mask := maskOf(types)
	return func(yield func(Cursor) bool) {
		if c.i < 0 && c.ix.files != nil {
			for _, f := range c.ix.files {
				if !c.ix.preorder(f, c.ix.nodes[f].end, mask, yield) {
					return
				}
			}
			return
		}
		start, end := c.span()
		c.ix.preorder(start, end, mask, yield)
	}
}

// preorder yields the cursors of the nodes from start to end whose kind
// is in mask, skipping the subtrees without any; it reports whether
// yield asked for more.
func (ix *Index) preorder(start, end int32, mask uint64, yield func(Cursor) bool) bool {
	nodes := ix.nodes
	for i := start; i < end; {
		e := &nodes[i]
		if e.types&mask == 0 {
			i = e.end
			continue
		}
		if 1<<e.kind&mask != 0 && !yield(Cursor{ix, i}) {
			return false
		}
		i++
	}
	return true
}

// Types reports whether the subtree of c (the whole index for the root)
// holds a node of one of the given types.
func (c Cursor) Types(types ...ast.Node) bool {
	mask := maskOf(types)
	if c.i >= 0 {
		return c.ix.nodes[c.i].types&mask != 0
	}
	for cur := range c.Children() {
		if cur.Types(types...) {
			return true
		}
	}
	return false
}

// Enclosing returns the cursors of c and of the nodes that enclose it,
// innermost first, up to its file; if types are given, only those of
// nodes of those types. For the root it returns nothing.
func (c Cursor) Enclosing(types ...ast.Node) iter.Seq[Cursor] {
	mask := maskOf(types)
	return func(yield func(Cursor) bool) {
		nodes := c.ix.nodes
		for i := c.i; i >= 0; i = nodes[i].parent {
			if 1<<nodes[i].kind&mask != 0 && !yield(Cursor{c.ix, i}) {
				return
			}
		}
	}
}

// Innermost returns the first cursor Enclosing would yield: c or the
// nearest node around it of one of the types (any node for none), up to
// its file. It reports false if there is none, and allocates nothing.
func (c Cursor) Innermost(types ...ast.Node) (Cursor, bool) {
	mask := maskOf(types)
	nodes := c.ix.nodes
	for i := c.i; i >= 0; i = nodes[i].parent {
		if 1<<nodes[i].kind&mask != 0 {
			return Cursor{c.ix, i}, true
		}
	}
	return Cursor{}, false
}

// maskOf returns the set of kinds of the types, or all kinds for none.
func maskOf(types []ast.Node) uint64 {
	if len(types) == 0 {
		return ^uint64(0)
	}
	var mask uint64
	for _, t := range types {
		mask |= 1 << kindOf(t)
	}
	return mask
}

// packEdge packs a field kind (7 bits) and a list index (-1 for a field
// that is not a list) into an entry's edge.
func packEdge(k edge.Kind, idx int) int32 {
	return int32(k) | int32(idx+1)<<7
}

// A builder appends the nodes of the trees it walks to nodes.
type builder struct {
	nodes []entry
}

// walk appends n and its subtree; n is child idx of the field k of the
// node at parent.
func (b *builder) walk(n ast.Node, k edge.Kind, idx int, parent int32) {
	i := int32(len(b.nodes))
	kind := kindOf(n)
	b.nodes = append(b.nodes, entry{node: n, parent: parent, edge: packEdge(k, idx), kind: kind})
	b.children(n, i)
	e := &b.nodes[i]
	e.end = int32(len(b.nodes))
	e.types |= 1 << kind
	if parent >= 0 {
		b.nodes[parent].types |= e.types
	}
}

// one walks the child x of the node at parent, in its field k, if x is
// not nil.
func one[N interface {
	comparable
	ast.Node
}](b *builder, x N, k edge.Kind, parent int32) {
	var none N
	if x != none {
		b.walk(x, k, -1, parent)
	}
}

// list walks the children xs of the node at parent, in its field k.
func list[N ast.Node](b *builder, xs []N, k edge.Kind, parent int32) {
	for idx, x := range xs {
		b.walk(x, k, idx, parent)
	}
}

// children walks the children of n, the node at i, in the order of
// ast.Walk.
func (b *builder) children(n ast.Node, i int32) {
	switch n := n.(type) {
	case *ast.CommentGroup:
		list(b, n.List, edge.CommentGroup_List, i)
	case *ast.Field:
		one(b, n.Doc, edge.Field_Doc, i)
		list(b, n.Names, edge.Field_Names, i)
		one(b, n.Type, edge.Field_Type, i)
		one(b, n.Tag, edge.Field_Tag, i)
		one(b, n.Comment, edge.Field_Comment, i)
	case *ast.FieldList:
		list(b, n.List, edge.FieldList_List, i)
	case *ast.Ellipsis:
		one(b, n.Elt, edge.Ellipsis_Elt, i)
	case *ast.FuncLit:
		one(b, n.Type, edge.FuncLit_Type, i)
		one(b, n.Body, edge.FuncLit_Body, i)
	case *ast.CompositeLit:
		one(b, n.Type, edge.CompositeLit_Type, i)
		list(b, n.Elts, edge.CompositeLit_Elts, i)
	case *ast.ParenExpr:
		one(b, n.X, edge.ParenExpr_X, i)
	case *ast.SelectorExpr:
		one(b, n.X, edge.SelectorExpr_X, i)
		one(b, n.Sel, edge.SelectorExpr_Sel, i)
	case *ast.IndexExpr:
		one(b, n.X, edge.IndexExpr_X, i)
		one(b, n.Index, edge.IndexExpr_Index, i)
	case *ast.IndexListExpr:
		one(b, n.X, edge.IndexListExpr_X, i)
		list(b, n.Indices, edge.IndexListExpr_Indices, i)
	case *ast.SliceExpr:
		one(b, n.X, edge.SliceExpr_X, i)
		one(b, n.Low, edge.SliceExpr_Low, i)
		one(b, n.High, edge.SliceExpr_High, i)
		one(b, n.Max, edge.SliceExpr_Max, i)
	case *ast.TypeAssertExpr:
		one(b, n.X, edge.TypeAssertExpr_X, i)
		one(b, n.Type, edge.TypeAssertExpr_Type, i)
	case *ast.CallExpr:
		one(b, n.Fun, edge.CallExpr_Fun, i)
		list(b, n.Args, edge.CallExpr_Args, i)
	case *ast.StarExpr:
		one(b, n.X, edge.StarExpr_X, i)
	case *ast.UnaryExpr:
		one(b, n.X, edge.UnaryExpr_X, i)
	case *ast.BinaryExpr:
		one(b, n.X, edge.BinaryExpr_X, i)
		one(b, n.Y, edge.BinaryExpr_Y, i)
	case *ast.KeyValueExpr:
		one(b, n.Key, edge.KeyValueExpr_Key, i)
		one(b, n.Value, edge.KeyValueExpr_Value, i)
	case *ast.ArrayType:
		one(b, n.Len, edge.ArrayType_Len, i)
		one(b, n.Elt, edge.ArrayType_Elt, i)
	case *ast.StructType:
		one(b, n.Fields, edge.StructType_Fields, i)
	case *ast.FuncType:
		one(b, n.TypeParams, edge.FuncType_TypeParams, i)
		one(b, n.Params, edge.FuncType_Params, i)
		one(b, n.Results, edge.FuncType_Results, i)
	case *ast.InterfaceType:
		one(b, n.Methods, edge.InterfaceType_Methods, i)
	case *ast.MapType:
		one(b, n.Key, edge.MapType_Key, i)
		one(b, n.Value, edge.MapType_Value, i)
	case *ast.ChanType:
		one(b, n.Value, edge.ChanType_Value, i)
	case *ast.DeclStmt:
		one(b, n.Decl, edge.DeclStmt_Decl, i)
	case *ast.LabeledStmt:
		one(b, n.Label, edge.LabeledStmt_Label, i)
		one(b, n.Stmt, edge.LabeledStmt_Stmt, i)
	case *ast.ExprStmt:
		one(b, n.X, edge.ExprStmt_X, i)
	case *ast.SendStmt:
		one(b, n.Chan, edge.SendStmt_Chan, i)
		one(b, n.Value, edge.SendStmt_Value, i)
	case *ast.IncDecStmt:
		one(b, n.X, edge.IncDecStmt_X, i)
	case *ast.AssignStmt:
		list(b, n.Lhs, edge.AssignStmt_Lhs, i)
		list(b, n.Rhs, edge.AssignStmt_Rhs, i)
	case *ast.GoStmt:
		one(b, n.Call, edge.GoStmt_Call, i)
	case *ast.DeferStmt:
		one(b, n.Call, edge.DeferStmt_Call, i)
	case *ast.ReturnStmt:
		list(b, n.Results, edge.ReturnStmt_Results, i)
	case *ast.BranchStmt:
		one(b, n.Label, edge.BranchStmt_Label, i)
	case *ast.BlockStmt:
		list(b, n.List, edge.BlockStmt_List, i)
	case *ast.IfStmt:
		one(b, n.Init, edge.IfStmt_Init, i)
		one(b, n.Cond, edge.IfStmt_Cond, i)
		one(b, n.Body, edge.IfStmt_Body, i)
		one(b, n.Else, edge.IfStmt_Else, i)
	case *ast.CaseClause:
		list(b, n.List, edge.CaseClause_List, i)
		list(b, n.Body, edge.CaseClause_Body, i)
	case *ast.SwitchStmt:
		one(b, n.Init, edge.SwitchStmt_Init, i)
		one(b, n.Tag, edge.SwitchStmt_Tag, i)
		one(b, n.Body, edge.SwitchStmt_Body, i)
	case *ast.TypeSwitchStmt:
		one(b, n.Init, edge.TypeSwitchStmt_Init, i)
		one(b, n.Assign, edge.TypeSwitchStmt_Assign, i)
		one(b, n.Body, edge.TypeSwitchStmt_Body, i)
	case *ast.CommClause:
		one(b, n.Comm, edge.CommClause_Comm, i)
		list(b, n.Body, edge.CommClause_Body, i)
	case *ast.SelectStmt:
		one(b, n.Body, edge.SelectStmt_Body, i)
	case *ast.ForStmt:
		one(b, n.Init, edge.ForStmt_Init, i)
		one(b, n.Cond, edge.ForStmt_Cond, i)
		one(b, n.Post, edge.ForStmt_Post, i)
		one(b, n.Body, edge.ForStmt_Body, i)
	case *ast.RangeStmt:
		one(b, n.Key, edge.RangeStmt_Key, i)
		one(b, n.Value, edge.RangeStmt_Value, i)
		one(b, n.X, edge.RangeStmt_X, i)
		one(b, n.Body, edge.RangeStmt_Body, i)
	case *ast.ImportSpec:
		one(b, n.Doc, edge.ImportSpec_Doc, i)
		one(b, n.Name, edge.ImportSpec_Name, i)
		one(b, n.Path, edge.ImportSpec_Path, i)
		one(b, n.Comment, edge.ImportSpec_Comment, i)
	case *ast.ValueSpec:
		one(b, n.Doc, edge.ValueSpec_Doc, i)
		list(b, n.Names, edge.ValueSpec_Names, i)
		one(b, n.Type, edge.ValueSpec_Type, i)
		list(b, n.Values, edge.ValueSpec_Values, i)
		one(b, n.Comment, edge.ValueSpec_Comment, i)
	case *ast.TypeSpec:
		one(b, n.Doc, edge.TypeSpec_Doc, i)
		one(b, n.Name, edge.TypeSpec_Name, i)
		one(b, n.TypeParams, edge.TypeSpec_TypeParams, i)
		one(b, n.Type, edge.TypeSpec_Type, i)
		one(b, n.Comment, edge.TypeSpec_Comment, i)
	case *ast.GenDecl:
		one(b, n.Doc, edge.GenDecl_Doc, i)
		list(b, n.Specs, edge.GenDecl_Specs, i)
	case *ast.FuncDecl:
		one(b, n.Doc, edge.FuncDecl_Doc, i)
		one(b, n.Recv, edge.FuncDecl_Recv, i)
		one(b, n.Name, edge.FuncDecl_Name, i)
		one(b, n.Type, edge.FuncDecl_Type, i)
		one(b, n.Body, edge.FuncDecl_Body, i)
	case *ast.File:
		one(b, n.Doc, edge.File_Doc, i)
		one(b, n.Name, edge.File_Name, i)
		list(b, n.Decls, edge.File_Decls, i)
	}
}

// kindOf returns the kind of n's type: a number below 64.
func kindOf(n ast.Node) uint8 {
	switch n.(type) {
	case *ast.ArrayType:
		return 0
	case *ast.AssignStmt:
		return 1
	case *ast.BadDecl:
		return 2
	case *ast.BadExpr:
		return 3
	case *ast.BadStmt:
		return 4
	case *ast.BasicLit:
		return 5
	case *ast.BinaryExpr:
		return 6
	case *ast.BlockStmt:
		return 7
	case *ast.BranchStmt:
		return 8
	case *ast.CallExpr:
		return 9
	case *ast.CaseClause:
		return 10
	case *ast.ChanType:
		return 11
	case *ast.CommClause:
		return 12
	case *ast.Comment:
		return 13
	case *ast.CommentGroup:
		return 14
	case *ast.CompositeLit:
		return 15
	case *ast.DeclStmt:
		return 16
	case *ast.DeferStmt:
		return 17
	case *ast.Ellipsis:
		return 18
	case *ast.EmptyStmt:
		return 19
	case *ast.ExprStmt:
		return 20
	case *ast.Field:
		return 21
	case *ast.FieldList:
		return 22
	case *ast.File:
		return 23
	case *ast.ForStmt:
		return 24
	case *ast.FuncDecl:
		return 25
	case *ast.FuncLit:
		return 26
	case *ast.FuncType:
		return 27
	case *ast.GenDecl:
		return 28
	case *ast.GoStmt:
		return 29
	case *ast.Ident:
		return 30
	case *ast.IfStmt:
		return 31
	case *ast.ImportSpec:
		return 32
	case *ast.IncDecStmt:
		return 33
	case *ast.IndexExpr:
		return 34
	case *ast.IndexListExpr:
		return 35
	case *ast.InterfaceType:
		return 36
	case *ast.KeyValueExpr:
		return 37
	case *ast.LabeledStmt:
		return 38
	case *ast.MapType:
		return 39
	case *ast.ParenExpr:
		return 40
	case *ast.RangeStmt:
		return 41
	case *ast.ReturnStmt:
		return 42
	case *ast.SelectStmt:
		return 43
	case *ast.SelectorExpr:
		return 44
	case *ast.SendStmt:
		return 45
	case *ast.SliceExpr:
		return 46
	case *ast.StarExpr:
		return 47
	case *ast.StructType:
		return 48
	case *ast.SwitchStmt:
		return 49
	case *ast.TypeAssertExpr:
		return 50
	case *ast.TypeSpec:
		return 51
	case *ast.TypeSwitchStmt:
		return 52
	case *ast.UnaryExpr:
		return 53
	case *ast.ValueSpec:
		return 54
	}
	return 63 // *ast.Package, or a type ast does not define
}
