package tui

// The generic form used by the contact, purchase and rules screens, and the
// helpers every screen of this part shares (frame fitting).

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/validate"
)

// formKeys are the keys of every form. A form has no `?`: its text fields
// take that key, so its footer shows all of them.
type formKeys struct {
	Next, Down, Prev, Up   key.Binding
	ChoosePrev, ChooseNext key.Binding // cycle a choice field
	Complete               key.Binding // accept the completion shown
	Enter, Save, Cancel    key.Binding
	// Close leaves a form whose customer could not be read.
	Close key.Binding
}

func newFormKeys(l i18n.Lang) formKeys {
	return formKeys{
		Next:       bind(l, "Tab", "tui.key.formnext", "tab"),
		Down:       bind(l, "↓", "tui.key.formnext", "down"),
		Prev:       bind(l, "shift+Tab", "tui.key.formprev", "shift+tab"),
		Up:         bind(l, "↑", "tui.key.formprev", "up"),
		ChoosePrev: bind(l, "←", "hint.choose", "left"),
		ChooseNext: bind(l, "→", "hint.choose", "right"),
		Complete:   bind(l, "→", "hint.complete", "right"),
		Enter:      bind(l, "Enter", "hint.next", "enter"),
		Save:       bind(l, "ctrl+s", "hint.save", "ctrl+s"),
		Cancel:     bind(l, "Esc", "hint.cancel", "esc"),
		Close:      bind(l, "Esc/q/Enter", "hint.back", "esc", "q", "enter"),
	}
}

// moves are the bindings that move between fields.
func (k formKeys) moves() []key.Binding { return []key.Binding{k.Next, k.Down, k.Prev, k.Up} }

// hint is a form's footer: what moves on, then mid (the form's own keys),
// saving and cancelling, and last what moves back, which a narrow screen
// drops first.
func (k formKeys) hint(mid ...key.Binding) []key.Binding {
	out := append([]key.Binding{k.Next, k.Down}, mid...)
	return append(out, k.Save, k.Cancel, k.Prev, k.Up)
}

// formChoice is one value a choice field cycles through with ←/→: the text
// put in the input and a hint shown beside it.
type formChoice struct {
	value string
	hint  string
}

// formField is one labelled input of a form.
type formField struct {
	key   string
	label string
	in    textinput.Model
	// choices, when set, are cycled with ←/→; typed text is accepted too.
	choices []formChoice
	choice  int // index of the choice shown; -1 once the text was typed
	// check validates the text; its error is shown beside the field.
	check func(string) error
	// hint, when set, says something about the current text (e.g. the date
	// "+1w" means). An error wins over it.
	hint func(string) string
	// completes, when set, offers completions: → at the end of the text
	// accepts the one shown, ctrl+n / ctrl+p pick another.
	completes bool
	err       string
}

// value is the field's text.
func (f *formField) value() string { return f.in.Value() }

// setValue replaces the field's text and puts the cursor at its end.
func (f *formField) setValue(v string) {
	f.in.SetValue(v)
	f.in.CursorEnd()
}

// formEvent is what a key did to a form.
type formEvent int

const (
	formNone   formEvent = iota
	formSave             // every field passed its check: the owner saves
	formCancel           // Esc
	formChange           // the text of a field changed
)

// form is a column of labelled fields. Tab / Shift+Tab or ↓ / ↑ move, Enter
// moves to the next field and saves on the last, ctrl+s saves from any field,
// Esc cancels. A field failing its check shows the reason beside it and the
// form stays open with what was typed.
type form struct {
	e      env
	keys   formKeys
	fields []*formField
	focus  int
	msg    string // a form-wide error or note, under the fields
	top    int    // first field line shown when the form is taller than the screen
}

func newForm(e env) *form { return &form{e: e, keys: newFormKeys(e.lang)} }

// add appends a text field with an initial value.
func (f *form) add(key, label, value string) *formField {
	ff := &formField{key: key, label: label, in: newInput(f.e.sty, "", validate.Visible(value)), choice: -1}
	ff.in.Blur()
	f.fields = append(f.fields, ff)
	return ff
}

// addChoice appends a field cycling through choices, starting at choice i.
func (f *form) addChoice(key, label string, choices []formChoice, i int) *formField {
	ff := f.add(key, label, "")
	ff.choices = choices
	if i >= 0 && i < len(choices) {
		ff.choice = i
		ff.setValue(choices[i].value)
	}
	return ff
}

// field returns the field with key (nil when none).
func (f *form) field(key string) *formField {
	for _, ff := range f.fields {
		if ff.key == key {
			return ff
		}
	}
	return nil
}

// value is the text of field key.
func (f *form) value(key string) string {
	if ff := f.field(key); ff != nil {
		return ff.value()
	}
	return ""
}

// setFocus focuses field i.
func (f *form) setFocus(i int) {
	if len(f.fields) == 0 {
		return
	}
	i = (i%len(f.fields) + len(f.fields)) % len(f.fields)
	f.fields[f.focus].in.Blur()
	f.focus = i
	f.fields[i].in.Focus()
	f.fields[i].in.CursorEnd()
}

// focusKey focuses the field with key.
func (f *form) focusKey(key string) {
	for i, ff := range f.fields {
		if ff.key == key {
			f.setFocus(i)
			return
		}
	}
}

// current is the focused field.
func (f *form) current() *formField {
	if len(f.fields) == 0 {
		return nil
	}
	return f.fields[f.focus]
}

// checkField runs field ff's check and records the reason it fails.
func (f *form) checkField(ff *formField) bool {
	ff.err = ""
	if ff.check == nil {
		return true
	}
	if err := ff.check(ff.value()); err != nil {
		ff.err = f.e.errorText(err)
		return false
	}
	return true
}

// checkAll checks every field and focuses the first that fails.
func (f *form) checkAll() bool {
	first := -1
	for i, ff := range f.fields {
		if !f.checkField(ff) && first < 0 {
			first = i
		}
	}
	if first >= 0 {
		f.setFocus(first)
		f.msg = f.e.lang.T("form.invalid", f.fields[first].label, f.fields[first].err)
		return false
	}
	f.msg = ""
	return true
}

// setFieldError marks field key as refused with err (e.g. by the ledger).
func (f *form) setFieldError(key string, err error) {
	if ff := f.field(key); ff != nil {
		ff.err = f.e.errorText(err)
	}
}

// update handles one message for the form.
func (f *form) update(msg tea.Msg) (formEvent, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	ff := f.current()
	if ff == nil {
		if ok && key.Matches(k, f.keys.Cancel) {
			return formCancel, nil
		}
		return formNone, nil
	}
	if !ok {
		var cmd tea.Cmd
		ff.in, cmd = ff.in.Update(msg)
		return formNone, cmd
	}
	last := f.focus == len(f.fields)-1
	switch {
	case key.Matches(k, f.keys.Cancel):
		return formCancel, nil
	case key.Matches(k, f.keys.Save), key.Matches(k, f.keys.Enter) && last:
		if f.checkAll() {
			return formSave, nil
		}
		return formNone, nil
	case key.Matches(k, f.keys.Enter), key.Matches(k, f.keys.Next):
		f.checkField(ff)
		f.setFocus(f.focus + 1)
		return formNone, nil
	case key.Matches(k, f.keys.Down):
		f.checkField(ff)
		if !last {
			f.setFocus(f.focus + 1)
		}
		return formNone, nil
	case key.Matches(k, f.keys.Prev):
		f.checkField(ff)
		f.setFocus(f.focus - 1)
		return formNone, nil
	case key.Matches(k, f.keys.Up):
		f.checkField(ff)
		if f.focus > 0 {
			f.setFocus(f.focus - 1)
		}
		return formNone, nil
	case len(ff.choices) > 0 && key.Matches(k, f.keys.ChoosePrev, f.keys.ChooseNext):
		step := 1
		if key.Matches(k, f.keys.ChoosePrev) {
			step = -1
		}
		i := ff.choice
		if i < 0 {
			i = ff.matchChoice()
			if i < 0 && step < 0 {
				i = 0
			}
		}
		i = ((i+step)%len(ff.choices) + len(ff.choices)) % len(ff.choices)
		ff.choice = i
		ff.setValue(ff.choices[i].value)
		ff.err = ""
		return formChange, nil
	case ff.completes && key.Matches(k, f.keys.Complete) && ff.in.Position() == len([]rune(ff.value())):
		if s := ff.in.CurrentSuggestion(); s != "" && s != ff.value() {
			ff.setValue(s)
			ff.err = ""
			return formChange, nil
		}
	}
	before := ff.value()
	var cmd tea.Cmd
	ff.in, cmd = ff.in.Update(msg)
	if ff.value() != before {
		ff.err = ""
		f.msg = ""
		ff.choice = ff.matchChoice()
		return formChange, cmd
	}
	return formNone, cmd
}

// matchChoice is the index of the choice whose value is the text, or -1.
func (ff *formField) matchChoice() int {
	for i, c := range ff.choices {
		if c.value == ff.value() {
			return i
		}
	}
	return -1
}

// labelWidth is the width of the widest label.
func (f *form) labelWidth() int {
	w := 0
	for _, ff := range f.fields {
		w = max(w, ansi.StringWidth(ff.label))
	}
	return w
}

// view renders the fields in at most h lines of width w. A field's hint or
// error that does not fit beside its input goes on the line under it, so a
// narrow screen cuts neither the reason a value was refused nor the
// example of what to type.
func (f *form) view(w, h int) []string {
	lw := f.labelWidth()
	inW := min(max(w-lw-6, 8), 40)
	var lines []string
	first, last := 0, 0 // the focused field's lines
	for i, ff := range f.fields {
		mark := "  "
		label := f.e.sty.cell.Render(scPad(ff.label, lw))
		if i == f.focus {
			mark = f.e.sty.prompt.Render("▸ ")
			label = f.e.sty.prompt.Render(scPad(ff.label, lw))
		}
		ff.in.Width = inW - 1
		input := ff.in.View()
		if len(ff.choices) > 0 && i == f.focus {
			input = "‹ " + input + " ›"
		}
		input = scFit(input, inW+4)
		side := f.side(i, ff)
		if i == f.focus {
			first = len(lines)
		}
		line := mark + label + "  " + input
		switch {
		case side == "":
			lines = append(lines, line)
		case ansi.StringWidth(line)+1+ansi.StringWidth(side) <= w:
			lines = append(lines, line+" "+side)
		default:
			// Under the input, or under the label when even that
			// line is too short for it.
			indent := 2 + lw + 2
			if indent+ansi.StringWidth(side) > w {
				indent = 4
			}
			lines = append(lines, line, strings.Repeat(" ", indent)+side)
		}
		if i == f.focus {
			last = len(lines) - 1
		}
	}
	// Keep the focused field visible.
	if h > 0 && len(lines) > h {
		if first < f.top {
			f.top = first
		}
		if last >= f.top+h {
			f.top = last - h + 1
		}
		f.top = min(f.top, len(lines)-h)
		lines = lines[f.top : f.top+h]
	} else {
		f.top = 0
	}
	return lines
}

// side is what is said beside field i: why its value was refused, the
// completion on offer, its choice's hint, its own hint, or how to cycle
// its choices.
func (f *form) side(i int, ff *formField) string {
	switch {
	case ff.err != "":
		return f.e.sty.errMsg.Render("✗ " + validate.Visible(ff.err))
	case i == f.focus && ff.completes && ff.in.CurrentSuggestion() != "" && ff.in.CurrentSuggestion() != ff.value():
		return f.e.sty.dim.Render(f.e.lang.T("form.complete", validate.Visible(ff.in.CurrentSuggestion())))
	case ff.choice >= 0 && ff.choice < len(ff.choices) && ff.choices[ff.choice].hint != "":
		return f.e.sty.dim.Render(validate.Visible(ff.choices[ff.choice].hint))
	case ff.hint != nil && i == f.focus:
		if side := f.e.sty.dim.Render(ff.hint(ff.value())); side != "" {
			return side
		}
	}
	if len(ff.choices) > 0 && i == f.focus {
		return f.e.sty.dim.Render(f.e.lang.T("form.cycle"))
	}
	return ""
}

// ---- shared screen helpers ----

// visibleAll is ss with control characters made visible (validate.Visible):
// stored text offered as completions or choices.
func visibleAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = validate.Visible(s)
	}
	return out
}

// scFit cuts or pads s to exactly w display cells.
func scFit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if ansi.StringWidth(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
}

// scPad pads plain s to w cells (never cuts).
func scPad(s string, w int) string {
	return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
}

// scFrame lays out a screen: the title, the body scrolled from top, then
// the footer lines at the bottom, exactly w x h.
func scFrame(w, h int, title string, body []string, top int, footer ...string) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	room := h - 2 - len(footer)
	if room < 0 {
		room = 0
	}
	top = min(max(top, 0), max(len(body)-room, 0))
	out := make([]string, 0, h)
	out = append(out, scFit(title, w), strings.Repeat(" ", w))
	for i := top; i < len(body) && i < top+room; i++ {
		out = append(out, scFit(" "+body[i], w))
	}
	for len(out) < h-len(footer) {
		out = append(out, strings.Repeat(" ", w))
	}
	for _, f := range footer {
		out = append(out, scFit(f, w))
	}
	if len(out) > h {
		out = out[len(out)-h:]
	}
	return strings.Join(out, "\n")
}

// customerFormUpdate runs the steps the contact and purchase forms share. A
// form whose customer could not be read (loadErr) closes on Esc, q or Enter;
// otherwise the form takes the message, Esc cancels and a save calls save.
// done reports that the caller has nothing more to do with msg.
func customerFormUpdate(e env, f *form, loadErr error, id int64, msg tea.Msg, save func() tea.Cmd) (cmd tea.Cmd, done bool) {
	if loadErr != nil {
		if k, ok := msg.(tea.KeyMsg); ok && key.Matches(k, f.keys.Close) {
			return pop(popMsg{customerID: id}), true
		}
		return nil, true
	}
	ev, cmd := f.update(msg)
	switch ev {
	case formCancel:
		return pop(popMsg{status: e.lang.T("form.cancelled"), customerID: id}), true
	case formSave:
		return save(), true
	}
	return cmd, false
}

// errorFrame draws a screen that could not read what it shows, with the
// hint of the keys that leave it.
func errorFrame(e env, title string, err error, keys ...key.Binding) string {
	return scFrame(e.width, e.height, title, []string{e.sty.errMsg.Render(validate.Visible(e.errorText(err)))}, 0,
		renderHint(e.sty, keys, e.width))
}
