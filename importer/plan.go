package importer

import (
	"strconv"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// column is the plan for one column of the file.
type column struct {
	Mapping
	col   store.Column // target column (field, custom, new)
	check bool         // a built-in choice column whose values must fit it, else it is kept aside
	st    stats
	label string // label of a new column
}

// plan is how rows of the file become ledger rows.
type plan struct {
	st        *store.Store
	opts      Options
	cols      []*column
	header    []string
	kehu      bool // the file is a kehu export
	newKeys   map[string]bool
	newLabels map[string]bool
}

func (p *plan) lang() i18n.Lang { return p.opts.Lang }

// resolve finds the column a header names: key, label, store alias, then
// the importer's aliases, also without a trailing unit such as (元).
func (p *plan) resolve(h string) (store.Column, bool) {
	h = cleanHeader(h)
	if h == "" {
		return store.Column{}, false
	}
	if c, ok := p.st.Column(h); ok {
		return c, true
	}
	n := normHeader(h)
	for _, cand := range []string{n, stripUnit(n)} {
		if c, ok := p.st.Column(cand); ok {
			return c, true
		}
		if k, ok := aliases[cand]; ok {
			return p.st.Column(k)
		}
	}
	return store.Column{}, false
}

// computed columns are worked out by kehu and never imported as such.
var computed = map[string]bool{"id": true, "grade": true, "score": true, "segment": true, "stage": true,
	"last_contact": true, "created_at": true, "updated_at": true, "loyalty": true}

// accountCols are the member account balances, kept as sums of entries.
var accountCols = map[string]bool{"points": true, "balance": true, "owed": true}

// summary columns become the opening balance.
var summary = map[string]bool{"total_spend": true, "purchases": true, "last_purchase": true}

// checked built-in columns take a header only when the values fit them.
var checked = map[string]bool{"kind": true, "gender": true, "pinned": true, "potential": true}

// exactComputed reports whether h is a computed column's own key or label,
// as kehu exports it.
func exactComputed(c store.Column, h string) bool {
	h = cleanHeader(h)
	return strings.EqualFold(h, c.Key) || strings.EqualFold(h, c.LabelEN) || h == c.LabelZH
}

func (p *plan) mapHeaders(header []string) error {
	p.header = append([]string(nil), header...)
	n := 0
	for _, h := range header {
		if c, ok := p.resolve(h); ok && (c.Key == "grade" || c.Key == "score" || c.Key == "segment" || c.Key == "stage") && exactComputed(c, h) {
			n++
		}
	}
	p.kehu = n >= 2
	mapped := map[int]string{}
	for from, to := range p.opts.Map {
		idx := -1
		for i, h := range header {
			if cleanHeader(h) == cleanHeader(from) || normHeader(h) == normHeader(from) {
				idx = i
				break
			}
		}
		if idx < 0 {
			for i := range header {
				if strings.EqualFold(colLetters(i), strings.TrimSpace(from)) {
					idx = i
				}
			}
		}
		if idx < 0 {
			return i18n.Errorf("import.mapnocol", from, strings.Join(nonEmpty(header), ", "))
		}
		mapped[idx] = to
	}
	used := map[string]bool{}
	for i, raw := range header {
		h := cleanHeader(raw)
		if err := validate.Text("header", h, validate.OneLine); err != nil {
			// a header becomes a column's label: it is shown on every screen
			return i18n.Errorf("import.badheader", colLetters(i), validate.Visible(h), err)
		}
		c := &column{Mapping: Mapping{Column: i, Header: h}}
		p.cols = append(p.cols, c)
		if to, ok := mapped[i]; ok {
			if err := p.mapExplicit(c, to, used); err != nil {
				return err
			}
			continue
		}
		target, ok := p.resolve(h)
		switch {
		case h == "":
			c.Kind = KindNew // named after its letter if it holds anything
		case !ok:
			p.newColumn(c, h)
		case target.Custom:
			p.field(c, target, KindCustom)
		case summary[target.Key] && !used[target.Key]:
			used[target.Key] = true
			c.Kind, c.Target, c.Type, c.col = KindOpening, target.Key, target.Type, target
		case accountCols[target.Key] && !used[target.Key]:
			// balances move only through account entries: the sheet's
			// figure becomes a new customer's opening entry
			used[target.Key] = true
			c.Kind, c.Target, c.Type, c.col = KindAccount, target.Key, target.Type, target
		case computed[target.Key] && p.kehu:
			c.Kind, c.Note = KindSkip, p.lang().T("import.note.computed")
		case computed[target.Key]:
			p.aside(c, h, p.lang().T("import.note.computedaside"))
		case used[target.Key] || summary[target.Key] || accountCols[target.Key]:
			p.aside(c, h, p.lang().T("import.note.duplicate"))
		default:
			used[target.Key] = true
			p.field(c, target, KindField)
			c.check = checked[target.Key]
		}
	}
	return nil
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = cleanHeader(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (p *plan) mapExplicit(c *column, to string, used map[string]bool) error {
	to = strings.TrimSpace(to)
	switch strings.ToLower(to) {
	case "-", "skip", "ignore", "跳过", "忽略":
		c.Kind, c.Note = KindSkip, p.lang().T("import.note.mapskip")
		return nil
	}
	target, ok := p.resolve(to)
	if !ok {
		return i18n.Errorf("import.mapfield", to)
	}
	switch {
	case target.Custom:
		p.field(c, target, KindCustom)
	case summary[target.Key]:
		c.Kind, c.Target, c.Type, c.col = KindOpening, target.Key, target.Type, target
	case accountCols[target.Key]:
		c.Kind, c.Target, c.Type, c.col = KindAccount, target.Key, target.Type, target
	case computed[target.Key]:
		return i18n.Errorf("import.mapcomputed", to)
	default:
		p.field(c, target, KindField)
	}
	if c.Kind != KindCustom {
		if used[target.Key] {
			return i18n.Errorf("import.maptwice", target.Key)
		}
		used[target.Key] = true
	}
	return nil
}

func (p *plan) field(c *column, target store.Column, kind string) {
	c.Kind, c.Target, c.Type, c.col = kind, target.Key, target.Type, target
}

// aside keeps a column whose name belongs to a built-in one as a custom
// column "<header>（原表）", reusing it when an earlier import created it.
func (p *plan) aside(c *column, h, note string) {
	c.Note = note
	label := h + " (sheet)"
	if hasHan(h) {
		label = h + "（原表）"
	}
	if t, ok := p.st.Column(label); ok && t.Custom {
		p.field(c, t, KindCustom)
		return
	}
	p.newColumn(c, label)
}

// newColumn plans a custom column labelled label; its key and type are
// settled once the values have been seen.
func (p *plan) newColumn(c *column, label string) {
	c.Kind, c.label, c.Target, c.Type, c.col = KindNew, label, "", "", store.Column{}
}

// finish settles the columns after the scan: checked built-ins whose values
// do not fit go aside, new columns get a key and a type.
func (p *plan) finish() error {
	for _, c := range p.cols {
		if c.check && c.Kind == KindField && c.st.n > 0 && c.st.fail*2 > c.st.n {
			c.check = false
			p.aside(c, c.Header, p.lang().T("import.note.values", c.col.Label(p.lang())))
		}
	}
	hasName := false
	next := map[string]int{} // label → the next number to try
	for _, c := range p.cols {
		if c.Kind == KindField && c.Target == "name" {
			hasName = true
		}
		if c.Kind != KindNew || c.Target != "" {
			continue
		}
		if c.label == "" { // no header
			if c.st.n == 0 {
				c.Kind, c.Note = KindSkip, p.lang().T("import.note.blank")
				continue
			}
			c.label = p.lang().T("import.colname", colLetters(c.Column))
		}
		label := c.label
		// numbering goes on from the last number this label took, so a
		// sheet of thousands of columns of one name stays linear
		i := max(next[c.label], 2)
		for ; p.newLabels[normHeader(label)] || p.taken(label); i++ {
			label = c.label + " " + strconv.Itoa(i)
		}
		next[c.label] = i
		p.newLabels[normHeader(label)] = true
		c.label = label
		base := store.ImportColumnKey(sanitiseName(label))
		if base == "" {
			base = "col_" + strings.ToLower(colLetters(c.Column))
		}
		key := base
		k := max(next["\x00key:"+base], 2)
		for ; p.newKeys[key] || p.taken(key); k++ {
			key = base + "_" + strconv.Itoa(k)
		}
		next["\x00key:"+base] = k
		p.newKeys[key] = true
		c.Target = key
		c.Type = c.st.infer(c.Header)
		c.col = store.Column{Key: key, LabelEN: label, LabelZH: label, Type: c.Type, Custom: true}
	}
	if n := p.newColumns(); n > maxNewColumns {
		return i18n.Errorf("import.toomanycols", n, maxNewColumns)
	}
	if !hasName {
		return i18n.Errorf("import.noname", strings.Join(nonEmpty(p.header), ", "))
	}
	return nil
}

// maxNewColumns is the most custom columns one import creates: a ledger
// table has room for about two thousand columns in all, and a customer
// sheet with hundreds of unknown columns is not one.
const maxNewColumns = 500

// newColumns counts the custom columns the plan creates.
func (p *plan) newColumns() int {
	n := 0
	for _, c := range p.cols {
		if c.Kind == KindNew && c.Target != "" {
			n++
		}
	}
	return n
}

func (p *plan) taken(name string) bool {
	if store.FilterWord(name) {
		// a column named bought or moved would hide behind the filter's
		// term of that name: it is numbered like a name already in use
		return true
	}
	_, ok := p.st.Column(name)
	return ok
}

// hasAccounts says whether the rows carry member account balances.
func (p *plan) hasAccounts() bool {
	for _, c := range p.cols {
		if c.Kind == KindAccount {
			return true
		}
	}
	return false
}

// targets are the column keys the rows carry and the custom columns the
// import creates.
func (p *plan) targets() (keys []string, newCols []store.ImportColumn) {
	for _, c := range p.cols {
		switch c.Kind {
		case KindField, KindCustom:
			keys = append(keys, c.Target)
		case KindNew:
			keys = append(keys, c.Target)
			newCols = append(newCols, store.ImportColumn{Key: c.Target, Label: c.label, Type: c.Type})
		}
	}
	return keys, newCols
}
