package tui

import (
	"encoding/json"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
)

// rulesScreen edits the tiering rules (`R`): window, weights (loyalty and
// graded columns too), grade lines, quintile or absolute scoring per
// dimension with its thresholds, and per grade its label, colour, contact
// cadence and service policy. The rules are checked as a rules file is.
// Before saving it shows who would change grade (ctrl+p, or the first
// ctrl+s); the next ctrl+s applies the rules and regrades the ledger as one
// change, which u in the table undoes.
type rulesScreen struct {
	loadState
	e    env
	keys rulesKeys
	f    *form
	err  error

	orig       tiering.Rules
	cols       []tiering.ExtraDim // the graded columns as chosen so far
	preview    *store.RulesPreview
	previewFor string // the rules (as JSON) the preview was computed for
}

// rulesKeys are the form's keys, the preview, and adding or removing a
// graded column.
type rulesKeys struct {
	formKeys
	Preview                 key.Binding
	AddColumn, RemoveColumn key.Binding
}

// newRules opens the rules editor; Init reads the rules.
func newRules(e env) *rulesScreen {
	l := e.lang
	return &rulesScreen{e: e, keys: rulesKeys{formKeys: newFormKeys(l), Preview: bind(l, "ctrl+p", "hint.preview", "ctrl+p"),
		AddColumn:    bind(l, "ctrl+n", "hint.rules.addcol", "ctrl+n"),
		RemoveColumn: bind(l, "ctrl+x", "hint.rules.delcol", "ctrl+x")}}
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

// ShortHelp is the footer: the editor's keys, those that apply where the
// focus is, saving and cancelling before the graded columns' keys so that a
// narrow screen keeps them; ←/→ only on a field with choices, removing a
// graded column only in its fields.
func (r *rulesScreen) ShortHelp() []key.Binding {
	k := r.keys
	if r.f != nil {
		ff := r.f.current()
		k.ChoosePrev.SetEnabled(len(ff.choices) > 0)
		k.ChooseNext.SetEnabled(len(ff.choices) > 0)
		k.RemoveColumn.SetEnabled(colBlock(ff.key) >= 0)
	}
	return []key.Binding{k.Next, k.Down, k.ChoosePrev, k.ChooseNext, k.Preview, k.Save, k.Cancel, k.AddColumn, k.RemoveColumn, k.Prev, k.Up}
}

// FullHelp is the editor's keys (help.KeyMap).
func (r *rulesScreen) FullHelp() [][]key.Binding { return fullHelp(r.helpGroups()) }

func (r *rulesScreen) helpGroups() []keyGroup {
	k := r.keys
	return []keyGroup{{r.e.lang.T("tui.help.forms"), append(k.moves(), k.ChoosePrev, k.ChooseNext, k.Enter, k.Preview, k.AddColumn, k.RemoveColumn, k.Save, k.Cancel)}}
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
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(k, r.keys.Preview):
			if rules, ok := r.fromForm(); ok {
				return r, r.previewCmd(rules)
			}
			return r, nil
		case key.Matches(k, r.keys.AddColumn):
			r.addColumn()
			return r, nil
		case key.Matches(k, r.keys.RemoveColumn):
			if i := colBlock(r.f.current().key); i >= 0 {
				r.removeColumn(i)
			}
			return r, nil
		}
	}
	ev, cmd := r.f.update(msg)
	switch ev {
	case formChange:
		r.columnChanged(r.f.current().key)
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
		rep, err := r.e.st.ApplyRules(r.e.ctx, rules)
		if err != nil {
			r.f.msg = r.e.errorText(err)
			return r, nil
		}
		return r, pop(popMsg{status: r.e.lang.T("rules.saved", rep.GradeMoves, rep.Customers), changed: true})
	}
	return r, cmd
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
