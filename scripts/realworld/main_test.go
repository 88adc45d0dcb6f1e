package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testSrc = `package p

import "time"

type T struct{}

func (*T) Wait(c chan int) {
	go func() {
		c <- 1
	}()
}

func Drain(t *time.Timer) {
	if !t.Stop() {
		<-t.C
	}
}

func Moved() {
	_ = 1
	_ = 2
}
`

// setup writes a module source, leakvet's JSON output for it (with the
// test variant's duplicates) and a verdict file, and returns their paths.
func setup(t *testing.T, verdicts string) (src, out, vfile string) {
	dir := t.TempDir()
	src = filepath.Join(dir, "src")
	os.MkdirAll(src, 0o777)
	os.WriteFile(filepath.Join(src, "p.go"), []byte(testSrc), 0o666)
	out = filepath.Join(dir, "out", "m")
	os.MkdirAll(filepath.Dir(out), 0o777)
	f := filepath.Join(src, "p.go")
	diags := `{"sendleak": [{"posn": "` + f + `:9:3", "message": "send"}],
		"timerleak": [{"posn": "` + f + `:15:3", "message": "drain"}, {"posn": "` + f + `:21:2", "message": "moved"}]}`
	os.WriteFile(out+".json", []byte(`{"m/p": `+diags+`, "m/p [m/p.test]": `+diags+`}`), 0o666)
	os.WriteFile(out+".rc", []byte("0\n"), 0o666)
	os.WriteFile(out+".stderr", nil, 0o666)
	vfile = filepath.Join(dir, "verdicts.tsv")
	os.WriteFile(vfile, []byte(verdicts), 0o666)
	return src, out, vfile
}

const header = "# comment\nmodule\tcheck\tposition\tfunction\tverdict\treason\n"

func TestCompare(t *testing.T) {
	src, out, vfile := setup(t, header+
		"m\tsendleak\tp.go:9\t(*T).Wait\treal\tblocks\n"+
		"m\ttimerleak\tp.go:15\tDrain\tfalse\tdead drain\n"+
		"m\ttimerleak\tp.go:20\tMoved\tfixed\twas wrong\n"+ // reported now at line 21
		"m\twgdone\tp.go:3\t-\tfalse\tgone\n"+
		"m\twgdone\tp.go:4\t-\treal\tlost\n"+
		"other\twgdone\tp.go:4\t-\treal\tanother module\n")
	vs, err := readVerdicts(vfile)
	if err != nil {
		t.Fatal(err)
	}
	fs, problems, fatal := readFindings("m", src, out)
	if len(problems) > 0 || fatal {
		t.Fatalf("problems %q, fatal %v", problems, fatal)
	}
	if len(fs) != 3 {
		t.Fatalf("got %d findings, want 3 (duplicates of the test variant dropped)", len(fs))
	}
	match(fs, vs)
	got := map[string]string{}
	for _, f := range fs {
		v := "NEW"
		if f.verdict != nil {
			v = f.verdict.verdict
		}
		if f.moved {
			v += " moved"
		}
		got[f.check+" "+f.pos()+" "+f.function] = v
	}
	want := map[string]string{
		"sendleak p.go:9 (*T).Wait": "real",
		"timerleak p.go:15 Drain":   "false",
		"timerleak p.go:21 Moved":   "fixed moved",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q (all: %v)", k, got[k], v, got)
		}
	}

	if err := markFixedVerdicts(vfile, vs, map[string]bool{"m": true}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(vfile)
	text := string(data)
	for _, line := range []string{
		"m\twgdone\tp.go:3\t-\tfixed\tgone\n",   // false, no finding: now fixed
		"m\ttimerleak\tp.go:15\tDrain\tfalse\t", // still reported: unchanged
		"m\twgdone\tp.go:4\t-\treal\tlost\n",    // lost, but real: unchanged
		"# comment\n",
	} {
		if !strings.Contains(text, line) {
			t.Errorf("verdict file lacks %q after marking:\n%s", line, text)
		}
	}
}

func TestBadVerdicts(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"m\tsendleak\tp.go:9\tf\treal\n", "5 columns"},
		{"m\tsendleak\tp.go\tf\treal\twhy\n", "not file:line"},
		{"m\tsendleak\tp.go:9\tf\tmaybe\twhy\n", `verdict "maybe"`},
		{"m\tsendleak\tp.go:9\tf\treal\t \n", "needs its reason"},
		{"m\tsendleak\tp.go:9\tf\treal\ta\nm\tsendleak\tp.go:9\tg\tfalse\tb\n", "the same finding as line 3"},
	} {
		_, _, vfile := setup(t, header+tc.body)
		_, err := readVerdicts(vfile)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got error %v, want one containing %q", tc.body, err, tc.want)
		}
	}
}

func TestCrashIsFatal(t *testing.T) {
	src, out, _ := setup(t, header)
	os.WriteFile(out+".stderr", []byte("panic: boom\n"), 0o666)
	if _, _, fatal := readFindings("m", src, out); !fatal {
		t.Error("a panic of leakvet is not fatal")
	}
	src, out, _ = setup(t, header)
	os.WriteFile(out+".json", []byte(`{"m/p": {"sendleak": {"error": "internal error"}}}`), 0o666)
	_, problems, fatal := readFindings("m", src, out)
	if !fatal || len(problems) != 1 || !strings.Contains(problems[0], "internal error") {
		t.Errorf("a failed check: fatal %v, problems %q", fatal, problems)
	}
}

func TestModuleKeys(t *testing.T) {
	args := []string{
		"a", "v2.0.0", "s1", "o1",
		"b", "v1.0.0", "s2", "o2",
		"a", "v1.0.0", "s3", "o3",
	}
	got := strings.Join(moduleKeys(args), " ")
	if want := "a b a@v1.0.0"; got != want {
		t.Errorf("moduleKeys = %q, want %q", got, want)
	}
}
