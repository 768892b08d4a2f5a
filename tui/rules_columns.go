package tui

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
)

// The graded columns in the rules editor. Each column graded as a
// dimension has a block of fields: which column (←/→ through the columns
// that can grade), its weight, for a number or money column how it is
// scored (by quintile or by thresholds) and in thresholds mode the four
// thresholds, for a choice column the score of each choice. Which fields a
// block has depends on the column and the mode, so choosing either lays the
// form out again, keeping what was typed.

// newColumnWeight is the weight a column added in the editor starts with:
// of the size of R, F and M's defaults, so that it counts at once.
const newColumnWeight = 0.2

// colFieldPrefixes are the keys of a graded column's fields, before its
// index.
var colFieldPrefixes = []string{"xcol_", "xweight_", "xmode_", "xthr_", "xmap_"}

// colBlock is the index of the graded column whose field has key, or -1.
func colBlock(key string) int {
	for _, p := range colFieldPrefixes {
		if rest, ok := strings.CutPrefix(key, p); ok {
			if i, err := strconv.Atoi(rest); err == nil {
				return i
			}
		}
	}
	return -1
}

// defaultColMode is how a column is scored when it starts to grade: a
// choice column by its choices, any other by quintile.
func defaultColMode(c store.Column) string {
	if c.Type == store.Choice {
		return tiering.DimChoice
	}
	return tiering.DimQuintile
}

// gradeable lists the columns that can grade, the owner's own first: every
// number, money or choice column the ledger scores (not an id).
func (r *rulesScreen) gradeable() []store.Column {
	var own, builtin []store.Column
	for _, c := range r.e.st.Columns() {
		if c.Key == "id" || c.Key == "referred_by" {
			continue // numbers that name something, not amounts
		}
		if r.e.st.CheckDimension(tiering.ExtraDim{Column: c.Key, Mode: defaultColMode(c)}) != nil {
			continue
		}
		if c.Custom {
			own = append(own, c)
		} else {
			builtin = append(builtin, c)
		}
	}
	return append(own, builtin...)
}

// colName is how the editor names a graded column: its label in the
// reader's language, or the name the rules hold when the ledger has no such
// column any more.
func (r *rulesScreen) colName(column string) string {
	if c, ok := r.e.st.Column(column); ok {
		return c.Label(r.e.lang)
	}
	return column
}

// colChoices are the columns block i may pick, in the order ←/→ steps
// through them: those no other block grades, its own among them (first
// when the ledger no longer has it); at is its own.
func (r *rulesScreen) colChoices(i int) (choices []formChoice, at int) {
	taken := map[string]bool{}
	for j, d := range r.cols {
		if j != i {
			if c, ok := r.e.st.Column(d.Column); ok {
				taken[c.Key] = true
			}
		}
	}
	own, known := r.e.st.Column(r.cols[i].Column)
	if !known {
		choices = append(choices, formChoice{value: r.cols[i].Column})
	}
	for _, c := range r.gradeable() {
		if known && c.Key == own.Key {
			at = len(choices)
		} else if taken[c.Key] {
			continue
		}
		choices = append(choices, formChoice{value: c.Label(r.e.lang)})
	}
	return choices, at
}

// addColumnFields lays out the block of graded column i.
func (r *rulesScreen) addColumnFields(f *form, i int, floatField func(key, label string, v, lo, hi float64)) {
	l := r.e.lang
	d := r.cols[i]
	n := strconv.Itoa(i)
	name := r.colName(d.Column)
	choices, at := r.colChoices(i)
	cf := f.addChoice("xcol_"+n, l.T("rules.col.column", i+1), choices, at)
	cf.check = func(s string) error { _, err := r.parseColumn(s); return err }
	cf.hint = func(string) string { return l.T("rules.col.column.hint") }
	floatField("xweight_"+n, l.T("rules.weight.column", name, l.T("rules.colmode."+d.Mode)), d.Weight, 0, maxWeight)
	if d.Mode == tiering.DimChoice {
		choices := r.choicesOf(d.Column)
		mf := f.add("xmap_"+n, l.T("rules.col.map", name), formatChoiceScores(d.Choices, choices))
		mf.check = func(s string) error { _, err := parseChoiceScores(s, choices); return err }
		mf.hint = func(string) string { return l.T("rules.col.map.hint", strings.Join(choices, l.T("rules.preview.sep"))) }
		return
	}
	modes := []formChoice{{value: l.T("rules.colmode.quintile")}, {value: l.T("rules.colmode.thresholds")}}
	mode := 0
	if d.Mode == tiering.DimThresholds {
		mode = 1
	}
	mf := f.addChoice("xmode_"+n, l.T("rules.col.mode", name), modes, mode)
	mf.check = func(s string) error { _, err := parseColMode(s, l); return err }
	if d.Mode == tiering.DimThresholds {
		text := ""
		if d.Thresholds != [4]float64{} {
			text = strings.Join([]string{num(d.Thresholds[0]), num(d.Thresholds[1]), num(d.Thresholds[2]), num(d.Thresholds[3])}, ", ")
		}
		tf := f.add("xthr_"+n, l.T("rules.col.thr", name), text)
		tf.check = func(s string) error { _, err := parseThresholds(s); return err }
		tf.hint = func(string) string { return l.T("rules.col.thr.hint") }
	}
}

// startScores are the scores a choice column starts grading with: each
// choice 1 (what a choice left out scores), written out so the owner sees
// what to change; nil for a number or money column.
func startScores(c store.Column) map[string]int {
	if c.Type != store.Choice {
		return nil
	}
	m := make(map[string]int, len(c.Choices))
	for _, ch := range c.Choices {
		m[ch] = 1
	}
	return m
}

// choicesOf are the choices of a choice column (none when it is gone).
func (r *rulesScreen) choicesOf(column string) []string {
	if c, ok := r.e.st.Column(column); ok {
		return c.Choices
	}
	return nil
}

// parseColumn reads a graded column's field: a column that can grade, by
// its key or its label in either language.
func (r *rulesScreen) parseColumn(s string) (store.Column, error) {
	c, ok := r.e.st.Column(s)
	if !ok {
		return store.Column{}, i18n.Errorf("dimension.unknown", strings.TrimSpace(s))
	}
	if err := r.e.st.CheckDimension(tiering.ExtraDim{Column: c.Key, Mode: defaultColMode(c)}); err != nil {
		return store.Column{}, err
	}
	return c, nil
}

// parseColMode reads how a number or money column is scored, as its key or
// its name in either language.
func parseColMode(s string, l i18n.Lang) (string, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, m := range []string{tiering.DimQuintile, tiering.DimThresholds} {
		if t == m || t == strings.ToLower(i18n.EN.T("rules.colmode."+m)) || t == i18n.ZH.T("rules.colmode."+m) {
			return m, nil
		}
	}
	return "", i18n.Errorf("rules.err.colmode", l.T("rules.colmode.quintile"), l.T("rules.colmode.thresholds"))
}

// formatChoiceScores writes a choice → score mapping as "large=5, small=2":
// the column's choices in their order, then any the column no longer has.
func formatChoiceScores(m map[string]int, choices []string) string {
	var parts []string
	done := map[string]bool{}
	for _, c := range choices {
		if s, ok := m[c]; ok {
			parts = append(parts, c+"="+strconv.Itoa(s))
			done[c] = true
		}
	}
	for _, c := range slices.Sorted(maps.Keys(m)) {
		if !done[c] {
			parts = append(parts, c+"="+strconv.Itoa(m[c]))
		}
	}
	return strings.Join(parts, ", ")
}

// parseChoiceScores reads "large=5, small=2" (or "大型＝5，小型＝2"): each
// a choice of the column, once, with a whole score from 1 to 5. A choice
// left out scores 1.
func parseChoiceScores(s string, choices []string) (map[string]int, error) {
	out := map[string]int{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r != ' ' && listSeparator(r) }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, score, ok := strings.Cut(strings.ReplaceAll(part, "＝", "="), "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return nil, i18n.Errorf("rules.err.choicepair", part)
		}
		i := slices.IndexFunc(choices, func(c string) bool { return strings.EqualFold(c, name) })
		if i < 0 {
			return nil, i18n.Errorf("rules.err.choice", name, strings.Join(choices, ", "))
		}
		name = choices[i]
		n, err := strconv.Atoi(strings.TrimSpace(score))
		if err != nil || n < 1 || n > 5 {
			return nil, i18n.Errorf("rules.err.choicescore", name)
		}
		if _, twice := out[name]; twice {
			return nil, i18n.Errorf("rules.err.choicetwice", name)
		}
		out[name] = n
	}
	return out, nil
}

// columnChanged follows a choice made in field key: a graded column picked
// or a mode chosen changes which fields its block has, so the form is laid
// out again. It reports whether it was.
func (r *rulesScreen) columnChanged(key string) bool {
	i := colBlock(key)
	if i < 0 || i >= len(r.cols) {
		return false
	}
	n := strconv.Itoa(i)
	d := &r.cols[i]
	switch key {
	case "xcol_" + n:
		c, err := r.parseColumn(r.f.value(key))
		if err != nil || c.Key == d.Column {
			return false
		}
		if old, ok := r.e.st.Column(d.Column); ok && old.Key == c.Key {
			return false
		}
		// Another column's thresholds and scores mean nothing for this one.
		d.Column, d.Mode, d.Choices, d.Thresholds = c.Key, defaultColMode(c), startScores(c), [4]float64{}
		r.f.msg = ""
		r.relayout(map[string]bool{"xmap_" + n: true, "xmode_" + n: true, "xthr_" + n: true})
		return true
	case "xmode_" + n:
		m, err := parseColMode(r.f.value(key), r.e.lang)
		if err != nil || m == d.Mode {
			return false
		}
		d.Mode = m
		r.relayout(nil)
		return true
	}
	return false
}

// addColumn grades one more column: the first that can grade and is not
// graded yet, scored as suits it; its block is focused.
func (r *rulesScreen) addColumn() {
	if len(r.cols) >= tiering.MaxExtraDims {
		r.f.msg = r.e.lang.T("rules.col.many", tiering.MaxExtraDims)
		return
	}
	taken := map[string]bool{}
	for _, d := range r.cols {
		if c, ok := r.e.st.Column(d.Column); ok {
			taken[c.Key] = true
		}
	}
	for _, c := range r.gradeable() {
		if taken[c.Key] {
			continue
		}
		d := tiering.ExtraDim{Column: c.Key, Weight: newColumnWeight, Mode: defaultColMode(c), Choices: startScores(c)}
		r.cols = append(r.cols, d)
		r.relayout(nil)
		r.f.focusKey("xcol_" + strconv.Itoa(len(r.cols)-1))
		r.f.msg = r.e.lang.T("rules.col.added", c.Label(r.e.lang))
		return
	}
	r.f.msg = r.e.lang.T("rules.col.none")
}

// removeColumn stops grading column i; the fields of the columns after it
// keep what was typed in them.
func (r *rulesScreen) removeColumn(i int) {
	name := r.colName(r.cols[i].Column)
	values := r.fieldValues()
	r.cols = slices.Delete(r.cols, i, i+1)
	moved := map[string]string{}
	for k, v := range values {
		j := colBlock(k)
		switch {
		case j < 0 || j < i:
			moved[k] = v
		case j > i:
			p := k[:strings.LastIndexByte(k, '_')+1]
			moved[p+strconv.Itoa(j-1)] = v
		}
	}
	focus := r.f.focus
	r.layout(moved)
	r.f.setFocus(min(focus, len(r.f.fields)-1))
	r.f.msg = r.e.lang.T("rules.col.removed", name)
}

// fieldValues is the text of every field, by key.
func (r *rulesScreen) fieldValues() map[string]string {
	out := make(map[string]string, len(r.f.fields))
	for _, ff := range r.f.fields {
		out[ff.key] = ff.value()
	}
	return out
}

// relayout lays the form out again for the graded columns as they now are,
// keeping the text of every field (but those of drop) and the focus.
func (r *rulesScreen) relayout(drop map[string]bool) {
	values := r.fieldValues()
	for k := range drop {
		delete(values, k)
	}
	key := r.f.current().key
	msg := r.f.msg
	r.layout(values)
	r.f.focusKey(key)
	r.f.msg = msg
}

// readColumns reads the graded columns' weights, thresholds and choice
// scores from their fields; which column and how it is scored are kept as
// they were chosen.
func (r *rulesScreen) readColumns(atof func(string) float64) []tiering.ExtraDim {
	out := make([]tiering.ExtraDim, len(r.cols))
	for i, d := range r.cols {
		n := strconv.Itoa(i)
		d.Weight = atof("xweight_" + n)
		if r.f.field("xthr_"+n) != nil {
			d.Thresholds, _ = parseThresholds(r.f.value("xthr_" + n))
		}
		if r.f.field("xmap_"+n) != nil {
			d.Choices, _ = parseChoiceScores(r.f.value("xmap_"+n), r.choicesOf(d.Column))
		}
		out[i] = d
	}
	return out
}
