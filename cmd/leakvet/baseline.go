package main

import (
	"errors"
	"fmt"
	"io/fs"
	"log"
	"path/filepath"

	"github.com/leakvet/leakvet/internal/driver"
	"github.com/leakvet/leakvet/internal/driver/baseline"
)

// applyBaseline serves -baseline and -update-baseline for the findings
// found. If the file is to be written (it does not exist, or
// -update-baseline), it records found in it and reports done; it does
// not write when the run had errors, whose packages would be missing
// from the record. Otherwise it returns the findings that the file does
// not record.
func applyBaseline(d *driverFlags, found []*driver.Finding, errs int) (fresh []*driver.Finding, done bool, err error) {
	path, err := filepath.Abs(d.baseline)
	if err != nil {
		return nil, false, err
	}
	dir := filepath.Dir(path)
	keys := make([]baseline.Key, len(found))
	for i, f := range found {
		file := f.Position().Filename
		if rel, err := filepath.Rel(dir, file); err == nil {
			file = rel
		}
		keys[i] = baseline.Key{Check: f.Check.Name, File: filepath.ToSlash(file), Func: f.Func, Message: f.Diag.Message}
	}

	known, err := baseline.Read(d.baseline)
	if d.updateBaseline || errors.Is(err, fs.ErrNotExist) {
		if errs > 0 {
			return nil, false, fmt.Errorf("baseline %s not written: the run had errors, and the findings of what failed would be missing", d.baseline)
		}
		if err := baseline.Write(d.baseline, keys); err != nil {
			return nil, false, err
		}
		log.Printf("recorded %d findings in %s; runs with -baseline=%s report only new ones", len(found), d.baseline, d.baseline)
		return nil, true, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("%v", err)
	}
	for _, i := range baseline.New(known, keys) {
		fresh = append(fresh, found[i])
	}
	return fresh, false, nil
}
