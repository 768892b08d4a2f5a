package rulesfile

import (
	"errors"
	"strconv"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/pelletier/go-toml/v2/unstable"
)

// keyLines maps every key of the document, as a dotted path
// ("grades.A.discount"), and every table header ("grades.A") to the line it
// is on. A document that is not TOML gives its syntax error as a problem.
// The parser is the TOML library's own: the decoder reports no line for a
// value that decodes but is out of range, and the owner needs one.
func keyLines(data []byte) (map[string]int, *Problem) {
	lines := map[string]int{}
	var p unstable.Parser
	p.Reset(data)
	var table []string
	arrays := map[string]int{} // array tables seen, by name: [[columns]] is columns[0], columns[1]...
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table:
			table = keyPath(e.Key())
			lines[strings.Join(table, ".")] = lineOf(&p, e)
		case unstable.ArrayTable:
			table = keyPath(e.Key())
			name := strings.Join(table, ".")
			table[len(table)-1] += "[" + strconv.Itoa(arrays[name]) + "]"
			arrays[name]++
			lines[strings.Join(table, ".")] = lineOf(&p, e)
		case unstable.KeyValue:
			addKeyValue(&p, e, table, lines)
		}
	}
	if err := p.Error(); err != nil {
		line, col := 0, 0
		var pe *unstable.ParserError
		if errors.As(err, &pe) && len(pe.Highlight) > 0 {
			at := p.Shape(p.Range(pe.Highlight)).Start
			line, col = at.Line, at.Column
		}
		return nil, &Problem{Line: line, err: i18n.Errorf("rulesfile.syntax", col)}
	}
	return lines, nil
}

// addKeyValue records a key = value line and, for an inline table, the keys
// inside it.
func addKeyValue(p *unstable.Parser, kv *unstable.Node, table []string, lines map[string]int) {
	path := append(append([]string{}, table...), keyPath(kv.Key())...)
	lines[strings.Join(path, ".")] = lineOf(p, kv)
	if v := kv.Value(); v.Kind == unstable.InlineTable {
		it := v.Children()
		for it.Next() {
			if n := it.Node(); n.Kind == unstable.KeyValue {
				addKeyValue(p, n, path, lines)
			}
		}
	}
}

// keyPath is the parts of a (possibly dotted) key.
func keyPath(it unstable.Iterator) []string {
	var out []string
	for it.Next() {
		out = append(out, string(it.Node().Data))
	}
	return out
}

// lineOf is the line a node starts on: the first of its own or its
// children's ranges that the parser recorded.
func lineOf(p *unstable.Parser, n *unstable.Node) int {
	if n.Raw.Length > 0 {
		return p.Shape(n.Raw).Start.Line
	}
	it := n.Children()
	for it.Next() {
		if l := lineOf(p, it.Node()); l > 0 {
			return l
		}
	}
	return 0
}
