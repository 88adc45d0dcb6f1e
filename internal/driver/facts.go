package driver

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"go/token"
	"go/types"
	"io"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// A factStore holds the facts of every package analysed so far. A
// package is analysed after the packages it imports, so their facts are
// complete when it reads them.
type factStore struct {
	mu       sync.RWMutex
	objects  map[objectKey]analysis.Fact
	byPkg    map[*types.Package][]objectKey // the keys of objects, by the object's package
	packages map[packageKey]analysis.Fact
	recode   bool      // -debug=s: pass each fact through gob on import
	log      io.Writer // -debug=f: log each exported fact
}

type objectKey struct {
	obj types.Object
	typ reflect.Type
}

type packageKey struct {
	pkg *types.Package
	typ reflect.Type
}

func (s *factStore) importObject(obj types.Object, ptr analysis.Fact) bool {
	if obj == nil {
		panic("ImportObjectFact: nil object")
	}
	s.mu.RLock()
	fact, ok := s.objects[objectKey{obj, reflect.TypeOf(ptr)}]
	s.mu.RUnlock()
	return ok && s.copy(ptr, fact)
}

func (s *factStore) importPackage(pkg *types.Package, ptr analysis.Fact) bool {
	if pkg == nil {
		panic("ImportPackageFact: nil package")
	}
	s.mu.RLock()
	fact, ok := s.packages[packageKey{pkg, reflect.TypeOf(ptr)}]
	s.mu.RUnlock()
	return ok && s.copy(ptr, fact)
}

// copy sets *ptr to the value of fact; with recode, to the value of
// fact once encoded and decoded, as a driver that keeps facts on disk
// would.
func (s *factStore) copy(ptr, fact analysis.Fact) bool {
	if s.recode {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(fact); err != nil {
			panic(fmt.Sprintf("encoding %T fact: %v", fact, err))
		}
		fresh := reflect.New(reflect.TypeOf(fact).Elem()).Interface().(analysis.Fact)
		if err := gob.NewDecoder(&buf).Decode(fresh); err != nil {
			panic(fmt.Sprintf("decoding %T fact: %v", fact, err))
		}
		fact = fresh
	}
	reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(fact).Elem())
	return true
}

func (s *factStore) exportObject(fset *token.FileSet, obj types.Object, fact analysis.Fact) {
	k := objectKey{obj, reflect.TypeOf(fact)}
	s.mu.Lock()
	if _, ok := s.objects[k]; !ok {
		if s.byPkg == nil {
			s.byPkg = make(map[*types.Package][]objectKey)
		}
		s.byPkg[obj.Pkg()] = append(s.byPkg[obj.Pkg()], k)
	}
	s.objects[k] = fact
	s.mu.Unlock()
	if s.log != nil {
		fmt.Fprintf(s.log, "%s: object %s has fact %s\n",
			fset.Position(obj.Pos()), types.ObjectString(obj, (*types.Package).Name), fact)
	}
}

func (s *factStore) exportPackage(pkg *types.Package, fact analysis.Fact) {
	s.mu.Lock()
	s.packages[packageKey{pkg, reflect.TypeOf(fact)}] = fact
	s.mu.Unlock()
	if s.log != nil {
		fmt.Fprintf(s.log, "package %s has fact %s\n", pkg.Path(), fact)
	}
}

// allObjects returns the object facts of a's types that belong to the
// packages of pkgs.
func (s *factStore) allObjects(a *analysis.Analyzer, pkgs []*types.Package) []analysis.ObjectFact {
	types := factTypes(a)
	s.mu.RLock()
	defer s.mu.RUnlock()
	var facts []analysis.ObjectFact
	for _, pkg := range pkgs {
		for _, k := range s.byPkg[pkg] {
			if types[k.typ] {
				facts = append(facts, analysis.ObjectFact{Object: k.obj, Fact: s.objects[k]})
			}
		}
	}
	return facts
}

// allPackages returns the package facts of a's types that belong to
// the packages of pkgs.
func (s *factStore) allPackages(a *analysis.Analyzer, pkgs []*types.Package) []analysis.PackageFact {
	types := factTypes(a)
	s.mu.RLock()
	defer s.mu.RUnlock()
	var facts []analysis.PackageFact
	for _, pkg := range pkgs {
		for typ := range types {
			if fact, ok := s.packages[packageKey{pkg, typ}]; ok {
				facts = append(facts, analysis.PackageFact{Package: pkg, Fact: fact})
			}
		}
	}
	return facts
}

func factTypes(a *analysis.Analyzer) map[reflect.Type]bool {
	set := make(map[reflect.Type]bool, len(a.FactTypes))
	for _, f := range a.FactTypes {
		set[reflect.TypeOf(f)] = true
	}
	return set
}
