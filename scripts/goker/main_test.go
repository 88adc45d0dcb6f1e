package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testReadme = `# GoKer

## Cockroach/1055

| Bug ID |  Ref | Patch | Type | Sub-type |
| ---- | ---- | ---- | ---- | ---- |
|[cockroach#1055]|[pull request]|[patch]| Mixed | Channel & WaitGroup |

## Moby/4951

| Bug ID |  Ref | Patch | Type | Sub-type |
| ---- | ---- | ---- | ---- | ---- |
|[moby#4951]|[pull request]|[patch]| Resource | AB-BA deadlock |

## Grpc/795

| Bug ID |  Ref | Patch | Type | Sub-type |
| ---- | ---- | ---- | ---- | ---- |
|[grpc#795]|[pull request]|[patch]| Resource | Double Locking |
`

// setup writes the kernels' README, their files and leakvet's JSON
// output, and returns the kernel directory and the output's path.
func setup(t *testing.T) (dir, out string) {
	dir = t.TempDir()
	os.WriteFile(filepath.Join(dir, "README.md"), []byte(testReadme), 0o666)
	for _, f := range []string{"cockroach1055.go", "moby4951.go", "grpc795.go", "main.go"} {
		os.WriteFile(filepath.Join(dir, f), []byte("package main\n"), 0o666)
	}
	out = filepath.Join(dir, "out.json")
	json := `{"example.com/goker": {
		"lockleak": [
			{"posn": "` + dir + `/grpc795.go:26:3", "message": "s.mu is locked again"},
			{"posn": "` + dir + `/grpc795.go:27:3", "message": "s.mu is still locked"}
		],
		"fieldleak": [
			{"posn": "` + dir + `/cockroach1055.go:48:2", "message": "s.drain.Wait blocks forever"}
		]
	}}`
	os.WriteFile(out, []byte(json), 0o666)
	return dir, out
}

const header = "file\tbug\ttype\tcheck\tline\tverdict\treason\n"

// run compares the setup's findings with the verdicts and returns the
// report and whether it passed.
func run(t *testing.T, verdicts string, strict bool) (string, bool) {
	dir, out := setup(t)
	vfile := filepath.Join(dir, "v.tsv")
	os.WriteFile(vfile, []byte(header+verdicts), 0o666)
	bugs, err := readReadme(filepath.Join(dir, "README.md"), dir)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := readVerdicts(vfile)
	if err != nil {
		t.Fatal(err)
	}
	fs, problems := readFindings(out, dir)
	f, err := os.CreateTemp(dir, "report")
	if err != nil {
		t.Fatal(err)
	}
	ok := report(f, bugs, vs, fs, problems, strict)
	f.Close()
	data, _ := os.ReadFile(f.Name())
	return string(data), ok
}

func TestRecallAndPrecision(t *testing.T) {
	verdicts := "grpc795.go\tgrpc#795\tResource/double locking\tlockleak\t26\tbug\tthe double lock\n" +
		"grpc795.go\tgrpc#795\tResource/double locking\tlockleak\t27\tfalse\tnever returns\n" +
		"cockroach1055.go\tcockroach#1055\tMixed/channel & WaitGroup\tfieldleak\t48\treal\tanother leak\n"
	got, ok := run(t, verdicts, true)
	if !ok {
		t.Errorf("report failed:\n%s", got)
	}
	for _, want := range []string{
		"recall: 1/3 (33%)",
		"Resource/double locking                      1/1 (100%)",
		"Resource/AB-BA                               0/1 (0%)",
		"Mixed/channel & WaitGroup                    0/1 (0%)",
		"precision: 2/3 (67%)",
		"  moby4951.go          Resource/AB-BA",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
}

func TestFailures(t *testing.T) {
	for _, tc := range []struct {
		name, verdicts string
		strict         bool
		want           string
	}{
		{"new finding, not strict", "", false, ""},
		{"new finding, strict", "", true, "FAIL"},
		{"lost bug", "moby4951.go\tmoby#4951\tResource/AB-BA\tlockleak\t10\tbug\tgone\n", false, "LOST bug moby4951.go:10"},
		{"fixed comes back", "grpc795.go\tgrpc#795\tResource/double locking\tlockleak\t27\tfixed\twas false\n", false, "BACK"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := run(t, tc.verdicts, tc.strict)
			if ok != (tc.want == "") {
				t.Errorf("ok = %v, want %v:\n%s", ok, tc.want == "", got)
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("report lacks %q:\n%s", tc.want, got)
			}
		})
	}
}

func TestNormalise(t *testing.T) {
	for in, want := range map[string]string{
		" Double Locking ":    "double locking",
		"AB-BA leak":          "AB-BA",
		"AB-BA Deadlock":      "AB-BA",
		"RWR deadlock":        "RWR",
		"Channel & WaitGroup": "channel & WaitGroup",
		"Misuse WaitGroup":    "misuse WaitGroup",
	} {
		if got := normalise(in); got != want {
			t.Errorf("normalise(%q) = %q, want %q", in, got, want)
		}
	}
}
