package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
)

// modulePath is the path of leakvet's module.
const modulePath = "github.com/leakvet/leakvet"

// version returns the version of leakvet's module this binary was built
// from, as the build info records it: a release tag (v0.2.0), a
// pseudo-version for a commit, "(devel)" when the build had no version
// control information (go build -buildvcs=false, a copy without .git).
// A version ending in "+dirty" was built from a tree with changes that
// are not committed. devel reports whether the version does not name
// the binary's contents: "(devel)" or "+dirty".
func version() (v string, devel bool) {
	v = "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		v = bi.Main.Version
		if bi.Main.Path != modulePath {
			// Built into another module's binary: leakvet's version is
			// that of its dependency.
			for _, dep := range bi.Deps {
				if dep.Path == modulePath {
					v = dep.Version
					if dep.Replace != nil {
						v = "(devel)"
					}
				}
			}
		}
	}
	return v, v == "(devel)" || strings.HasSuffix(v, "+dirty")
}

// printVersion prints the version line for -V, -version and --version:
//
//	leakvet version v0.2.0
//
// With full (-V=full), it prints the line by which the go command
// identifies a vet tool in its cache keys (cmd/go's toolID): for a
// release, "leakvet version v0.2.0 go1.26.8", used whole; for a build
// whose version does not name its contents, "leakvet version devel
// <version> <go version> buildID=<hash of the executable>", of which the
// go command uses the build ID, so that go vet reruns the tool after
// each rebuild instead of replaying stale results.
func printVersion(w io.Writer, full bool) error {
	v, devel := version()
	if !full {
		_, err := fmt.Fprintf(w, "%s version %s\n", progname, v)
		return err
	}
	if !devel {
		_, err := fmt.Fprintf(w, "%s version %s %s\n", progname, v, runtime.Version())
		return err
	}
	id, err := executableHash()
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s version devel %s %s buildID=%x\n", progname, v, runtime.Version(), id)
	return err
}

// executableHash returns the SHA-256 of this executable.
func executableHash() ([]byte, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	f, err := os.Open(exe)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}

// versionRequest reports whether flags ask for the version (-V,
// -V=full, -version, --version; the first such flag decides) and
// whether in full. A -V value other than a boolean or "full" is a usage
// error.
func versionRequest(flags []string) (asked, full bool, err error) {
	for _, a := range flags {
		if a == "--" {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if !strings.HasPrefix(a, "-") || (name != "V" && name != "version") {
			continue
		}
		switch {
		case !hasValue, value == "true", value == "1":
			return true, false, nil
		case value == "full" && name == "V":
			return true, true, nil
		case value == "false", value == "0":
			continue
		}
		return false, false, fmt.Errorf("invalid value %q for flag -%s: want -%s or -V=full", value, name, name)
	}
	return false, false, nil
}
