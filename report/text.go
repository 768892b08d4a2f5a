package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/kehu-app/kehu/validate"
)

// Lines renders the document as plain text, what the CLI prints: the
// title, the lead lines, then each section after a blank line, its rows
// indented by two spaces and laid out in columns by display width.
func (d Document) Lines() []string {
	out := []string{d.Title}
	for _, c := range d.Lead {
		out = append(out, c.Text)
	}
	if d.Empty != "" {
		out = append(out, d.Empty)
	}
	for _, s := range d.Sections {
		if !d.Compact {
			out = append(out, "")
		}
		out = append(out, s.lines()...)
	}
	return out
}

// WriteText prints the document's lines to w.
func (d Document) WriteText(w io.Writer) error {
	for _, l := range d.Lines() {
		if _, err := fmt.Fprintln(w, l); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
	}
	return nil
}

func (s Section) lines() []string {
	var out []string
	if len(s.Title) > 0 {
		out = append(out, joinCells(s.Title))
	}
	table := make([][]string, 0, len(s.Rows)+1)
	if s.HasHeads() {
		head := make([]string, len(s.Columns))
		for i, c := range s.Columns {
			head[i] = c.Head
		}
		table = append(table, head)
	}
	for _, r := range s.Rows {
		cells := make([]string, len(r.Cells))
		for i, c := range r.Cells {
			cells[i] = c.Text
		}
		table = append(table, cells)
	}
	if s.Columns == nil {
		for _, r := range s.Rows {
			out = append(out, "  "+joinCells(r.Cells))
		}
	} else {
		out = append(out, s.align(table)...)
	}
	if len(s.Rows) == 0 && s.Empty != "" {
		out = append(out, "  "+s.Empty)
	}
	if s.More != "" {
		out = append(out, "  "+s.More)
	}
	return out
}

// align lays out a table in the section's columns: each two spaces after
// the last, padded to the widest cell (and the column's minimum), trailing
// blanks trimmed.
func (s Section) align(table [][]string) []string {
	widths := make([]int, len(s.Columns))
	for i, c := range s.Columns {
		widths[i] = c.Min
	}
	for _, line := range table {
		for i, c := range line {
			if i < len(widths) {
				widths[i] = max(widths[i], validate.DisplayWidth(c))
			}
		}
	}
	out := make([]string, 0, len(table))
	for _, line := range table {
		var b strings.Builder
		for i, c := range line {
			pad := ""
			if i < len(widths) {
				pad = strings.Repeat(" ", max(widths[i]-validate.DisplayWidth(c), 0))
			}
			b.WriteString("  ")
			if i < len(s.Columns) && s.Columns[i].Right {
				b.WriteString(pad + c)
			} else {
				b.WriteString(c + pad)
			}
		}
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	return out
}

func joinCells(cells []Cell) string {
	parts := make([]string, 0, len(cells))
	for _, c := range cells {
		if c.Text != "" {
			parts = append(parts, c.Text)
		}
	}
	return strings.Join(parts, "  ")
}
