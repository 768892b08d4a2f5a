package tui

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
)

// rulesScreen edits the tiering rules (`R`): window, weights, grade lines,
// labels, colours, quintile or absolute scoring per dimension with its
// thresholds, and the contact cadence per grade. Before saving it shows how
// many customers would change grade (ctrl+p, or the first ctrl+s); the
// next ctrl+s saves and regrades the ledger.
type rulesScreen struct {
	loadState
	e    env
	keys rulesKeys
	f    *form
	err  error

	orig       tiering.Rules
	preview    *store.RulesPreview
	previewFor string // the rules (as JSON) the preview was computed for
}

// rulesKeys are the form's keys and the preview.
type rulesKeys struct {
	formKeys
	Preview key.Binding
}

// newRules opens the rules editor; Init reads the rules.
func newRules(e env) *rulesScreen {
	l := e.lang
	return &rulesScreen{e: e, keys: rulesKeys{formKeys: newFormKeys(l), Preview: bind(l, "ctrl+p", "hint.preview", "ctrl+p")}}
}

// Init reads the rules in force, then builds the form.
func (r *rulesScreen) Init() tea.Cmd {
	st, ctx := r.e.st, r.e.ctx
	return load(r, func() func() tea.Cmd {
		rules, err := st.Rules(ctx)
		return func() tea.Cmd {
			r.ready, r.err = true, err
			if err != nil {
				rules = tiering.DefaultRules()
			}
			r.build(rules)
			return nil
		}
	})
}

// SetSize records the terminal size.
func (r *rulesScreen) SetSize(w, h int) { r.e.SetSize(w, h) }

// Title is the editor's header.
func (r *rulesScreen) Title() string { return r.e.lang.T("rules.title") }

// ShortHelp is the footer: every key of the editor.
func (r *rulesScreen) ShortHelp() []key.Binding {
	k := r.keys
	return k.hint(k.ChoosePrev, k.ChooseNext, k.Preview)
}

// FullHelp is the editor's keys (help.KeyMap).
func (r *rulesScreen) FullHelp() [][]key.Binding { return fullHelp(r.helpGroups()) }

func (r *rulesScreen) helpGroups() []keyGroup {
	k := r.keys
	return []keyGroup{{r.e.lang.T("tui.help.forms"), append(k.moves(), k.ChoosePrev, k.ChooseNext, k.Enter, k.Preview, k.Save, k.Cancel)}}
}

// build lays out the fields for rules.
func (r *rulesScreen) build(rules tiering.Rules) {
	r.orig = rules
	l := r.e.lang
	f := newForm(r.e)
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
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
	intField("window_days", l.T("rules.window"), rules.WindowDays, 1, tiering.MaxWindowDays)
	floatField("weight_r", l.T("rules.weight", "R"), rules.WeightR, 0, 100)
	floatField("weight_f", l.T("rules.weight", "F"), rules.WeightF, 0, 100)
	floatField("weight_m", l.T("rules.weight", "M"), rules.WeightM, 0, 100)
	floatField("potential_bonus", l.T("rules.bonus"), rules.PotentialBonus, 0, 100)
	floatField("grade_a", l.T("rules.line", "A"), rules.GradeA, 0, 100)
	floatField("grade_b", l.T("rules.line", "B"), rules.GradeB, 0, 100)
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
		lf := f.add("label_"+g, l.T("rules.label", g), rules.Label(g))
		lf.check = func(s string) error {
			if utf8.RuneCountInString(s) > tiering.MaxLabelRunes || strings.IndexFunc(s, unicode.IsControl) >= 0 {
				return i18n.Errorf("rules.err.label", tiering.MaxLabelRunes)
			}
			return nil
		}
	}
	for _, g := range tiering.Grades() {
		cf := f.add("color_"+g, l.T("rules.color", g), rules.Color(g))
		cf.check = func(s string) error {
			if s = strings.TrimSpace(s); s != "" && !isHexColor(s) {
				return i18n.Errorf("rules.err.color")
			}
			return nil
		}
	}
	for _, g := range tiering.Grades() {
		intField("cadence_"+g, l.T("rules.cadence", g), rules.CadenceDays(g), 0, tiering.MaxCadenceDays)
	}
	f.setFocus(0)
	r.f = f
}

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

// parseThresholds reads four numbers separated by commas or spaces.
func parseThresholds(s string) ([4]float64, error) {
	var out [4]float64
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ';' || unicode.IsSpace(r) })
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

// fromForm reads the rules from the form; fields that fail are marked.
func (r *rulesScreen) fromForm() (tiering.Rules, bool) {
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
	rules.PotentialBonus = atof("potential_bonus")
	rules.GradeA, rules.GradeB = atof("grade_a"), atof("grade_b")
	rules.Labels, rules.Colors, rules.Cadence = map[string]string{}, map[string]string{}, map[string]int{}
	for _, g := range tiering.Grades() {
		rules.Labels[g] = strings.TrimSpace(v("label_" + g))
		rules.Colors[g] = strings.TrimSpace(v("color_" + g))
		rules.Cadence[g] = atoi("cadence_" + g)
	}
	dims := map[string]*tiering.DimRule{"r": &rules.R, "f": &rules.F, "m": &rules.M}
	for key, d := range dims {
		d.Mode, _ = parseMode(v(key+"_mode"), l)
		d.Thresholds, _ = parseThresholds(v(key + "_thr"))
	}
	ok := true
	bad := func(key string, err error) {
		if ok {
			r.f.focusKey(key)
			r.f.msg = l.T("form.invalid", r.f.field(key).label, r.e.errorText(err))
		}
		r.f.setFieldError(key, err)
		ok = false
	}
	if rules.WeightR+rules.WeightF+rules.WeightM <= 0 {
		bad("weight_r", i18n.Errorf("rules.err.weights"))
	}
	if rules.GradeB > rules.GradeA {
		bad("grade_b", i18n.Errorf("rules.err.lines"))
	}
	for _, key := range []string{"r", "f", "m"} {
		d := dims[key]
		if !d.Absolute() {
			continue
		}
		t := d.Thresholds
		for i := 1; i < 4; i++ {
			if key == "r" && t[i] > t[i-1] || key != "r" && t[i] < t[i-1] {
				bad(key+"_thr", i18n.Errorf("rules.err.order."+key))
				break
			}
		}
		if key != "m" && slices.Min(t[:]) < 0 {
			bad(key+"_thr", i18n.Errorf("rules.err.thr"))
		}
	}
	if !ok {
		return tiering.Rules{}, false
	}
	if err := rules.Validate(); err != nil {
		r.f.msg = r.e.errorText(i18n.Errorf("rules.bad", err.Error()))
		return tiering.Rules{}, false
	}
	return rules, true
}

func rulesKey(r tiering.Rules) string {
	b, _ := json.Marshal(r)
	return string(b)
}

// previewCmd computes in the background what rules would do; the editor
// then asks for the saving ctrl+s.
func (r *rulesScreen) previewCmd(rules tiering.Rules) tea.Cmd {
	st, ctx := r.e.st, r.e.ctx
	return load(r, func() func() tea.Cmd {
		p, err := st.PreviewRulesDetail(ctx, rules)
		return func() tea.Cmd {
			if err != nil {
				r.f.msg = r.e.errorText(err)
				r.preview = nil
				return nil
			}
			r.preview, r.previewFor = &p, rulesKey(rules)
			r.f.msg = r.e.lang.T("rules.confirm")
			return nil
		}
	})
}

// Update handles the form, the preview and saving.
func (r *rulesScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	if r.f == nil {
		return r, nil
	}
	if k, ok := msg.(tea.KeyMsg); ok && key.Matches(k, r.keys.Preview) {
		if rules, ok := r.fromForm(); ok {
			return r, r.previewCmd(rules)
		}
		return r, nil
	}
	ev, cmd := r.f.update(msg)
	switch ev {
	case formCancel:
		return r, pop(popMsg{status: r.e.lang.T("rules.unchanged")})
	case formSave:
		rules, ok := r.fromForm()
		if !ok {
			return r, nil
		}
		if r.preview == nil || r.previewFor != rulesKey(rules) {
			return r, r.previewCmd(rules)
		}
		rep, err := r.e.st.SetRules(r.e.ctx, rules)
		if err != nil {
			r.f.msg = r.e.errorText(err)
			return r, nil
		}
		return r, pop(popMsg{status: r.e.lang.T("rules.saved", rep.GradeMoves, rep.Customers), changed: true})
	}
	return r, cmd
}

// previewLines renders the preview.
func (r *rulesScreen) previewLines() []string {
	l := r.e.lang
	p := r.preview
	if p == nil {
		return []string{r.e.sty.dim.Render(l.T("rules.nopreview"))}
	}
	head := l.T("rules.preview", p.Changes, p.Customers)
	if r.previewFor != "" {
		if rules, ok := r.quietBuild(); !ok || rulesKey(rules) != r.previewFor {
			head += "  " + r.e.sty.errMsg.Render(l.T("rules.stale"))
		}
	}
	var counts []string
	for _, g := range tiering.Grades() {
		counts = append(counts, r.e.sty.gradeStyle(g).Render(g)+fmt.Sprintf(" %d→%d", p.Before[g], p.After[g]))
	}
	moves := make([]string, 0, len(p.Moves))
	for k := range p.Moves {
		moves = append(moves, k)
	}
	slices.SortFunc(moves, func(a, b string) int {
		if p.Moves[a] != p.Moves[b] {
			return p.Moves[b] - p.Moves[a]
		}
		return strings.Compare(a, b)
	})
	var mv []string
	for _, k := range moves[:min(len(moves), 8)] {
		mv = append(mv, k+" "+strconv.Itoa(p.Moves[k]))
	}
	out := []string{r.e.sty.helpHead.Render(head), "  " + strings.Join(counts, "   ")}
	if len(mv) > 0 {
		out = append(out, "  "+strings.Join(mv, "   "))
	}
	return out
}

// quietBuild reads the rules without marking fields.
func (r *rulesScreen) quietBuild() (tiering.Rules, bool) {
	errs := make([]string, len(r.f.fields))
	for i, ff := range r.f.fields {
		errs[i] = ff.err
	}
	msg, focus := r.f.msg, r.f.focus
	rules, ok := r.fromForm()
	for i, ff := range r.f.fields {
		ff.err = errs[i]
	}
	r.f.msg = msg
	if r.f.focus != focus {
		r.f.setFocus(focus)
	}
	return rules, ok
}

// View draws the editor and the preview.
func (r *rulesScreen) View() string {
	if r.loading() {
		return loadingView(r.e)
	}
	title := r.e.sty.header.Render(" " + r.Title() + " ")
	pv := r.previewLines()
	h := r.e.height - 2 - 2 - len(pv) - 2
	body := r.f.view(r.e.width-2, max(h, 1))
	body = append(body, "")
	if r.err != nil {
		body = append(body, r.e.sty.errMsg.Render(r.e.errorText(r.err)))
	}
	msg := ""
	if r.f.msg != "" {
		msg = " " + r.e.sty.errMsg.Render(r.f.msg)
	}
	body = append(body, pv...)
	return scFrame(r.e.width, r.e.height, title, body, 0, msg, renderHint(r.e.sty, r.ShortHelp(), r.e.width))
}
