package tui

import (
	"context"
	"errors"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
)

// searchMsg says where the next match is.
type searchMsg struct {
	qgen    int
	term    string
	idx     int
	found   bool
	wrapped bool // the match is found past the end (or start) of the view
	only    bool // it is the one match in the view
	err     error
}

var errStop = errors.New("stop")

// searcher is the table's search (/, n, N): the text looked for and
// whether a search is running (one at a time).
type searcher struct {
	term    string
	running bool
}

// searchScope is what a search reads: the view on screen, its columns as
// shown, and the row the cursor is on.
type searchScope struct {
	ctx   context.Context
	st    *store.Store
	q     store.Query
	qgen  int
	cols  []store.Column
	lang  i18n.Lang
	rules tiering.Rules
	from  int
}

// find returns the command that looks for the term in sc after (or
// before) sc.from, wrapping around; it streams the view instead of holding it.
func (s *searcher) find(sc searchScope, forward bool) tea.Cmd {
	s.running = true
	term := s.term
	mt := newMatcher(term)
	return func() tea.Msg {
		first, last, before, after := -1, -1, -1, -1
		i, hits := -1, 0
		err := sc.st.Each(sc.ctx, sc.q, func(r store.Row) error {
			i++
			hit := false
			for j, c := range sc.cols {
				if j < len(r.Values) && mt.cell(c, r.Values[j], sc.lang, sc.rules) {
					hit = true
					break
				}
			}
			if !hit {
				return nil
			}
			hits++
			if first < 0 {
				first = i
			}
			last = i
			if i < sc.from {
				before = i
			}
			if i > sc.from && after < 0 {
				after = i
			}
			if forward && after >= 0 && hits >= 2 {
				return errStop // the next match, and it is not the only one
			}
			return nil
		})
		msg := searchMsg{qgen: sc.qgen, term: term, only: hits == 1}
		if err != nil && !errors.Is(err, errStop) {
			msg.err = err
			return msg
		}
		switch {
		case forward && after >= 0:
			msg.idx, msg.found = after, true
		case forward && first >= 0:
			msg.idx, msg.found, msg.wrapped = first, true, true
		case !forward && before >= 0:
			msg.idx, msg.found = before, true
		case !forward && last >= 0:
			msg.idx, msg.found, msg.wrapped = last, true, true
		}
		if msg.only {
			msg.wrapped = false
		}
		return msg
	}
}

// searchCmd looks for the search text from the cursor on, in the view on
// screen, in the background.
func (m *tableScreen) searchCmd(forward bool) tea.Cmd {
	if m.search.term == "" {
		m.setMsg("tui.msg.nosearch")
		return nil
	}
	if m.search.running {
		return nil
	}
	m.setMsg("tui.msg.searching", m.search.term)
	return m.search.find(searchScope{
		ctx: m.e.ctx, st: m.e.st, q: m.query(), qgen: m.qgen,
		cols: append([]store.Column(nil), m.g.cols...), lang: m.e.lang, rules: m.e.rules, from: m.g.row,
	}, forward)
}

func (m *tableScreen) searchDone(msg searchMsg) tea.Cmd {
	m.search.running = false
	if msg.qgen != m.qgen {
		m.status = status{}
		return nil
	}
	if msg.err != nil {
		m.setErr(msg.err)
		return nil
	}
	if !msg.found {
		m.status = status{text: m.e.lang.T("tui.msg.nomatch", m.search.term), err: true}
		return nil
	}
	switch {
	case msg.only:
		m.setMsg("tui.msg.match.only", m.search.term)
	case msg.wrapped && msg.idx <= m.g.row:
		m.setMsg("tui.msg.match.top", m.search.term)
	case msg.wrapped:
		m.setMsg("tui.msg.match.bottom", m.search.term)
	default:
		m.setMsg("tui.msg.match", m.search.term)
	}
	cmd := m.moveTo(msg.idx)
	// Show the matching column when the match is in another one.
	if r, ok := m.current(); ok {
		if !m.cellHas(r, m.g.col, msg.term) {
			for j := range m.g.cols {
				if m.cellHas(r, j, msg.term) {
					m.g.col = j
					m.g.clampCol(m.e.width)
					break
				}
			}
		}
	}
	return cmd
}

func (m *tableScreen) cellHas(r store.Row, j int, term string) bool {
	if j >= len(r.Values) || j >= len(m.g.cols) {
		return false
	}
	return newMatcher(term).cell(m.g.cols[j], r.Values[j], m.e.lang, m.e.rules)
}
