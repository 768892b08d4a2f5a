package tui

import (
	"slices"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/report"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// historyMonths is how many months the effect-over-time tab shows.
const historyMonths = 12

// historyData is the effect-over-time tab: twelve months per grade, the
// month picked ([ and ]) in figures, and the migration between two month
// ends: from ({ and }) to the end of the month picked.
type historyData struct {
	h      store.History
	mig    *store.Migrations // between every two month ends of h
	back   int               // the month picked, as months before the last shown (0: the running month)
	from   string            // the migration's start month ("2026-05"); "" = the month before the first
	loaded bool
}

// readHistory reads the history with the migrations between every two of
// its month ends, so picking other months reads nothing again.
func (s *summaryScreen) readHistory() tabRead {
	st, ctx := s.e.st, s.e.ctx
	return func() (func(), error) {
		h, mig, err := st.TierHistoryMigrations(ctx, store.HistoryOptions{Months: historyMonths})
		if err != nil {
			return nil, err
		}
		return func() {
			s.hi.h, s.hi.mig, s.hi.loaded = h, mig, true
			s.hi.back = min(s.hi.back, max(len(h.Months)-1, 0))
			s.hi.setMatrix()
		}, nil
	}
}

// setMatrix puts the migration between the months chosen in place.
func (d *historyData) setMatrix() {
	if d.mig == nil || len(d.h.Months) == 0 {
		return
	}
	from := d.from
	if from == "" {
		from = d.h.Months[0].Start[:7]
	}
	if mx, err := d.mig.Between(from, d.h.Months[d.picked()].Month); err == nil {
		d.h.Matrix = mx
	}
}

// picked is the index in h.Months of the month picked, -1 when none.
func (d *historyData) picked() int {
	return max(len(d.h.Months)-1-d.back, min(0, len(d.h.Months)-1))
}

// fromChoices are the months the migration can start at: the month before
// the first shown and every month before the one picked.
func (d *historyData) fromChoices() []string {
	if len(d.h.Months) == 0 {
		return nil
	}
	out := []string{d.h.Months[0].Start[:7]}
	for i := 0; i < d.picked(); i++ {
		out = append(out, d.h.Months[i].Month)
	}
	return out
}

// moveMonth picks the month before or after, and the migration to its end
// (keeping its start before it).
func (s *summaryScreen) moveMonth(dir int) tea.Cmd {
	d := &s.hi
	if !d.loaded || len(d.h.Months) == 0 {
		return nil
	}
	i := d.picked() + dir
	if i < 0 || i >= len(d.h.Months) {
		return nil
	}
	d.back = len(d.h.Months) - 1 - i
	if choices := d.fromChoices(); d.from != "" && !slices.Contains(choices, d.from) {
		d.from = choices[len(choices)-1]
	}
	d.setMatrix()
	return nil
}

// moveFrom moves the migration's start a month earlier or later.
func (s *summaryScreen) moveFrom(dir int) tea.Cmd {
	d := &s.hi
	choices := d.fromChoices()
	if len(choices) == 0 {
		return nil
	}
	cur := d.from
	if cur == "" {
		cur = d.h.Matrix.From[:min(7, len(d.h.Matrix.From))]
	}
	i := slices.Index(choices, cur)
	if i < 0 {
		i = 0
	}
	i += dir
	if i < 0 || i >= len(choices) {
		return nil
	}
	d.from = choices[i]
	d.setMatrix()
	return nil
}

// historyView draws the tab: a sparkline per grade of its size and spend,
// the month picked per grade, then the migration matrix. The month's rows
// and the matrix's cells open their customers.
func (s *summaryScreen) historyView(cur int) tabView {
	l, sty := s.e.lang, s.e.sty
	h := s.hi.h
	v := tabView{lines: []string{sty.helpHead.Render(l.T("history.title", h.Date, len(h.Months)))}}
	if len(h.Months) == 0 {
		v.lines = append(v.lines, "", sty.dim.Render(l.T("tiers.hist.nomonth")))
		return v
	}
	add := func(line string) { v.lines = append(v.lines, line) }
	add("")
	add(l.T("tiers.hist.trend", h.Months[0].Month, h.Months[len(h.Months)-1].Month))
	for gi, g := range h.Matrix.Grades {
		sizes, spend := make([]float64, len(h.Months)), make([]float64, len(h.Months))
		for i, m := range h.Months {
			sizes[i], spend[i] = float64(m.Grades[gi].End), float64(m.Grades[gi].Spend)
		}
		last := h.Months[len(h.Months)-1].Grades[gi]
		line := sty.gradeStyle(g).Render(g) + "  " + l.T("tiers.hist.size") + " " + sty.gradeStyle(g).Render(sparkline(sizes)) +
			" " + scPadLeft(strconv.Itoa(last.End), 6) + "   " + l.T("tiers.hist.spend") + " " + sty.gradeStyle(g).Render(sparkline(spend)) +
			" " + validate.FormatYuan(last.Spend)
		add(line)
	}
	add("")
	pi := s.hi.picked()
	m := h.Months[pi]
	month := report.History(store.History{Date: h.Date, Months: []store.HistoryMonth{m}, Matrix: h.Matrix}, l).Sections[0]
	month.Title = []report.Cell{{Text: l.T("tiers.hist.month", m.Month, m.Start, m.End)}}
	// Short heads, so the month's eleven columns fit 80 columns.
	for i, k := range []string{"history.grade", "tiers.hcol.start", "tiers.hcol.up", "tiers.hcol.down", "tiers.hcol.churned",
		"tiers.hcol.left", "tiers.hcol.new", "tiers.hcol.end", "tiers.hcol.spend", "tiers.hcol.growth", "tiers.hcol.retention"} {
		if i < len(month.Columns) {
			month.Columns[i].Head = l.T(k)
		}
	}
	for i := range month.Rows {
		month.Rows[i].Drill = report.GradeAtDrill(m.Start[:7], m.Grades[i].Grade)
	}
	monthCur := -1
	if cur < len(month.Rows) {
		monthCur = cur
	}
	base := len(v.lines)
	b := renderDoc(sty, report.Document{Sections: []report.Section{month}}, s.e.width-1, monthCur)
	v.lines = append(v.lines, b.lines...)
	for i, f := range b.drills {
		v.targets = append(v.targets, drillTarget{line: base + b.dlines[i], filter: f})
	}
	add("")
	s.matrixView(&v, cur-len(month.Rows))
	return v
}

// matrixView adds the migration matrix: a row per grade then, a cell per
// grade now with the count and its share of the row; the cell under the
// cursor (sel, -1 for none) is bracketed so it shows without colour.
func (s *summaryScreen) matrixView(v *tabView, sel int) {
	l, sty := s.e.lang, s.e.sty
	mx := s.hi.h.Matrix
	v.lines = append(v.lines, sty.helpHead.Render(l.T("tiers.hist.matrix", mx.From, mx.To)))
	cells := make([][]string, len(mx.Grades))
	w := 0
	for i := range mx.Grades {
		cells[i] = make([]string, len(mx.Grades))
		for j := range mx.Grades {
			cells[i][j] = strconv.Itoa(mx.Counts[i][j]) + " " + store.Percent(mx.Shares[i][j])
			w = max(w, len(cells[i][j]))
		}
	}
	corner := l.T("history.then")
	cw := max(textWidth(corner), 2)
	head := "  " + scPad(corner, cw)
	for _, g := range mx.Grades {
		head += "  " + scPadLeft(g, w+1) + " "
	}
	v.lines = append(v.lines, head)
	for i, g := range mx.Grades {
		line := "  " + sty.gradeStyle(g).Render(scPad(g, cw))
		for j, to := range mx.Grades {
			k := i*len(mx.Grades) + j
			if k == sel {
				line += "  " + sty.cursor.Render(scPadLeft("["+cells[i][j]+"]", w+2))
			} else {
				line += "   " + sty.gradeStyle(to).Render(scPadLeft(cells[i][j], w)) + " "
			}
			v.targets = append(v.targets, drillTarget{line: len(v.lines), col: j,
				filter: report.MigrationDrill(mx.From[:7], g, mx.To[:7], to)})
		}
		v.lines = append(v.lines, line)
	}
}
