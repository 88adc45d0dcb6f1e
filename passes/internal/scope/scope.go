// Package scope decides which files of a package the leakvet passes
// need to see, and gives them the syntax index (astindex) of those
// files only.
//
// Most files of a real package start no goroutine and touch no
// channel, timer or WaitGroup. Walking every node and every identifier
// of them, in each pass, for channel variables would cost more than
// every check of the suite together. Analyzer keeps two kinds of file:
//
//   - concurrency-relevant files (Result.Files, Result.Index), which
//     the channel-flow model (chanflow) and the WaitGroup calls (wgflow)
//     are built from, and through them sendleak, rangeleak, waitclose
//     and wgdone;
//   - timer-relevant files (Result.TimerFiles), which timerleak checks.
//
// # Concurrency-relevant files
//
// A file is concurrency-relevant if it contains any of:
//
//   - a go statement, a select statement, a send statement, a receive
//     (<-x) or a channel type expression (chan T, anywhere: in a make
//     call, a conversion, a signature, a type declaration);
//   - a call of the builtin close;
//   - a range statement over a value that may be a channel (its type's
//     underlying type is a channel, or it is a type parameter with a
//     channel in its type set);
//   - the definition of a variable that may be a channel (same test):
//     a parameter, result or receiver of a function, a var declaration,
//     a short variable declaration or a range variable, whatever its
//     type is called (a channel type named in another file, an alias, a
//     type parameter);
//   - a call of a method named Go or of any method or function whose
//     name starts with Wait (sync.WaitGroup.Go and Wait,
//     errgroup.Group.Go and Wait, but also sync.Cond.Wait,
//     exec.Cmd.Wait, WaitFor...), or a call of sync.WaitGroup's Add or
//     Done.
//
// Why leaving out the other files changes no verdict. Every check
// starts from something the model finds in a kept file: a local channel
// variable (chanflow.Chan: sendleak, rangeleak, waitclose), a goroutine
// with a Done call (wgdone), a go statement. A local channel variable
// is defined in the function that declares it, and all its uses are in
// that function, so in the same file: the defining file is kept, and
// the variable's every operation is in the model exactly as before. The
// go statements, the WaitGroup and errgroup calls, and the functions
// that contain them are all in kept files.
//
// What a check can see of a skipped file is a function it calls. The
// model then has no body for that function (chanflow.Result.CalleeFunc
// and DeclOf return nil), as for a function of another package with no
// fact. Each place that looks at a callee's body was checked:
//
//   - sendleak, rangeleak, waitclose and chanfacts follow a channel
//     passed as an argument into the callee's channel parameter
//     (chanflow.Result.ParamChan). A callee with such a parameter
//     defines a channel variable, so its file is kept. A callee without
//     one answers "escapes" or "unknown" in both cases, and the
//     chanfacts and sendleak facts of the package, exported only for
//     functions with channel parameters, are the same.
//   - wgdone checks a function started by "go f(...)" only for the
//     Done calls directly in it: such a function's file is kept.
//   - waitclose asks whether a call may wait for other goroutines and
//     looks one level into a callee of the package for a receive, a
//     select, a range over a channel or a call named Wait...; a callee
//     body it cannot see answers "does not wait", which would make
//     waitclose louder. Every one of those makes the callee's file
//     relevant, so the body is seen whenever it matters.
//
// Everything else the passes read comes from the whole package and is
// not filtered: ctrlflow's graphs and its knowledge of calls that never
// return, pass.Files (directives, versions, single assignments), type
// information and imported facts.
//
// # Timer-relevant files
//
// A file is timer-relevant if it receives from a field named C (<-t.C),
// if it imports "time" and refers to time.NewTimer, NewTicker,
// AfterFunc, After or Tick, or if it belongs to the package time (or
// time_test). timerleak checks each function on its own, and each of
// its checks starts at one of these:
//
//   - the version-independent drain check at a receive <-t.C right
//     after t.Stop(), with t a *time.Timer or *time.Ticker that may
//     come from another package's API: the first rule, whatever the
//     file imports;
//   - the pre-Go 1.23 checks at a timer made by time.NewTimer,
//     NewTicker or AfterFunc, at time.Tick, or at time.After in a
//     select: calls a file can only name by importing time (timerleak
//     recognises them by their *types.Func, not through function
//     values), or from inside the package time, whose files are all
//     kept.
//
// A file that only uses time.Duration, time.Now or time.Sleep, say, has
// none of these and no finding.
//
// Each file is indexed (astindex.Builder) and the scan reads its
// index: the kinds of node each declaration's subtree holds (a go,
// select or send statement, a channel type) answer for most
// declarations at once, and only the few kinds of node above are
// visited, looking up type information. A file that no pass needs is
// dropped from the array at once, its room reused by the next file, so
// the array holds the relevant files only. Result.Index's root has the
// concurrency-relevant files as children; TimerFiles are cursors into
// the same array, so no file is recorded twice. The same scan records the top-level declarations that define a
// variable that may be a channel (Result.MayDefineChan): chanflow looks
// for the uses of channel variables in those only.
package scope

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/leakvet/leakvet/passes/internal/astindex"
	"golang.org/x/tools/go/analysis"
)

// Analyzer computes the *Result of a package. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "scope",
	Doc:        "select the files that the leakvet passes need to see",
	URL:        "https://pkg.go.dev/github.com/leakvet/leakvet/passes/internal/scope",
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
}

// Result lists the files of a package that the passes look at.
type Result struct {
	// Index covers exactly Files: its root's children are their
	// cursors. It is the index of chanflow and wgflow. (Its array also
	// holds the timer files; every other file was indexed for the scan
	// and dropped again.)
	Index *astindex.Index
	// Files are the concurrency-relevant files, in the order of
	// pass.Files.
	Files []*ast.File
	// TimerFiles are the cursors of the timer-relevant files, in the
	// order of pass.Files, in the array of Index (also those not in
	// Files).
	TimerFiles []astindex.Cursor

	kept    []astindex.Cursor // the cursors of the files in the array (Files and the timer files)
	dropped []*ast.File       // the files scanned and dropped from the array

	chanDecls map[ast.Decl]bool // see MayDefineChan

	// LockDecls are the top-level declarations, of any file, that
	// contain a call of a method named Lock, RLock, Unlock, RUnlock,
	// TryLock, TryRLock, Signal or Broadcast, in source order: the only
	// ones the lock-set model (lockset) and lockleak walk.
	LockDecls []ast.Decl
}

// Release gives the memory of the result's indexes back for the next
// package (see astindex.Index.Release). The standalone driver calls it
// once every analyzer is done with the package; the result must not be
// used afterwards.
func (r *Result) Release() {
	r.Index.Release()
}

// MayDefineChan reports whether the top-level declaration d, of one
// of Files, may define a local channel variable. Every use of a local
// variable is in the top-level declaration that defines it, so a
// declaration for which it reports false has no channel variable to
// model: chanflow does not walk its identifiers.
func (r *Result) MayDefineChan(d ast.Decl) bool {
	return keepAll.Load() || r.chanDecls[d]
}

// EachNode calls fn for each node of every file of the package (not
// only Files) whose type is one of types, with its parent, in the
// order of ast.Inspect within a file: for the rare pass that must see
// every use of something (summary's stop fields, lockleak's calls of a
// helper). The files in the index are read from it; the others are
// walked.
func (r *Result) EachNode(types []ast.Node, fn func(n, parent ast.Node)) {
	for _, cur := range r.kept {
		for c := range cur.Preorder(types...) {
			fn(c.Node(), c.Parent().Node())
		}
	}
	if len(r.dropped) == 0 {
		return
	}
	want := make(map[reflect.Type]bool, len(types))
	for _, t := range types {
		want[reflect.TypeOf(t)] = true
	}
	for _, f := range r.dropped {
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			if want[reflect.TypeOf(n)] {
				var parent ast.Node
				if len(stack) > 0 {
					parent = stack[len(stack)-1]
				}
				fn(n, parent)
			}
			stack = append(stack, n)
			return true
		})
	}
}

// keepAll, set by tests, keeps every file in both lists, and every
// declaration for MayDefineChan.
var keepAll atomic.Bool

func run(pass *analysis.Pass) (any, error) {
	s := &scanner{
		info:      pass.TypesInfo,
		timePkg:   pass.Pkg.Path() == "time" || pass.Pkg.Path() == "time_test",
		chanDecls: make(map[ast.Decl]bool),
	}
	// Each file is indexed, scanned through its index, and kept in the
	// array only if a pass needs it: the array holds the relevant files
	// alone, and an irrelevant file's room is reused by the next.
	bd := astindex.NewBuilder(pass.Files)
	res := &Result{chanDecls: s.chanDecls}
	for _, f := range pass.Files {
		cur := bd.Add(f)
		c, t := s.file(cur)
		if keepAll.Load() {
			c, t = true, true
		}
		switch {
		case c:
			res.Files = append(res.Files, f)
			bd.Root(cur)
		case !t:
			bd.Drop(cur)
			res.dropped = append(res.dropped, f)
			continue
		}
		res.kept = append(res.kept, cur)
		if t {
			res.TimerFiles = append(res.TimerFiles, cur)
		}
	}
	res.Index = bd.Finish()
	res.LockDecls = s.lockDecls
	return res, nil
}

// scanner finds out what the files of a package contain.
type scanner struct {
	info      *types.Info
	timePkg   bool // the package time or time_test
	chanDecls map[ast.Decl]bool
	lockDecls []ast.Decl
}

// The kinds of node that make a declaration concurrency-relevant by
// themselves, and those the scan looks at.
var (
	concNodes = []ast.Node{(*ast.GoStmt)(nil), (*ast.SelectStmt)(nil), (*ast.SendStmt)(nil), (*ast.ChanType)(nil)}
	scanNodes = []ast.Node{(*ast.UnaryExpr)(nil), (*ast.CallExpr)(nil), (*ast.RangeStmt)(nil), (*ast.AssignStmt)(nil),
		(*ast.ValueSpec)(nil), (*ast.FuncDecl)(nil), (*ast.FuncType)(nil)}
	timeSel   = append(scanNodes[:len(scanNodes):len(scanNodes)], (*ast.SelectorExpr)(nil))
	timeIdent = append(scanNodes[:len(scanNodes):len(scanNodes)], (*ast.Ident)(nil))
)

// file reports whether the file at cur is concurrency-relevant and
// whether it is timer-relevant, and records its declarations that may
// define a channel variable and those that call a Lock method.
func (s *scanner) file(cur astindex.Cursor) (conc, timer bool) {
	f := cur.Node().(*ast.File)
	timer = s.timePkg
	nodes := scanNodes
	switch importsTime(f) { // whether to look for time.NewTimer and the like
	case timeImported:
		nodes = timeSel
	case timeDotImported:
		nodes = timeIdent
	}
	for d := range cur.Children() {
		decl, ok := d.Node().(ast.Decl)
		if !ok {
			continue // the package comment or name
		}
		chans := false // whether decl defines a channel variable
		locks := false // whether decl calls a Lock method
		defines := func(e ast.Expr) {
			if !chans && s.defines(e) {
				chans = true
				conc = true
			}
		}
		if d.Types(concNodes...) {
			conc = true
		}
		for c := range d.Preorder(nodes...) {
			if conc && timer && chans && locks {
				break // nothing left to learn in this declaration
			}
			switch n := c.Node().(type) {
			case *ast.UnaryExpr:
				if n.Op == token.ARROW {
					conc = true
					if sel, ok := ast.Unparen(n.X).(*ast.SelectorExpr); ok && sel.Sel.Name == "C" {
						timer = true // <-t.C: a drain of a timer from anywhere
					}
				}
			case *ast.SelectorExpr:
				if !timer && s.isTimeFunc(n.Sel) {
					timer = true
				}
			case *ast.Ident:
				if !timer && s.isTimeFunc(n) {
					timer = true
				}
			case *ast.CallExpr:
				conc = conc || s.call(n)
				locks = locks || isLockCall(n)
			case *ast.RangeStmt:
				conc = conc || mayBeChan(s.info.TypeOf(n.X))
				if n.Tok == token.DEFINE {
					defines(n.Key)
					defines(n.Value)
				}
			case *ast.AssignStmt:
				if n.Tok == token.DEFINE {
					for _, l := range n.Lhs {
						defines(l)
					}
				}
			case *ast.ValueSpec:
				for _, id := range n.Names {
					defines(id)
				}
			case *ast.FuncDecl:
				s.definesField(n.Recv, defines) // the parameters are in n.Type
			case *ast.FuncType:
				s.definesParams(n.Params, defines)
				s.definesParams(n.Results, defines)
			}
		}
		if chans {
			s.chanDecls[decl] = true
		}
		if locks {
			s.lockDecls = append(s.lockDecls, decl)
		}
	}
	return conc, timer
}

// isTimeFunc reports whether id refers to one of the functions of the
// package time that timerleak's pre-Go 1.23 checks start from.
func (s *scanner) isTimeFunc(id *ast.Ident) bool {
	switch id.Name {
	case "NewTimer", "NewTicker", "AfterFunc", "After", "Tick":
	default:
		return false
	}
	fn, ok := s.info.Uses[id].(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == "time" && fn.Signature().Recv() == nil
}

// importsTime reports whether f imports the package time.
// How a file imports the package time.
const (
	timeNotImported = iota
	timeImported
	timeDotImported // import . "time"
)

func importsTime(f *ast.File) int {
	how := timeNotImported
	for _, imp := range f.Imports {
		if path, err := strconv.Unquote(imp.Path.Value); err == nil && path == "time" {
			if imp.Name != nil && imp.Name.Name == "." {
				return timeDotImported
			}
			how = timeImported
		}
	}
	return how
}

// call reports whether call is one of the calls that make a file
// concurrency-relevant: close(x), x.Go(...), x.Wait...(...),
// Wait...(...), or wg.Add or wg.Done of a sync.WaitGroup.
func (s *scanner) call(call *ast.CallExpr) bool {
	var name *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		if fun.Name == "close" {
			_, ok := s.info.Uses[fun].(*types.Builtin)
			return ok
		}
		name = fun
	case *ast.SelectorExpr:
		name = fun.Sel
	case *ast.IndexExpr: // a generic function: WaitFor[T](...)
		name = funcName(fun.X)
	case *ast.IndexListExpr:
		name = funcName(fun.X)
	}
	if name == nil {
		return false
	}
	switch {
	case name.Name == "Go", strings.HasPrefix(name.Name, "Wait"):
		return true
	case name.Name == "Add", name.Name == "Done":
		fn, ok := s.info.Uses[name].(*types.Func)
		return ok && isWaitGroupMethod(fn)
	}
	return false
}

// isLockCall reports whether call calls a method named like one of
// the lock methods of sync.Mutex and sync.RWMutex, or Signal or
// Broadcast of sync.Cond. It looks at the syntax only: lockset checks
// the types.
func isLockCall(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	switch sel.Sel.Name {
	case "Lock", "RLock", "Unlock", "RUnlock", "TryLock", "TryRLock", "Signal", "Broadcast":
		return true
	}
	return false
}

// funcName returns the identifier naming the function of x, a plain or
// qualified identifier, or nil.
func funcName(x ast.Expr) *ast.Ident {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		return x
	case *ast.SelectorExpr:
		return x.Sel
	}
	return nil
}

// isWaitGroupMethod reports whether fn is a method of sync.WaitGroup.
func isWaitGroupMethod(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	if recv == nil {
		return false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "WaitGroup"
}

// defines reports whether e is an identifier that defines a variable
// that may be a channel.
func (s *scanner) defines(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := s.info.Defs[id].(*types.Var)
	return ok && mayBeChan(v.Type())
}

// definesParams calls defines for each name of a list of parameters
// or results whose type may be a channel: it skips the types that are
// never channels (pointers, slices, maps, functions, ...) without
// looking up type information.
func (s *scanner) definesParams(fl *ast.FieldList, defines func(ast.Expr)) {
	if fl == nil {
		return
	}
	for _, f := range fl.List {
		switch ast.Unparen(f.Type).(type) {
		case *ast.StarExpr, *ast.ArrayType, *ast.MapType, *ast.FuncType, *ast.StructType, *ast.InterfaceType, *ast.Ellipsis:
			continue // a pointer, array, slice, map, function, struct, interface or variadic parameter
		}
		for _, id := range f.Names {
			defines(id)
		}
	}
}

// definesField calls defines for each name of the field list.
func (s *scanner) definesField(fl *ast.FieldList, defines func(ast.Expr)) {
	if fl == nil {
		return
	}
	for _, f := range fl.List {
		for _, id := range f.Names {
			defines(id)
		}
	}
}

// mayBeChan reports whether a value of type t may be a channel: its
// underlying type is a channel type, or t is a type parameter whose
// type set includes a channel type.
func mayBeChan(t types.Type) bool {
	if t == nil {
		return false
	}
	if tp, ok := types.Unalias(t).(*types.TypeParam); ok {
		return termsMayBeChan(tp.Constraint(), 0)
	}
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// termsMayBeChan reports whether the constraint t has a channel type
// among its terms, directly or through embedded interfaces.
func termsMayBeChan(t types.Type, depth int) bool {
	if depth > 10 {
		return true // a constraint this deep: assume it may
	}
	switch u := t.Underlying().(type) {
	case *types.Chan:
		return true
	case *types.Interface:
		for i := range u.NumEmbeddeds() {
			if termsMayBeChan(u.EmbeddedType(i), depth+1) {
				return true
			}
		}
	case *types.Union:
		for i := range u.Len() {
			if termsMayBeChan(u.Term(i).Type(), depth+1) {
				return true
			}
		}
	}
	return false
}
