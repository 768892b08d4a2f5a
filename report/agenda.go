package report

import (
	"strconv"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
	"github.com/kehu-app/kehu/validate"
)

// Agenda is the day's agenda: a section per grade (A first) with the
// customers to contact and why, then the churn warnings. Every customer row
// carries its id; a grade's "… and N more" counts those past the store's
// limit.
func Agenda(a store.Agenda, l i18n.Lang) Document {
	t := a.Totals
	d := Document{
		Title: l.T("agenda.screen", a.Date),
		Lead:  []Cell{text(l.T("agenda.summary", t.Sum(), t.Overdue, t.Due, t.Cadence, t.Churn))},
	}
	if a.Owner != "" {
		d.Lead = append(d.Lead, text(l.T("agenda.owner", validate.Visible(a.Owner))))
	}
	if t.Sum() == 0 && t.Churn == 0 && t.Complaints == 0 {
		d.Empty = l.T("agenda.empty")
		return d
	}
	cols := []Column{{}, {Min: 8}, {}, {}, {}}
	// Who looks after each customer, when the agenda is everyone's and
	// someone does.
	owners := false
	for _, it := range append(append(append([]store.AgendaItem{}, a.Items...), a.Churn...), a.Complaints...) {
		owners = owners || a.Owner == "" && it.Owner != ""
	}
	if owners {
		cols = append(cols, Column{})
	}
	// Open complaints come first: an unhappy customer waits for no cadence.
	if len(a.Complaints) > 0 {
		s := Section{Columns: append([]Column{{}}, cols...), Title: []Cell{cell(Overdue, l.T("agenda.complaints", t.Complaints))}}
		for _, it := range a.Complaints {
			r := agendaRow(it, l, owners)
			r.Cells = append([]Cell{{Text: it.Grade, Tag: Grade, Grade: it.Grade}}, r.Cells...)
			s.Rows = append(s.Rows, r)
		}
		if t.Complaints > len(a.Complaints) {
			s.More = l.T("agenda.more.tui", t.Complaints-len(a.Complaints))
		}
		d.Sections = append(d.Sections, s)
	}
	for i, it := range a.Items {
		if i == 0 || a.Items[i-1].Grade != it.Grade {
			d.Sections = append(d.Sections, Section{Columns: cols, Title: []Cell{
				{Text: gradeLabel(it.Grade, a.Labels[it.Grade]), Tag: Grade, Grade: it.Grade},
				cell(Note, l.T("agenda.count", a.ByGrade[it.Grade].Sum())),
			}})
		}
		s := &d.Sections[len(d.Sections)-1]
		s.Rows = append(s.Rows, agendaRow(it, l, owners))
		if i == len(a.Items)-1 || a.Items[i+1].Grade != it.Grade {
			if n := a.ByGrade[it.Grade].Sum(); n > len(s.Rows) {
				s.More = l.T("agenda.more.tui", n-len(s.Rows))
			}
		}
	}
	if len(a.Churn) > 0 {
		s := Section{Columns: append([]Column{{}}, cols...), Title: []Cell{cell(Churn, l.T("agenda.churn", t.Churn))}}
		for _, it := range a.Churn {
			r := agendaRow(it, l, owners)
			r.Cells = append([]Cell{{Text: it.Grade, Tag: Grade, Grade: it.Grade}}, r.Cells...)
			s.Rows = append(s.Rows, r)
		}
		if t.Churn > len(a.Churn) {
			s.More = l.T("agenda.more.tui", t.Churn-len(a.Churn))
		}
		d.Sections = append(d.Sections, s)
	}
	return d
}

// agendaRow is one customer of the agenda: id, name, phone, the reason,
// the channels its grade's service policy prefers and, with owners, who
// looks after it.
func agendaRow(it store.AgendaItem, l i18n.Lang, owners bool) Row {
	r := Row{CustomerID: it.CustomerID, Cells: []Cell{
		cell(ID, "#"+strconv.FormatInt(it.CustomerID, 10)),
		{Text: validate.Visible(it.Name), Tag: Name, Grade: it.Grade},
		cell(Phone, validate.Visible(it.Phone)),
		cell(reasonTag(it.Kind), agendaReason(it, l)),
		cell(Channel, via(it.Channels, l)),
	}}
	if owners {
		owner := ""
		if it.Owner != "" {
			owner = "@" + validate.Visible(it.Owner)
		}
		r.Cells = append(r.Cells, cell(Note, owner))
	}
	return r
}

func reasonTag(kind string) Tag {
	switch kind {
	case store.AgendaOverdue:
		return Overdue
	case store.AgendaDue:
		return Due
	case store.AgendaCadence:
		return Cadence
	case store.AgendaComplaint:
		return Overdue
	}
	return Churn
}

// agendaReason says in l why the item is on the agenda, e.g. "overdue 3
// days (follow-up 2026-02-26)" or "no contact for 20 days (every 14)".
func agendaReason(it store.AgendaItem, l i18n.Lang) string {
	switch it.Kind {
	case store.AgendaOverdue:
		return l.T("agenda.reason.overdue", it.Days, it.NextFollowUp)
	case store.AgendaDue:
		return l.T("agenda.reason.due")
	case store.AgendaCadence:
		if it.LastContact == "" {
			return l.T("agenda.reason.cadence.never", it.Days, it.CadenceDays)
		}
		return l.T("agenda.reason.cadence", it.Days, it.CadenceDays)
	case store.AgendaChurn:
		return l.T("agenda.reason.churn", it.DormantSince, it.Days)
	case store.AgendaComplaint:
		return l.T("agenda.reason.complaint", it.OpenComplaints, it.Days)
	}
	return it.Kind
}

// gradeLabel is a grade with the owner's label, "A · VIP", or the grade
// alone when the label is the letter or empty.
func gradeLabel(grade, label string) string {
	if label != "" && label != grade && tiering.ValidGrade(grade) {
		return grade + " · " + validate.Visible(label)
	}
	return grade
}

// via names the contact channels to use, most preferred first ("via visit
// → phone call"); "" for none.
func via(channels []string, l i18n.Lang) string {
	if len(channels) == 0 {
		return ""
	}
	return l.T("policy.via", store.ChannelNames(channels, l))
}
