package tui

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// newInput is a text input styled from sty, with a steady cursor (no blink
// timer, so the screen only changes on input).
func newInput(sty styles, prompt, value string) textinput.Model {
	ti := textinput.New()
	ti.Prompt = prompt
	ti.PromptStyle = sty.prompt
	ti.TextStyle = sty.cell
	ti.PlaceholderStyle = sty.dim
	ti.CompletionStyle = sty.dim
	ti.Cursor.Style = sty.cursor
	ti.Cursor.TextStyle = sty.cell
	ti.Cursor.SetMode(cursor.CursorStatic)
	ti.CharLimit = 4000
	ti.SetValue(value)
	ti.CursorEnd()
	ti.Focus()
	return ti
}

// editor edits one cell in place. What was typed stays in it until it is
// committed or cancelled: an invalid value keeps the editor open.
type editor struct {
	active bool
	adding bool  // typing the name of a new customer
	id     int64 // the customer being edited (0 when adding)
	col    store.Column
	ti     textinput.Model
	// shown is the value the editor opened with, control characters made
	// visible; escaped says that differs from the stored value.
	shown   string
	escaped bool
}

// open starts editing value of column c for customer id in a cell w wide.
// A stored value holding control characters (from an older ledger) is
// shown with them escaped.
func (e *editor) open(sty styles, id int64, c store.Column, value string, w int, adding bool) {
	e.active, e.adding, e.id, e.col = true, adding, id, c
	e.shown = validate.Visible(value)
	e.escaped = e.shown != value
	e.ti = newInput(sty, "", e.shown)
	e.setWidth(w)
}

// keepsOld reports an escaped old value committed unchanged: it is left as
// it is stored, since saving would store the escapes as text.
func (e *editor) keepsOld() bool { return e.escaped && e.ti.Value() == e.shown }

// setWidth sizes the input to a cell of w cells (one is kept for the cursor).
func (e *editor) setWidth(w int) {
	if w < 2 {
		w = 2
	}
	e.ti.Width = w - 1
}

func (e *editor) close() { e.active, e.adding = false, false }

func (e *editor) value() string { return e.ti.Value() }

func (e *editor) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	e.ti, cmd = e.ti.Update(msg)
	return cmd
}

func (e *editor) view() string { return e.ti.View() }
