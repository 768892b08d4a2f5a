package store

import (
	"strconv"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/validate"
)

// rate formats an optional rate as a signed percentage, "–" when absent.
func rate(p *float64, signed bool) string {
	if p == nil {
		return "–"
	}
	s := Percent(*p)
	if signed && *p > 0 {
		s = "+" + s
	}
	return s
}

// Lines renders the history as text in lang (what `kehu tiers --history`
// prints): a table per month, then the migration matrix.
func (h History) Lines(l i18n.Lang) []string {
	out := []string{l.T("history.title", h.Date, len(h.Months))}
	head := []string{l.T("history.grade"), l.T("history.start"), l.T("history.up"), l.T("history.down"), l.T("history.churned"),
		l.T("history.left"), l.T("history.new"), l.T("history.end"), l.T("history.spend"), l.T("history.growth"), l.T("history.retention")}
	for _, m := range h.Months {
		out = append(out, "", l.T("history.month.title", m.Month, m.Start, m.End))
		table := [][]string{head}
		for _, g := range m.Grades {
			table = append(table, []string{g.Grade, strconv.Itoa(g.Start), strconv.Itoa(g.Up), strconv.Itoa(g.Down),
				strconv.Itoa(g.Churned), strconv.Itoa(g.Left), strconv.Itoa(g.New), strconv.Itoa(g.End),
				validate.FormatMoney(g.Spend), rate(g.SpendGrowth, true), rate(g.Retention, false)})
		}
		out = append(out, alignColumns(table)...)
	}
	out = append(out, "", l.T("history.matrix", h.Matrix.From, h.Matrix.To))
	table := [][]string{append([]string{l.T("history.then")}, h.Matrix.Grades...)}
	for i, g := range h.Matrix.Grades {
		line := []string{g}
		for j := range h.Matrix.Grades {
			line = append(line, strconv.Itoa(h.Matrix.Counts[i][j])+" "+Percent(h.Matrix.Shares[i][j]))
		}
		table = append(table, line)
	}
	return append(out, alignColumns(table)...)
}
