package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/report"
)

// docBody is a report document laid out for a screen: its styled lines and
// where each customer row is, so the screen can move a cursor over them.
type docBody struct {
	lines  []string
	rows   []int    // the line of each customer row, in the document's order
	ids    []int64  // the customer of each
	drills []string // the filter of each row about a group (rows with a Drill), in order
	dlines []int    // the line of each of those
}

// docNameMax is the widest a name column gets on screen; longer names are
// cut with an ellipsis (plain text shows them whole).
const docNameMax = 20

// renderDoc lays out d for a screen w cells wide with the screen's styles:
// the lead lines, then each section after a blank line, its rows aligned in
// its columns, figures with bars where the document asks for them. Customer
// numbers are left out (the cursor carries the customer). The customer row
// at index cur among them is marked and drawn with the cursor style; -1
// marks none.
func renderDoc(sty styles, d report.Document, w, cur int) docBody {
	var b docBody
	for _, c := range d.Lead {
		b.lines = append(b.lines, renderCell(sty, c, c.Text))
	}
	if d.Empty != "" {
		if len(b.lines) > 0 {
			b.lines = append(b.lines, "")
		}
		b.lines = append(b.lines, sty.dim.Render(d.Empty))
	}
	for _, s := range d.Sections {
		if len(b.lines) > 0 {
			b.lines = append(b.lines, "")
		}
		b.section(sty, s, w, cur)
	}
	return b
}

func (b *docBody) section(sty styles, s report.Section, w, cur int) {
	if len(s.Title) > 0 {
		parts := make([]string, 0, len(s.Title))
		for _, c := range s.Title {
			if c.Text != "" {
				if c.Tag == report.Plain {
					parts = append(parts, sty.helpHead.Render(c.Text))
				} else {
					parts = append(parts, renderCell(sty, c, c.Text))
				}
			}
		}
		b.lines = append(b.lines, strings.Join(parts, "  "))
	}
	lay := newDocLayout(s, w)
	if s.HasHeads() {
		head := make([]string, len(s.Columns))
		for i, c := range s.Columns {
			head[i] = c.Head
		}
		b.lines = append(b.lines, sty.helpHead.Render("  "+lay.line(head, nil, sty, false)))
	}
	for _, r := range s.Rows {
		texts := make([]string, len(r.Cells))
		for i, c := range r.Cells {
			texts[i] = c.Text
		}
		mark := "  "
		selected := false
		if r.Drill != "" && r.CustomerID == 0 {
			// A group's row takes the cursor as a customer's does: the
			// drills are numbered after the customers (no document has both).
			selected = len(b.ids)+len(b.drills) == cur
			b.dlines = append(b.dlines, len(b.lines))
			b.drills = append(b.drills, r.Drill)
		}
		if r.CustomerID != 0 {
			selected = len(b.ids) == cur
			b.rows = append(b.rows, len(b.lines))
			b.ids = append(b.ids, r.CustomerID)
		}
		var line string
		if selected {
			mark = sty.prompt.Render("▸ ")
			line = sty.cursor.Render(lay.line(texts, r.Cells, sty, false))
		} else {
			line = lay.line(texts, r.Cells, sty, true)
		}
		b.lines = append(b.lines, mark+line)
	}
	if len(s.Rows) == 0 && s.Empty != "" {
		b.lines = append(b.lines, sty.dim.Render("  "+s.Empty))
	}
	if s.More != "" {
		b.lines = append(b.lines, sty.dim.Render("  "+s.More))
	}
}

// docLayout is how a section's cells sit on screen: each column's width,
// the columns left out, and the width of the bars.
type docLayout struct {
	cols   []report.Column
	widths []int
	hidden []bool
	bar    int
}

func newDocLayout(s report.Section, w int) docLayout {
	n := len(s.Columns)
	for _, r := range s.Rows {
		n = max(n, len(r.Cells))
	}
	lay := docLayout{cols: s.Columns, widths: make([]int, n), hidden: make([]bool, n)}
	for i := range n {
		lay.hidden[i] = len(s.Rows) > 0
		for _, r := range s.Rows {
			if i >= len(r.Cells) || r.Cells[i].Tag != report.ID {
				lay.hidden[i] = false
			}
		}
		if i < len(s.Columns) {
			lay.widths[i] = max(s.Columns[i].Min, ansi.StringWidth(s.Columns[i].Head))
		}
	}
	for _, r := range s.Rows {
		for i, c := range r.Cells {
			cw := ansi.StringWidth(c.Text)
			if c.Tag == report.Name {
				cw = min(cw, docNameMax)
			}
			lay.widths[i] = max(lay.widths[i], cw)
		}
	}
	// Bars share what the columns leave of the width.
	used, bars := 4, 0
	for i, cw := range lay.widths {
		if !lay.hidden[i] {
			used += cw + 2
		}
		if lay.isBar(i) {
			bars++
		}
	}
	if bars > 0 {
		used = lay.shrinkText(used, bars, w)
		lay.bar = min(max((w-used)/bars-1, 4), 40)
	}
	return lay
}

// docTextMin is the narrowest a text column shrinks to for a table to fit.
const docTextMin = 12

// shrinkText narrows a table with bars that would run past w (its bars at
// their narrowest) by cutting its widest left-aligned text columns, a long
// segment name say, with an ellipsis, rather than losing the figures at the
// right edge. used is the width the columns take as newDocLayout counts
// it; it returns that width after.
func (lay docLayout) shrinkText(used, bars, w int) int {
	// The line is the cursor mark's place (2), the columns with a gap of 2
	// between them (used counts 4 more than the two together) and a space
	// and a bar of at least 4 per bar.
	over := used - 4 + bars*5 - w
	for over > 0 {
		widest := -1
		for i, cw := range lay.widths {
			if lay.hidden[i] || lay.isBar(i) || (i < len(lay.cols) && lay.cols[i].Right) || cw <= docTextMin {
				continue
			}
			if widest < 0 || cw > lay.widths[widest] {
				widest = i
			}
		}
		if widest < 0 {
			break
		}
		cut := min(over, lay.widths[widest]-docTextMin)
		lay.widths[widest] -= cut
		used -= cut
		over -= cut
	}
	return used
}

func (lay docLayout) isBar(i int) bool { return i < len(lay.cols) && lay.cols[i].Bar }

// line lays out one row's texts. With the row's cells, bars show their
// shares and, when styled, each cell is drawn in the style of its tag and
// each bar in its grade's colour; a cursor row stays plain for the cursor
// style over it. Without cells (a heading), bars are blank.
func (lay docLayout) line(texts []string, cells []report.Cell, sty styles, styled bool) string {
	parts := make([]string, 0, len(texts))
	for i, t := range texts {
		if i >= len(lay.widths) || lay.hidden[i] {
			continue
		}
		cw := lay.widths[i]
		var txt string
		switch {
		case i < len(lay.cols) && lay.cols[i].Right:
			txt = scPadLeft(t, cw)
		case ansi.StringWidth(t) > cw:
			txt = scFit(t, cw)
		default:
			txt = scPad(t, cw)
		}
		if styled && cells != nil {
			txt = renderCell(sty, cells[i], txt)
		}
		if lay.isBar(i) {
			bs := strings.Repeat(" ", lay.bar)
			if cells != nil {
				bs = bar(cells[i].Share, lay.bar)
				if styled && cells[i].Grade != "" {
					bs = sty.gradeStyle(cells[i].Grade).Render(bs)
				}
			}
			txt += " " + bs
		}
		parts = append(parts, txt)
	}
	return strings.TrimRight(strings.Join(parts, "  "), " ")
}

// renderCell draws text (a cell's, laid out) in the style of what the
// cell holds; plain cells stay as they are.
func renderCell(sty styles, c report.Cell, text string) string {
	switch c.Tag {
	case report.Grade, report.Move:
		return sty.gradeStyle(c.Grade).Render(text)
	case report.Note, report.Channel:
		return sty.dim.Render(text)
	case report.Overdue, report.Churn:
		return sty.errMsg.Render(text)
	}
	return text
}
