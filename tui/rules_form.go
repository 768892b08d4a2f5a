package tui

import (
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/rulesfile"
	"github.com/kehu-app/kehu/tiering"
	"github.com/kehu-app/kehu/validate"
)

// maxWeight is the largest weight the rules file takes, and so the editor.
const maxWeight = 1e6

// build lays out the form for rules, the first field focused.
func (r *rulesScreen) build(rules tiering.Rules) {
	r.orig = rules
	r.cols = make([]tiering.ExtraDim, len(rules.Extra))
	for i, d := range rules.Extra {
		d.Choices = maps.Clone(d.Choices)
		r.cols[i] = d
	}
	r.layout(nil)
	r.f.setFocus(0)
}

// layout lays out the fields: the window, the weights of R, F, M and
// loyalty, each graded column's block, the grade lines, how R, F and M are
// scored, then per grade its label, colour, contact cadence and service
// policy (channels in order, discount, benefits, default owner, points).
// The fields show r.orig and r.cols, or the text in values of their key.
func (r *rulesScreen) layout(values map[string]string) {
	rules := r.orig
	l := r.e.lang
	f := newForm(r.e)
	intField := func(key, label string, v, lo, hi int) {
		ff := f.add(key, label, strconv.Itoa(v))
		ff.check = func(s string) error {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n < lo || n > hi {
				return i18n.Errorf("rules.err.int", lo, hi)
			}
			return nil
		}
	}
	floatField := func(key, label string, v, lo, hi float64) {
		ff := f.add(key, label, num(v))
		ff.check = func(s string) error {
			x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil || math.IsNaN(x) || x < lo || x > hi {
				return i18n.Errorf("rules.err.num", num(lo), num(hi))
			}
			return nil
		}
	}
	textField := func(key, label, v string, limit int) {
		ff := f.add(key, label, v)
		ff.check = func(s string) error {
			if utf8.RuneCountInString(s) > limit || strings.IndexFunc(s, unicode.IsControl) >= 0 {
				return i18n.Errorf("rules.err.label", limit)
			}
			return nil
		}
	}
	intField("window_days", l.T("rules.window"), rules.WindowDays, 1, tiering.MaxWindowDays)
	floatField("weight_r", l.T("rules.weight", "R"), rules.WeightR, 0, maxWeight)
	floatField("weight_f", l.T("rules.weight", "F"), rules.WeightF, 0, maxWeight)
	floatField("weight_m", l.T("rules.weight", "M"), rules.WeightM, 0, maxWeight)
	floatField("potential_bonus", l.T("rules.bonus"), rules.PotentialBonus, 0, 100)
	floatField("grade_a", l.T("rules.line", "A"), rules.GradeA, 0, 100)
	floatField("grade_b", l.T("rules.line", "B"), rules.GradeB, 0, 100)
	floatField("weight_loyalty", l.T("rules.weight.loyalty"), rules.WeightLoyalty, 0, maxWeight)
	f.fields[len(f.fields)-1].hint = func(string) string { return l.T("rules.col.add.hint") }
	for i := range r.cols {
		r.addColumnFields(f, i, floatField)
	}
	modes := []formChoice{{value: l.T("rules.mode.quintile")}, {value: l.T("rules.mode.absolute")}}
	for _, d := range []struct {
		key  string
		rule tiering.DimRule
	}{{"r", rules.R}, {"f", rules.F}, {"m", rules.M}} {
		i := 0
		if d.rule.Absolute() {
			i = 1
		}
		name := strings.ToUpper(d.key)
		mf := f.addChoice(d.key+"_mode", l.T("rules.mode", name), modes, i)
		mf.check = func(s string) error { _, err := parseMode(s, l); return err }
		var parts []string
		for _, t := range d.rule.Thresholds {
			parts = append(parts, num(t))
		}
		tf := f.add(d.key+"_thr", l.T("rules.thresholds", name), strings.Join(parts, ", "))
		tf.check = func(s string) error { _, err := parseThresholds(s); return err }
		tf.hint = func(string) string { return l.T("rules.thr.hint." + d.key) }
	}
	for _, g := range tiering.Grades() {
		p := rules.Policy(g)
		textField("label_"+g, l.T("rules.label", g), rules.Label(g), tiering.MaxLabelRunes)
		cf := f.add("color_"+g, l.T("rules.color", g), rules.Color(g))
		cf.check = func(s string) error {
			if s = strings.TrimSpace(s); s != "" && !isHexColor(s) {
				return i18n.Errorf("rules.err.color")
			}
			return nil
		}
		intField("cadence_"+g, l.T("rules.cadence", g), rules.CadenceDays(g), 0, tiering.MaxCadenceDays)
		chf := f.add("channels_"+g, l.T("rules.channels", g), channelList(p.Channels, l))
		chf.check = func(s string) error { _, err := parseChannels(s, l); return err }
		chf.hint = func(string) string { return l.T("rules.channels.hint", channelList(tiering.ContactChannels(), l)) }
		floatField("discount_"+g, l.T("rules.discount", g), p.Discount, 0, 100)
		bf := f.add("benefits_"+g, l.T("rules.benefits", g), p.Benefits)
		bf.check = func(s string) error {
			if utf8.RuneCountInString(s) > tiering.MaxBenefitsRunes {
				return i18n.Errorf("rules.err.label", tiering.MaxBenefitsRunes)
			}
			return nil
		}
		textField("owner_"+g, l.T("rules.owner", g), p.Owner, tiering.MaxOwnerRunes)
		floatField("points_"+g, l.T("rules.points", g), p.PointsRate, 0, tiering.MaxPointsRate)
	}
	for _, ff := range f.fields {
		if v, ok := values[ff.key]; ok {
			ff.setValue(v)
			ff.choice = ff.matchChoice()
		}
	}
	f.setFocus(0)
	r.f = f
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func isHexColor(s string) bool {
	if (len(s) != 4 && len(s) != 7) || s[0] != '#' {
		return false
	}
	for _, c := range s[1:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}

// parseMode reads a scoring mode as its key or its name in either language.
func parseMode(s string, l i18n.Lang) (string, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, m := range []string{tiering.ModeQuintile, tiering.ModeAbsolute} {
		if t == m || t == strings.ToLower(i18n.EN.T("rules.mode."+m)) || t == i18n.ZH.T("rules.mode."+m) {
			return m, nil
		}
	}
	return "", i18n.Errorf("rules.err.mode", l.T("rules.mode.quintile"), l.T("rules.mode.absolute"))
}

// listSeparators split the parts of a list typed in a field.
func listSeparator(r rune) bool {
	return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || unicode.IsSpace(r)
}

// parseThresholds reads four numbers separated by commas or spaces.
func parseThresholds(s string) ([4]float64, error) {
	var out [4]float64
	f := strings.FieldsFunc(s, listSeparator)
	if len(f) != 4 {
		return out, i18n.Errorf("rules.err.thr")
	}
	for i, p := range f {
		x, err := strconv.ParseFloat(p, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return out, i18n.Errorf("rules.err.thr")
		}
		out[i] = x
	}
	return out, nil
}

// channelList names channels in l, in order, separated by commas.
func channelList(chs []string, l i18n.Lang) string {
	names := make([]string, len(chs))
	for i, c := range chs {
		names[i] = l.T("channel." + c)
	}
	return strings.Join(names, ", ")
}

// parseChannels reads channels in order, each as its key or its name in
// either language; an empty field is no channel.
func parseChannels(s string, l i18n.Lang) ([]string, error) {
	out := []string{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r != ' ' && listSeparator(r) }) {
		part = strings.ToLower(strings.TrimSpace(part))
		if part == "" {
			continue
		}
		found := ""
		for _, c := range tiering.ContactChannels() {
			if part == c || part == strings.ToLower(i18n.EN.T("channel."+c)) || part == i18n.ZH.T("channel."+c) {
				found = c
			}
		}
		switch {
		case found == "":
			return nil, i18n.Errorf("rules.err.channel", part, channelList(tiering.ContactChannels(), l))
		case slices.Contains(out, found):
			return nil, i18n.Errorf("rules.err.channel.twice", l.T("channel."+found))
		}
		out = append(out, found)
	}
	return out, nil
}

// kept is the stored text when the field still shows it as the form drew
// it (a newline in benefits is drawn as a space), else what was typed.
func kept(typed, stored string) string {
	if typed == validate.Visible(stored) {
		return stored
	}
	return strings.TrimSpace(typed)
}

// fromForm reads the rules from the form and checks them as the rules
// file is checked; fields that fail are marked, the first one focused.
func (r *rulesScreen) fromForm() (tiering.Rules, bool) {
	rules, ok := r.readForm()
	if !ok {
		return tiering.Rules{}, false
	}
	return rules, r.checkRules(rules)
}

// readForm reads the rules from the form's fields, each checked alone.
func (r *rulesScreen) readForm() (tiering.Rules, bool) {
	if !r.f.checkAll() {
		return tiering.Rules{}, false
	}
	l := r.e.lang
	v := r.f.value
	atoi := func(k string) int { n, _ := strconv.Atoi(strings.TrimSpace(v(k))); return n }
	atof := func(k string) float64 { x, _ := strconv.ParseFloat(strings.TrimSpace(v(k)), 64); return x }
	rules := r.orig
	rules.WindowDays = atoi("window_days")
	rules.WeightR, rules.WeightF, rules.WeightM = atof("weight_r"), atof("weight_f"), atof("weight_m")
	rules.WeightLoyalty = atof("weight_loyalty")
	rules.Extra = r.readColumns(atof)
	rules.PotentialBonus = atof("potential_bonus")
	rules.GradeA, rules.GradeB = atof("grade_a"), atof("grade_b")
	rules.Labels, rules.Colors, rules.Cadence = map[string]string{}, map[string]string{}, map[string]int{}
	rules.Policies = map[string]tiering.Policy{}
	for _, g := range tiering.Grades() {
		old := r.orig.Policy(g)
		rules.Labels[g] = kept(v("label_"+g), r.orig.Label(g))
		rules.Colors[g] = strings.TrimSpace(v("color_" + g))
		rules.Cadence[g] = atoi("cadence_" + g)
		p := tiering.Policy{Discount: atof("discount_" + g), PointsRate: atof("points_" + g)}
		p.Channels, _ = parseChannels(v("channels_"+g), l)
		p.Benefits = kept(v("benefits_"+g), old.Benefits)
		p.Owner = kept(v("owner_"+g), old.Owner)
		rules.Policies[g] = p
	}
	dims := map[string]*tiering.DimRule{"r": &rules.R, "f": &rules.F, "m": &rules.M}
	for key, d := range dims {
		d.Mode, _ = parseMode(v(key+"_mode"), l)
		d.Thresholds, _ = parseThresholds(v(key + "_thr"))
	}
	return rules, true
}

// checkRules checks rules read from the form as a rules file is checked,
// then the default owners and graded columns against the ledger; fields
// that fail are marked, the first one focused.
func (r *rulesScreen) checkRules(rules tiering.Rules) bool {
	l := r.e.lang
	ok := true
	bad := func(key string, err error) {
		ff := r.f.field(key)
		if ok {
			if ff != nil {
				r.f.focusKey(key)
				r.f.msg = l.T("form.invalid", ff.label, r.e.errorText(err))
			} else {
				r.f.msg = r.e.errorText(err)
			}
		}
		if ff != nil {
			r.f.setFieldError(key, err)
		}
		ok = false
	}
	// The rules file's own checks, so the editor and the file agree.
	for _, p := range rulesfile.Check(rules) {
		bad(rulesField(p.Key), p.Err())
	}
	for _, g := range tiering.Grades() {
		if err := r.e.st.CheckOwner(r.e.ctx, rules.Policies[g].Owner); err != nil {
			bad("owner_"+g, err)
		}
	}
	for i, d := range rules.Extra {
		if err := r.e.st.CheckDimension(d); err != nil {
			bad("xcol_"+strconv.Itoa(i), err)
		}
	}
	return ok
}

// rulesField is the editor's field for a key of the rules file ("" for a
// key the editor has no field of).
func rulesField(key string) string {
	parts := strings.Split(key, ".")
	switch {
	case key == "window_days" || key == "potential_bonus":
		return key
	case key == "weights":
		return "weight_r"
	case parts[0] == "weights" && len(parts) == 2:
		return "weight_" + parts[1]
	case parts[0] == "grade_lines" && len(parts) == 2:
		return "grade_" + parts[1]
	case parts[0] == "dimensions" && len(parts) == 3 && parts[2] == "mode":
		return parts[1] + "_mode"
	case parts[0] == "dimensions" && len(parts) == 3:
		return parts[1] + "_thr"
	case parts[0] == "grades" && len(parts) == 3:
		field := map[string]string{"label": "label", "color": "color", "cadence_days": "cadence", "channels": "channels",
			"discount": "discount", "benefits": "benefits", "owner": "owner", "points_rate": "points"}[parts[2]]
		if field == "" {
			return ""
		}
		return field + "_" + parts[1]
	case strings.HasPrefix(parts[0], "columns["):
		i := strings.TrimSuffix(strings.TrimPrefix(parts[0], "columns["), "]")
		if len(parts) == 1 {
			return "xcol_" + i
		}
		field := map[string]string{"column": "xcol_", "weight": "xweight_", "mode": "xmode_", "thresholds": "xthr_", "choices": "xmap_"}[parts[1]]
		if field == "" {
			return ""
		}
		return field + i
	}
	return ""
}
