package report

import (
	"strconv"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// History is the tier history (tiers --history): a table per month, then
// the grade migration matrix.
func History(h store.History, l i18n.Lang) Document {
	d := Document{Title: l.T("history.title", h.Date, len(h.Months))}
	heads := []string{"history.grade", "history.start", "history.up", "history.down", "history.churned",
		"history.left", "history.new", "history.end", "history.spend", "history.growth", "history.retention"}
	cols := make([]Column, len(heads))
	for i, k := range heads {
		cols[i] = Column{Head: l.T(k), Right: i > 0}
	}
	for _, m := range h.Months {
		s := Section{Title: []Cell{text(l.T("history.month.title", m.Month, m.Start, m.End))}, Columns: cols}
		for _, g := range m.Grades {
			count := func(n int) Cell { return Cell{Text: strconv.Itoa(n), Tag: Count, Grade: g.Grade} }
			s.Rows = append(s.Rows, Row{Cells: []Cell{
				{Text: g.Grade, Tag: Grade, Grade: g.Grade},
				count(g.Start), count(g.Up), count(g.Down), count(g.Churned), count(g.Left), count(g.New), count(g.End),
				{Text: validate.FormatYuan(g.Spend), Tag: Money, Grade: g.Grade},
				rate(g.SpendGrowth, true), rate(g.Retention, false),
			}})
		}
		d.Sections = append(d.Sections, s)
	}
	mx := h.Matrix
	s := Section{Title: []Cell{text(l.T("history.matrix", mx.From, mx.To))}, Columns: []Column{{Head: l.T("history.then")}}}
	for _, g := range mx.Grades {
		s.Columns = append(s.Columns, Column{Head: g, Right: true})
	}
	for i, g := range mx.Grades {
		r := Row{Cells: []Cell{{Text: g, Tag: Grade, Grade: g}}}
		for j := range mx.Grades {
			r.Cells = append(r.Cells, Cell{Text: strconv.Itoa(mx.Counts[i][j]) + " " + store.Percent(mx.Shares[i][j]), Tag: Percent, Share: mx.Shares[i][j], Grade: mx.Grades[j]})
		}
		s.Rows = append(s.Rows, r)
	}
	d.Sections = append(d.Sections, s)
	return d
}

// rate is an optional rate as a percentage, signed when asked, "–" when
// absent.
func rate(p *float64, signed bool) Cell {
	if p == nil {
		return cell(Percent, "–")
	}
	s := store.Percent(*p)
	if signed && *p > 0 {
		s = "+" + s
	}
	return Cell{Text: s, Tag: Percent, Share: *p}
}
