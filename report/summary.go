package report

import (
	"strconv"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// GradeChange is one recent grade change the summary lists, its reason
// already in the reader's language.
type GradeChange struct {
	At, Name, Old, New, Reason string
}

// Summary is the tier summary: customers and spend per grade with their
// shares, each grade's service policy, the same per segment, the grade
// movements of the last days (each opening its customers), and the latest
// grade changes when recent lists any.
func Summary(s store.Summary, recent []GradeChange, l i18n.Lang) Document {
	d := Document{Title: l.T("summary.title", s.Date, s.Customers, validate.FormatYuan(s.TotalSpend))}
	if s.StoredValue != 0 || s.CreditOutstanding != 0 || s.PointsLiability != 0 {
		d.Lead = append(d.Lead, text(l.T("summary.accounts", validate.FormatYuan(s.StoredValue), validate.FormatYuan(s.CreditOutstanding), s.PointsLiability)))
	}
	d.Sections = append(d.Sections, tierSection(l.T("summary.grades"), s.Grades, true, l))
	policies := Section{Title: []Cell{text(l.T("policy.title"))}}
	for _, r := range s.Grades {
		if r.Policy != nil {
			policies.Rows = append(policies.Rows, Row{Cells: []Cell{
				{Text: validate.Visible(r.Name(l)), Tag: Grade, Grade: r.Key},
				{Text: validate.Visible(s.PolicyText(r.Key, l)), Tag: Policy, Grade: r.Key},
			}})
		}
	}
	if len(policies.Rows) > 0 {
		d.Sections = append(d.Sections, policies)
	}
	d.Sections = append(d.Sections, tierSection(l.T("summary.segments"), s.Segments, false, l))
	mv := s.Movements
	moves := Section{Title: []Cell{text(l.T("summary.movements", mv.Days, mv.Up, mv.Down))}, Empty: l.T("report.none")}
	for _, m := range mv.Moves {
		moves.Rows = append(moves.Rows, Row{Drill: MovedDrill(m.From, m.To), Cells: []Cell{
			{Text: m.From + "→" + m.To, Tag: Move, Grade: m.To},
			cell(Count, strconv.Itoa(m.Count)),
		}})
	}
	d.Sections = append(d.Sections, moves)
	if len(recent) > 0 {
		s := Section{Title: []Cell{cell(Note, l.T("summary.recent"))}}
		for _, h := range recent {
			s.Rows = append(s.Rows, Row{Cells: []Cell{
				text(h.At), cell(Name, validate.Visible(h.Name)),
				{Text: h.Old + "→" + h.New, Tag: Move, Grade: h.New},
				cell(Note, validate.Visible(h.Reason)),
			}})
		}
		d.Sections = append(d.Sections, s)
	}
	return d
}

// tierSection is the table of one breakdown, headed by its title: per row
// its name, customers and their share, spend and its share. A grade row's cells carry the
// grade, so a screen can colour them.
func tierSection(title string, rows []store.TierRow, grades bool, l i18n.Lang) Section {
	s := Section{
		Columns: []Column{{Head: title}, {Head: l.T("summary.count"), Right: true, Min: 8}, {Head: "%", Right: true, Min: 6, Bar: true},
			{Head: l.T("summary.spend"), Right: true, Min: 14}, {Head: "%", Right: true, Min: 6, Bar: true}},
	}
	for _, r := range rows {
		g := ""
		if grades {
			g = r.Key
		}
		name := Cell{Text: validate.Visible(r.Name(l)), Grade: g}
		if grades {
			name.Tag = Grade
		}
		drill := store.BySegment
		if grades {
			drill = store.ByGrade
		}
		s.Rows = append(s.Rows, Row{Drill: GroupDrill(drill, r.Key), Cells: []Cell{
			name,
			{Text: strconv.Itoa(r.Count), Tag: Count, Grade: g},
			{Text: store.Percent(r.CountShare), Tag: Percent, Share: r.CountShare, Grade: g},
			{Text: validate.FormatYuan(r.Spend), Tag: Money, Grade: g},
			{Text: store.Percent(r.SpendShare), Tag: Percent, Share: r.SpendShare, Grade: g},
		}})
	}
	return s
}
