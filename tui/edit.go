package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

func (m *tableScreen) startEdit() {
	r, ok := m.current()
	if !ok {
		m.setMsg("tui.msg.norow")
		return
	}
	c := m.g.cols[m.g.col]
	if c.ReadOnly {
		m.status = status{text: m.e.lang.T("tui.msg.readonlyheld", c.Label(m.e.lang)), err: true}
		m.readOnlyHeld = true
		return
	}
	val := ""
	if m.g.col < len(r.Values) {
		val = store.Format(c, r.Values[m.g.col], m.e.lang)
	}
	m.ed.open(m.e.sty, r.ID, c, val, m.editWidth(), false)
	m.mode = modeEdit
}

// holdsTyping swallows the characters typed after Enter on a computed cell,
// saying again why nothing is edited; any other key ends the hold and is
// handled as usual.
func (m *tableScreen) holdsTyping(msg tea.KeyMsg) bool {
	if !m.readOnlyHeld {
		return false
	}
	if msg.Type == tea.KeyRunes || msg.Type == tea.KeySpace || msg.Type == tea.KeyBackspace {
		c := m.g.cols[m.g.col]
		m.status = status{text: m.e.lang.T("tui.msg.readonlyheld", c.Label(m.e.lang)), err: true}
		return true
	}
	m.readOnlyHeld = false
	if msg.Type == tea.KeyEscape {
		m.status = status{}
		return true
	}
	return false
}

func (m *tableScreen) startAdd() {
	name, _ := m.e.st.Column("name")
	m.g.col = 0
	m.ed.open(m.e.sty, 0, name, "", m.g.nameWidth(m.e.width), true)
	m.mode = modeEdit
	m.status = status{text: m.e.lang.T("tui.msg.addname")}
}

func (m *tableScreen) editKey(msg tea.KeyMsg) tea.Cmd {
	k := m.e.keys
	switch {
	case key.Matches(msg, k.Cancel):
		m.ed.close()
		m.mode = modeTable
		m.status = status{}
		return nil
	case key.Matches(msg, k.Commit):
		return m.commit(false)
	case key.Matches(msg, k.CommitRight):
		return m.commit(true)
	}
	return m.ed.update(msg)
}

// commit stores what the editor holds. An invalid value keeps the editor
// open with what was typed and shows the reason; nothing is written.
func (m *tableScreen) commit(right bool) tea.Cmd {
	st, val := m.e.st, m.ed.value()
	if !m.ed.adding && m.ed.keepsOld() {
		m.ed.close()
		m.mode = modeTable
		return nil
	}
	var ch store.Change
	var err error
	if m.ed.adding {
		ch, err = st.AddCustomer(m.e.ctx, map[string]string{"name": val})
	} else {
		ch, err = st.SetField(m.e.ctx, m.ed.id, m.ed.col.Key, val)
	}
	if err != nil {
		m.setErr(err)
		return nil
	}
	adding, col := m.ed.adding, m.ed.col
	m.ed.close()
	m.mode = modeTable
	if adding {
		m.status = status{text: m.e.lang.T("tui.msg.added", validate.Visible(val))}
		if m.g.total >= 0 {
			m.g.total++
		}
	} else {
		m.status = status{text: m.e.lang.T("tui.msg.saved", col.Label(m.e.lang))}
	}
	m.addGrade(ch.Grade)
	m.addWarnings(ch.Warnings)
	if !m.relocate(ch.ID) {
		m.status.text = joinStatus(m.status.text, m.e.lang.T("tui.msg.hidden"))
		if m.g.total > 0 && !adding {
			m.g.total--
		}
	}
	if right {
		m.moveToEditable()
	}
	cmds := []tea.Cmd{m.countCmd(), m.prefetchCmd()}
	return tea.Batch(cmds...)
}

func (m *tableScreen) deleteCurrent() tea.Cmd {
	r, ok := m.current()
	if !ok {
		m.setMsg("tui.msg.norow")
		return nil
	}
	name := m.currentName()
	if err := m.e.st.Delete(m.e.ctx, r.ID); err != nil {
		m.setErr(err)
		return nil
	}
	m.setMsg("tui.msg.trashed", validate.Visible(name))
	if m.g.total > 0 {
		m.g.total--
	}
	m.reload()
	return tea.Batch(m.countCmd(), m.scheduleRegrade(false))
}

func (m *tableScreen) undo(undo bool) tea.Cmd {
	var res store.UndoResult
	var err error
	if undo {
		res, err = m.e.st.Undo(m.e.ctx)
	} else {
		res, err = m.e.st.Redo(m.e.ctx)
	}
	if err != nil {
		m.setErr(err)
		return nil
	}
	if undo {
		m.setMsg("tui.msg.undone")
	} else {
		m.setMsg("tui.msg.redone")
	}
	m.addGrade(res.Grade)
	m.g.total = -1
	m.relocate(res.CustomerID)
	cmds := []tea.Cmd{m.countCmd()}
	if res.Entity == "purchases" || res.Op != "edit" {
		cmds = append(cmds, m.scheduleRegrade(false))
	}
	if res.Entity == "settings" {
		// The rules went back (or forth): the ledger is regraded already,
		// and the labels and colours must follow at once.
		cmds = append(cmds, m.rulesCmd())
	}
	return tea.Batch(cmds...)
}
