package report

import (
	"math"
	"slices"
	"strconv"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
	"github.com/kehu-app/kehu/validate"
)

// Agenda is the day's agenda as a plan for today: what cannot wait first
// (follow-ups overdue, then due today, then any other urgent kind the store
// reports, then churn warnings), each a section of its own with grade A
// first, and last the customers past their grade's contact cadence, a
// section marked Folded so a screen can show it as a count until asked.
// Every customer row carries its id; a section's "… and N more" counts
// those past the store's limit.
func Agenda(a store.Agenda, l i18n.Lang) Document {
	t := a.Totals
	d := Document{
		Title: l.T("agenda.screen", a.Date),
		Lead:  []Cell{text(l.T("agenda.summary", t.Sum(), t.Overdue, t.Due, t.Cadence, t.Churn))},
	}
	if a.Owner != "" {
		d.Lead = append(d.Lead, text(l.T("agenda.owner", validate.Visible(a.Owner))))
	}
	all := append(append(append(append([]store.AgendaItem{}, a.Items...), a.Complaints...), a.Credit...), a.Churn...)
	if t.Sum() == 0 && t.Churn == 0 && len(all) == 0 {
		d.Empty = l.T("agenda.empty")
		return d
	}
	cols := []Column{{}, {}, {Min: 8}, {}, {}, {}}
	// Who looks after each customer, when the agenda is everyone's and
	// someone does.
	owners := false
	for _, it := range all {
		owners = owners || a.Owner == "" && it.Owner != ""
	}
	if owners {
		cols = append(cols, Column{})
	}
	byKind := map[string][]store.AgendaItem{}
	for _, it := range all {
		byKind[it.Kind] = append(byKind[it.Kind], it)
	}
	for _, kind := range agendaKinds(all) {
		items := byKind[kind]
		// Complaints stay oldest first, and churn warnings in the store's
		// order: the purchase models' by value at risk, then the stage
		// rule's by grade.
		if kind != store.AgendaComplaint && kind != store.AgendaChurn {
			slices.SortStableFunc(items, func(x, y store.AgendaItem) int { return gradeRank(x.Grade) - gradeRank(y.Grade) })
		}
		total := kindTotal(t, kind, len(items))
		s := Section{Columns: cols, Kind: kind, Folded: kind == store.AgendaCadence, Count: total,
			Title: []Cell{cell(reasonTag(kind), kindTitle(kind, total, l))}}
		for _, it := range items {
			r := agendaRow(it, l, owners)
			r.Cells = append([]Cell{{Text: gradeLabel(it.Grade, a.Labels[it.Grade]), Tag: Grade, Grade: it.Grade}}, r.Cells...)
			s.Rows = append(s.Rows, r)
		}
		if total > len(items) {
			s.More = l.T("agenda.more.tui", total-len(items))
		}
		d.Sections = append(d.Sections, s)
	}
	return d
}

// agendaKinds orders the kinds present: overdue, due today, open
// complaints, any other kind the store reports (in the order first met),
// churn warnings, and past cadence last.
func agendaKinds(items []store.AgendaItem) []string {
	seen := map[string]bool{}
	for _, it := range items {
		seen[it.Kind] = true
	}
	var out []string
	for _, k := range []string{store.AgendaOverdue, store.AgendaDue, store.AgendaComplaint} {
		if seen[k] {
			out = append(out, k)
		}
	}
	for _, it := range items {
		switch it.Kind {
		case store.AgendaOverdue, store.AgendaDue, store.AgendaComplaint, store.AgendaChurn, store.AgendaCadence:
			continue
		}
		if !slices.Contains(out, it.Kind) {
			out = append(out, it.Kind)
		}
	}
	for _, k := range []string{store.AgendaChurn, store.AgendaCadence} {
		if seen[k] {
			out = append(out, k)
		}
	}
	return out
}

// kindTotal is how many customers of kind the agenda has, listed or not;
// listed is the count for a kind the totals do not know.
func kindTotal(t store.AgendaCounts, kind string, listed int) int {
	switch kind {
	case store.AgendaOverdue:
		return max(t.Overdue, listed)
	case store.AgendaDue:
		return max(t.Due, listed)
	case store.AgendaCadence:
		return max(t.Cadence, listed)
	case store.AgendaChurn:
		return max(t.Churn, listed)
	case store.AgendaComplaint:
		return max(t.Complaints, listed)
	case store.AgendaCredit:
		return max(t.Credit, listed)
	}
	return listed
}

// kindTitle is a section's heading, "Overdue: 9"; a kind without a heading
// of its own in the catalogue is named by its key.
func kindTitle(kind string, n int, l i18n.Lang) string {
	if kind == store.AgendaComplaint {
		return l.T("agenda.complaints", n)
	}
	if key := "agenda.kind." + kind; i18n.Has(key) {
		return l.T(key, n)
	}
	return kind + ": " + strconv.Itoa(n)
}

// gradeRank orders grades A first; no grade last.
func gradeRank(g string) int {
	if g == "" {
		return 1 << 8
	}
	return int(g[0])
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

// reasonTag is how a kind's reason reads: overdue and any urgent kind the
// store adds in the warning style, like churn warnings.
func reasonTag(kind string) Tag {
	switch kind {
	case store.AgendaOverdue:
		return Overdue
	case store.AgendaDue:
		return Due
	case store.AgendaCadence:
		return Cadence
	case store.AgendaComplaint, store.AgendaCredit:
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
		if it.PAlive != nil { // the purchase models' warning: probability and value at risk
			return l.T("agenda.reason.risk", int(math.Round(*it.PAlive*100)), "¥"+store.GroupedYuan(it.ValueAtRisk), it.Days)
		}
		return l.T("agenda.reason.churn", it.DormantSince, it.Days)
	case store.AgendaComplaint:
		return l.T("agenda.reason.complaint", it.OpenComplaints, it.Days)
	}
	if it.Kind == store.AgendaCredit {
		return l.T("agenda.reason.credit", validate.FormatYuan(it.Owed), it.Days, it.OwedSince)
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
