package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/importer"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// Import is what an import did (or would do, in a dry run), as `kehu
// import` prints it: the source, the columns skipped or kept aside, new
// columns, the counts with the first rejects, where the rejects went,
// likely duplicates, the grades that moved. Its lines follow each other
// without blank lines. Names, headers and reasons come from the sheet and
// are made visible.
func Import(rep importer.Report, l i18n.Lang) Document {
	src := rep.Format
	if rep.Encoding != "" {
		src += ", " + rep.Encoding
	}
	if rep.Sheet != "" {
		src += ", " + rep.Sheet
	}
	d := Document{Title: validate.Visible(l.T("import.source", rep.File, src)), Compact: true}
	var cols Section
	for _, c := range rep.Columns {
		switch {
		case c.Kind == importer.KindSkip && c.Header != "":
			cols.Rows = append(cols.Rows, Row{Cells: []Cell{cell(Note, validate.Visible(l.T("import.skipped", c.Header, c.Note)))}})
		case c.Kind == importer.KindNew && c.Note != "":
			cols.Rows = append(cols.Rows, Row{Cells: []Cell{cell(Note, validate.Visible(l.T("import.aside", c.Header, c.Label, c.Note)))}})
		}
	}
	d.add(cols)
	if len(rep.NewColumns) > 0 {
		d.add(Section{Title: []Cell{text(validate.Visible(l.T("import.newcols", strings.Join(rep.NewColumns, ", "))))}})
	}
	counts := Section{Title: []Cell{text(ImportSummary(rep, l))}}
	for _, r := range rep.Rejects {
		counts.Rows = append(counts.Rows, Row{Cells: []Cell{cell(Overdue, validate.Visible(r.Reason))}})
	}
	if rep.Rejected > len(rep.Rejects) {
		counts.More = l.T("import.more", rep.Rejected-len(rep.Rejects))
	}
	d.add(counts)
	if rep.RejectsPath != "" {
		d.add(Section{Title: []Cell{text(validate.Visible(l.T("import.rejects", rep.RejectsPath)))}})
	}
	if len(rep.Duplicates) > 0 {
		d.add(importDuplicates(rep.Duplicates, l))
	}
	if len(rep.AccountDiffs) > 0 {
		d.add(importAccountDiffs(rep.AccountDiffs, l))
	}
	if rep.Regrade.GradeMoves > 0 {
		d.add(Section{Title: []Cell{text(l.T("import.regraded", rep.Regrade.GradeMoves))}})
	}
	if rep.DryRun {
		d.add(Section{Title: []Cell{text(l.T("import.dryrun"))}})
	}
	return d
}

// ImportSummary is the line that counts an import's rows: read, added,
// updated, unchanged, rejected. The table's status line says it too.
func ImportSummary(rep importer.Report, l i18n.Lang) string {
	line := l.T("import.summary", rep.Rows, rep.Added, rep.Updated, rep.Unchanged, rep.Rejected)
	if rep.Merged > 0 {
		line += l.T("import.summary.merged", rep.Merged)
	}
	if n := len(rep.AccountDiffs); n > 0 {
		line += l.T("import.summary.accountdiffs", n)
	}
	return line
}

// importAccountDiffs lists the balances of matched customers that the
// sheet gives differently from the ledger, which keeps its own.
func importAccountDiffs(diffs []store.ImportAccountDiff, l i18n.Lang) Section {
	s := Section{Title: []Cell{text(l.T("import.accountdiff.head"))}}
	for _, d := range diffs {
		s.Rows = append(s.Rows, Row{CustomerID: d.CustomerID, Cells: []Cell{cell(Note, validate.Visible(l.T("import.accountdiff",
			d.Line, d.Name, l.T("acct.name."+d.Account), store.FormatAmount(d.Account, d.Sheet), store.FormatAmount(d.Account, d.Ledger))))}})
	}
	return s
}

// importDuplicates lists the rows of a dry run that look like customers
// already there or like each other, most certain first.
func importDuplicates(dups []store.ImportDuplicate, l i18n.Lang) Section {
	s := Section{Title: []Cell{text(l.T("import.dup.head", len(dups)))}, Columns: []Column{{Right: true, Min: 3}, {}}}
	for _, d := range dups {
		reasons := make([]string, len(d.Reasons))
		for i, r := range d.Reasons {
			reasons[i] = l.T("dup.reason." + string(r))
		}
		other := fmt.Sprintf("#%d %s", d.Other.ID, d.Other.Name)
		if d.OtherNew {
			other = l.T("import.dup.otherrow", d.Other.Name)
		}
		s.Rows = append(s.Rows, Row{CustomerID: d.Other.ID, Cells: []Cell{
			cell(Count, strconv.Itoa(d.Certainty)),
			text(validate.Visible(d.Row.Name + " ~ " + other + ": " + strings.Join(reasons, l.T("dup.reason.sep")))),
		}})
	}
	return s
}

// add appends a section that has something to say.
func (d *Document) add(s Section) {
	if len(s.Title) > 0 || len(s.Rows) > 0 {
		d.Sections = append(d.Sections, s)
	}
}

// RegradeShown is how many moves a regrade report lists; cron mail stays
// short.
const RegradeShown = 10

// Regrade is what regrading every customer as of day did, as `kehu
// regrade` prints it and the table's `:regrade` tells it: the counts, then
// the first moves with their reasons (reason renders a grade history
// reason in the reader's language).
func Regrade(rep store.RegradeReport, day string, reason func(string) string, l i18n.Lang) Document {
	d := Document{Title: l.T("cli.regrade.done", day, rep.Customers, rep.GradeMoves, rep.Changed), Compact: true}
	moves := rep.Moves[:min(len(rep.Moves), RegradeShown)]
	if len(moves) == 0 {
		return d
	}
	s := Section{Columns: []Column{{}, {Min: 8}, {}, {}}}
	for _, m := range moves {
		s.Rows = append(s.Rows, Row{CustomerID: m.ID, Cells: []Cell{
			cell(ID, "#"+strconv.FormatInt(m.ID, 10)),
			cell(Name, validate.Visible(m.Name)),
			{Text: m.Old + "→" + m.New, Tag: Move, Grade: m.New},
			cell(Note, validate.Visible(reason(m.Reason))),
		}})
	}
	if rep.GradeMoves > len(moves) {
		s.More = l.T("cli.regrade.more", rep.GradeMoves-len(moves))
	}
	d.Sections = []Section{s}
	return d
}
