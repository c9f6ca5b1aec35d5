// yamlcheck reads rendered YAML the way kubectl and the API server do
// (sigs.k8s.io/yaml: go-yaml v2 rules, YAML 1.1 plus y/n as booleans) and checks
// that it means exactly what the JSON rendering of the same vector says.
//
//	yamlcheck [-tricky FILE] VECTORS_DIR
//
// For every VECTORS_DIR/*/ holding both expected.yaml (multi-document YAML) and
// expected.json (a v1 List), document i of the YAML, converted with
// yaml.YAMLToJSON, must deep-equal item i of the List (numbers compared by value).
//
// FILE lists tricky strings, one per line: "plain" or "quote" and a JSON string.
// Each string must survive yaml.Marshal then yaml.YAMLToJSON unchanged, and
// writing it unquoted as a mapping value must read back as the same string
// exactly when the line says "plain". Lines starting with # are comments.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"
)

const maxDiffs = 20 // per document

func main() {
	tricky := flag.String("tricky", "", "file of tricky strings to check (see package doc)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: yamlcheck [-tricky FILE] VECTORS_DIR")
		os.Exit(2)
	}
	passed, failed := 0, 0
	count := func(ok bool) {
		if ok {
			passed++
		} else {
			failed++
		}
	}

	dirs, err := filepath.Glob(filepath.Join(flag.Arg(0), "*"))
	if err != nil {
		fatal(err)
	}
	sort.Strings(dirs)
	checked := 0
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue
		}
		y, errY := os.ReadFile(filepath.Join(dir, "expected.yaml"))
		j, errJ := os.ReadFile(filepath.Join(dir, "expected.json"))
		if errors.Is(errY, os.ErrNotExist) || errors.Is(errJ, os.ErrNotExist) {
			continue
		}
		checked++
		name := filepath.Base(dir)
		if errY != nil || errJ != nil {
			fmt.Printf("FAIL %s: %v\n", name, errors.Join(errY, errJ))
			count(false)
			continue
		}
		problems := checkVector(y, j)
		for _, p := range problems {
			fmt.Printf("FAIL %s: %s\n", name, p)
		}
		count(len(problems) == 0)
	}
	fmt.Printf("yamlcheck: %d vector(s) with expected.yaml and expected.json under %s\n", checked, flag.Arg(0))

	if *tricky != "" {
		n, problems := checkTricky(*tricky)
		for _, p := range problems {
			fmt.Printf("FAIL tricky strings: %s\n", p)
		}
		fmt.Printf("yamlcheck: %d tricky string(s) from %s\n", n, *tricky)
		count(len(problems) == 0)
	}

	fmt.Printf("yamlcheck: %d passed, %d failed\n", passed, failed)
	if failed > 0 {
		os.Exit(1)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "yamlcheck:", err)
	os.Exit(2)
}

// checkVector compares the YAML documents with the List items and returns the differences.
func checkVector(yamlText, jsonText []byte) []string {
	var list struct {
		APIVersion string            `json:"apiVersion"`
		Kind       string            `json:"kind"`
		Items      []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(jsonText, &list); err != nil {
		return []string{"expected.json: " + err.Error()}
	}
	if list.Kind != "List" {
		return []string{fmt.Sprintf("expected.json: kind %q, want List", list.Kind)}
	}
	docs, err := splitDocuments(yamlText)
	if err != nil {
		return []string{"expected.yaml: " + err.Error()}
	}
	var problems []string
	var objects []any
	for i, doc := range docs {
		js, err := yaml.YAMLToJSON(doc)
		if err != nil {
			problems = append(problems, fmt.Sprintf("document %d: %v", i, err))
			continue
		}
		v, err := decode(js)
		if err != nil {
			problems = append(problems, fmt.Sprintf("document %d: %v", i, err))
			continue
		}
		if v != nil { // an empty document, as kubectl skips it
			objects = append(objects, v)
		}
	}
	if len(problems) > 0 {
		return problems
	}
	if len(objects) != len(list.Items) {
		problems = append(problems, fmt.Sprintf("expected.yaml has %d document(s), expected.json %d item(s)",
			len(objects), len(list.Items)))
	}
	for i := 0; i < len(objects) && i < len(list.Items); i++ {
		want, err := decode(list.Items[i])
		if err != nil {
			problems = append(problems, fmt.Sprintf("expected.json item %d: %v", i, err))
			continue
		}
		var diffs []string
		diff("", objects[i], want, &diffs)
		for k, d := range diffs {
			if k == maxDiffs {
				problems = append(problems, fmt.Sprintf("document %d: ... %d more difference(s)", i, len(diffs)-k))
				break
			}
			problems = append(problems, fmt.Sprintf("document %d (%s): %s", i, describe(want), d))
		}
	}
	return problems
}

// splitDocuments splits a YAML stream the way kubectl's reader does
// (k8s.io/apimachinery/pkg/util/yaml.YAMLReader): a line starting with "---",
// followed by nothing but spaces or a comment, ends a document.
func splitDocuments(text []byte) ([][]byte, error) {
	var docs [][]byte
	var cur bytes.Buffer
	for n, line := range bytes.SplitAfter(text, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("---")) {
			rest := strings.TrimSpace(string(line[3:]))
			if rest != "" && !strings.HasPrefix(rest, "#") {
				return nil, fmt.Errorf("line %d: text after the document separator: %q", n+1, rest)
			}
			if cur.Len() > 0 {
				docs = append(docs, bytes.Clone(cur.Bytes()))
				cur.Reset()
			}
			continue
		}
		cur.Write(line)
	}
	if cur.Len() > 0 {
		docs = append(docs, cur.Bytes())
	}
	return docs, nil
}

func decode(js []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(js))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

func describe(obj any) string {
	m, _ := obj.(map[string]any)
	meta, _ := m["metadata"].(map[string]any)
	return fmt.Sprintf("%v %v", m["kind"], meta["name"])
}

// diff appends one line per difference between got (from the YAML) and want (from the JSON).
func diff(path string, got, want any, out *[]string) {
	show := func(p string) string {
		if p == "" {
			return "."
		}
		return p
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: yaml has %s, json has an object", show(path), render(got)))
			return
		}
		keys := map[string]bool{}
		for k := range w {
			keys[k] = true
		}
		for k := range g {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			p := path + field(k)
			gv, inG := g[k]
			wv, inW := w[k]
			switch {
			case !inG:
				*out = append(*out, fmt.Sprintf("%s: missing in yaml (json has %s)", p, render(wv)))
			case !inW:
				*out = append(*out, fmt.Sprintf("%s: yaml has %s, missing in json", p, render(gv)))
			default:
				diff(p, gv, wv, out)
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: yaml has %s, json has an array", show(path), render(got)))
			return
		}
		if len(g) != len(w) {
			*out = append(*out, fmt.Sprintf("%s: yaml has %d element(s), json %d", show(path), len(g), len(w)))
		}
		for i := 0; i < len(g) && i < len(w); i++ {
			diff(fmt.Sprintf("%s[%d]", path, i), g[i], w[i], out)
		}
	case json.Number:
		if g, ok := got.(json.Number); !ok || !sameNumber(g, w) {
			*out = append(*out, fmt.Sprintf("%s: yaml has %s, json has %s", show(path), render(got), render(want)))
		}
	default: // string, bool, nil
		if got != want {
			*out = append(*out, fmt.Sprintf("%s: yaml has %s, json has %s", show(path), render(got), render(want)))
		}
	}
}

func field(k string) string {
	for _, r := range k {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return fmt.Sprintf("[%q]", k)
		}
	}
	return "." + k
}

func sameNumber(a, b json.Number) bool {
	x, okX := new(big.Rat).SetString(string(a))
	y, okY := new(big.Rat).SetString(string(b))
	if !okX || !okY {
		return a == b
	}
	return x.Cmp(y) == 0
}

// render shows a value with its JSON type, so that "true" the string and true
// the boolean read differently.
func render(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("string %q", x)
	case bool:
		return fmt.Sprintf("boolean %v", x)
	case json.Number:
		return "number " + string(x)
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	}
	return fmt.Sprintf("%v", v)
}

// checkTricky checks every line of the tricky strings file; it returns how many
// strings it read and the problems found.
func checkTricky(path string) (int, []string) {
	f, err := os.Open(path)
	if err != nil {
		return 0, []string{err.Error()}
	}
	defer f.Close()
	var problems []string
	n := 0
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		mode, quoted, _ := strings.Cut(text, " ")
		var s string
		if err := json.Unmarshal([]byte(strings.TrimSpace(quoted)), &s); err != nil || (mode != "plain" && mode != "quote") {
			problems = append(problems, fmt.Sprintf("%s:%d: want `plain|quote \"json string\"`", path, line))
			continue
		}
		n++
		// 1. What the Go side writes, the Go side reads back.
		if out, err := yaml.Marshal(map[string]string{"v": s}); err != nil {
			problems = append(problems, fmt.Sprintf("%s:%d: %q: marshal: %v", path, line, s, err))
		} else if got, err := readValue(out); err != nil || got != s {
			problems = append(problems, fmt.Sprintf("%s:%d: %q: marshal round trip gave %s (%v)", path, line, s, render(got), err))
		}
		// 2. Whether the string is safe unquoted, as the file says.
		got, err := readValue([]byte("v: " + s + "\n"))
		plainOK := err == nil && got == s
		if plainOK != (mode == "plain") {
			what := "reads back unchanged unquoted"
			if !plainOK {
				what = fmt.Sprintf("unquoted reads as %s", render(got))
				if err != nil {
					what = fmt.Sprintf("unquoted is not valid YAML (%v)", err)
				}
			}
			problems = append(problems, fmt.Sprintf("%s:%d: %q is marked %q but %s", path, line, s, mode, what))
		}
	}
	if err := sc.Err(); err != nil {
		problems = append(problems, err.Error())
	}
	return n, problems
}

// readMapping reads a YAML mapping into JSON values.
func readMapping(doc []byte) (map[string]any, error) {
	js, err := yaml.YAMLToJSON(doc)
	if err != nil {
		return nil, err
	}
	v, err := decode(js)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("not a mapping: %s", js)
	}
	return m, nil
}

// readValue reads the value of key v of a one-key YAML mapping.
func readValue(doc []byte) (any, error) {
	m, err := readMapping(doc)
	if err != nil {
		return nil, err
	}
	if len(m) != 1 {
		return m, fmt.Errorf("not a one-key mapping")
	}
	val, ok := m["v"]
	if !ok {
		return m, fmt.Errorf("key v missing")
	}
	return val, nil
}
