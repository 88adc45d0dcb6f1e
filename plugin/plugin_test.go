package plugin_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"github.com/leakvet/leakvet/analyzer"
	"github.com/leakvet/leakvet/plugin"
	"golang.org/x/tools/go/analysis"
)

// settings parses a settings block as golangci-lint hands it over: the
// YAML decoded into generic maps, slices and scalars.
func settings(t *testing.T, js string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(js), &v); err != nil {
		t.Fatalf("bad test settings %s: %v", js, err)
	}
	return v
}

// build runs the plugin as golangci-lint does: look it up by name, make
// it from the settings, then ask for the analyzers.
func build(t *testing.T, s any) ([]*analysis.Analyzer, error) {
	t.Helper()
	newPlugin, err := register.GetPlugin(plugin.Name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(s)
	if err != nil {
		return nil, err
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
	return p.BuildAnalyzers()
}

func names(as []*analysis.Analyzer) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

func TestDefaultSettings(t *testing.T) {
	want := names(analyzer.All())
	for _, s := range []any{nil, map[string]any{}, settings(t, `{"disable": []}`)} {
		got, err := build(t, s)
		if err != nil {
			t.Errorf("settings %v: %v", s, err)
			continue
		}
		if !reflect.DeepEqual(names(got), want) {
			t.Errorf("settings %v: analyzers %q, want the suite %q", s, names(got), want)
		}
		for i, a := range got {
			if a == analyzer.All()[i] {
				t.Errorf("settings %v: %s is the package-level analyzer, want a fresh instance", s, a.Name)
			}
		}
	}
}

func TestBadSettings(t *testing.T) {
	for _, tc := range []struct {
		settings string
		want     string // substring of the error
	}{
		{`{"disabel": ["x"]}`, `unknown field "disabel"`},
		{`{"nosuchcheck": {}}`, `unknown field "nosuchcheck"`},
		{`{"disable": ["nosuchcheck"]}`, `unknown check "nosuchcheck"`},
		{`{"disable": "all"}`, "cannot unmarshal string"},
	} {
		_, err := build(t, settings(t, tc.settings))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("settings %s: error %v, want one containing %q", tc.settings, err, tc.want)
			continue
		}
		if !strings.HasPrefix(err.Error(), "leakvet settings: ") {
			t.Errorf("settings %s: error %q does not say it is about the leakvet settings", tc.settings, err)
		}
	}
}

func TestDisable(t *testing.T) {
	all := names(analyzer.All())
	for _, name := range all {
		got, err := build(t, map[string]any{"disable": []any{name}})
		if err != nil {
			t.Errorf("disable %s: %v", name, err)
			continue
		}
		var want []string
		for _, n := range all {
			if n != name {
				want = append(want, n)
			}
		}
		if !reflect.DeepEqual(names(got), want) {
			t.Errorf("disable %s: analyzers %q, want %q", name, names(got), want)
		}
	}
}

// TestCheckSettings sets every flag of every check through the plugin's
// settings, to a value other than its default, and asserts that the
// built analyzer sees it: the settings key of a check is its name and
// the keys inside are its flag names.
func TestCheckSettings(t *testing.T) {
	cfgType := reflect.TypeFor[analyzer.Config]()
	for _, a := range analyzer.All() {
		field, ok := fieldByJSON(cfgType, a.Name)
		if !ok {
			t.Errorf("analyzer.Config has no field with json key %q for check %s", a.Name, a.Name)
			continue
		}
		a.Flags.VisitAll(func(f *flag.Flag) {
			opt, ok := fieldByJSON(field.Type, f.Name)
			if !ok {
				t.Errorf("%s.Config has no field with json key %q for flag -%s.%s", a.Name, f.Name, a.Name, f.Name)
				return
			}
			value, ok := otherValue(opt.Type, f)
			if !ok {
				t.Errorf("-%s.%s: no test value for a field of type %s; extend otherValue", a.Name, f.Name, opt.Type)
				return
			}
			s := map[string]any{a.Name: map[string]any{f.Name: value}}
			got, err := build(t, s)
			if err != nil {
				t.Errorf("settings %v: %v", s, err)
				return
			}
			for _, b := range got {
				if b.Name != a.Name {
					continue
				}
				if v := b.Flags.Lookup(f.Name).Value.String(); v == f.DefValue {
					t.Errorf("settings %v: -%s.%s is still %q, want the configured value", s, a.Name, f.Name, v)
				}
			}
		})
	}
}

// fieldByJSON returns the field of struct type t whose json key is key.
func fieldByJSON(t reflect.Type, key string) (reflect.StructField, bool) {
	if t.Kind() != reflect.Struct {
		return reflect.StructField{}, false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name == key {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// otherValue returns a settings value for a field of type t that differs
// from the flag's default.
func otherValue(t reflect.Type, f *flag.Flag) (any, bool) {
	switch t.Kind() {
	case reflect.Bool:
		return f.DefValue != "true", true
	case reflect.String:
		return f.DefValue + "x", true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return 99, true // also a time.Duration of 99ns, never a default
	case reflect.Float32, reflect.Float64:
		return 0.99, true
	case reflect.Slice:
		if t.Elem().Kind() == reflect.String {
			return []any{"leakvet-test"}, true
		}
	}
	return nil, false
}

// TestExampleConfig asserts that .golangci.example.yml lists every check
// of the suite with each of its settings at its default, and nothing
// else. It reads the settings block with a small line parser: two
// levels, "check:" at one indent, "key: value" below it.
func TestExampleConfig(t *testing.T) {
	data, err := os.ReadFile("../.golangci.example.yml")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	start := slices.Index(lines, "        settings:")
	if start < 0 {
		t.Fatal(`.golangci.example.yml: no "settings:" line at indent 8 for leakvet`)
	}
	example := map[string]map[string]string{} // check -> key -> value
	var disable string
	var check string
	for i, line := range lines[start+1:] {
		where := fmt.Sprintf(".golangci.example.yml:%d", start+2+i)
		content := strings.TrimSpace(line)
		if content == "" || strings.HasPrefix(content, "#") {
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " "))
		if indent <= 8 {
			break // the end of the settings block
		}
		key, value, ok := strings.Cut(content, ":")
		if !ok {
			t.Fatalf("%s: want key: value, got %q", where, content)
		}
		value = strings.TrimSpace(value)
		if v, _, ok := strings.Cut(value, " #"); ok {
			value = strings.TrimSpace(v)
		}
		switch {
		case indent == 10 && key == "disable":
			disable = value
		case indent == 10:
			check = key
			if value != "" {
				t.Errorf("%s: check %s: want its settings on the lines below", where, key)
			}
			if _, dup := example[check]; dup {
				t.Errorf("%s: check %s listed twice", where, check)
			}
			example[check] = map[string]string{}
		case indent == 12 && check != "":
			example[check][key] = strings.Trim(value, `"`)
		default:
			t.Fatalf("%s: unexpected line %q", where, line)
		}
	}
	if disable != "[]" {
		t.Errorf(`.golangci.example.yml: want "disable: []", got %q`, disable)
	}
	for _, a := range analyzer.All() {
		settings, ok := example[a.Name]
		if !ok {
			t.Errorf(".golangci.example.yml: check %s is missing", a.Name)
			continue
		}
		a.Flags.VisitAll(func(f *flag.Flag) {
			v, ok := settings[f.Name]
			switch {
			case !ok:
				t.Errorf(".golangci.example.yml: %s.%s is missing (default %q)", a.Name, f.Name, f.DefValue)
			case v != f.DefValue:
				t.Errorf(".golangci.example.yml: %s.%s is %q, want its default %q", a.Name, f.Name, v, f.DefValue)
			}
			delete(settings, f.Name)
		})
		for key := range settings {
			t.Errorf(".golangci.example.yml: %s has no setting %q", a.Name, key)
		}
		delete(example, a.Name)
	}
	for check := range example {
		t.Errorf(".golangci.example.yml: %s is not a check of the suite", check)
	}
}
