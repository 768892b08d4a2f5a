package report

import (
	"strconv"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
	"github.com/kehu-app/kehu/validate"
)

// Profile is the tier profile (tiers --compare): one column per group, side
// by side, one row per figure.
func Profile(p store.Profile, l i18n.Lang) Document {
	d := Document{Title: l.T("compare.title", p.Date, l.T("compare.by."+p.By), p.Customers, p.WindowStart)}
	metrics := []struct {
		label string
		tag   Tag
		cell  func(store.ProfileRow) string
	}{
		{"compare.customers", Count, func(r store.ProfileRow) string { return strconv.Itoa(r.Customers) }},
		{"compare.share", Percent, func(r store.ProfileRow) string { return store.Percent(r.Share) }},
		{"compare.avg_spend", Money, func(r store.ProfileRow) string { return ifAny(r.Customers, money(r.AvgSpend)) }},
		{"compare.median_spend", Money, func(r store.ProfileRow) string { return ifAny(r.Customers, money(r.MedianSpend)) }},
		{"compare.avg_frequency", Count, func(r store.ProfileRow) string { return ifAny(r.Customers, oneDecimal(r.AvgFrequency)) }},
		{"compare.days_since_last", Count, func(r store.ProfileRow) string { return ifAny(r.Buyers, oneDecimal(r.AvgDaysSinceLast)) }},
		{"compare.tenure", Count, func(r store.ProfileRow) string { return ifAny(r.Buyers, oneDecimal(r.AvgTenureDays)) }},
		{"compare.active", Percent, func(r store.ProfileRow) string { return ifAny(r.Customers, store.Percent(r.ActiveShare)) }},
		{"compare.new", Percent, func(r store.ProfileRow) string { return ifAny(r.Customers, store.Percent(r.NewShare)) }},
		{"compare.dormant", Percent, func(r store.ProfileRow) string { return ifAny(r.Customers, store.Percent(r.DormantShare)) }},
		{"compare.churned", Percent, func(r store.ProfileRow) string { return ifAny(r.Customers, store.Percent(r.ChurnedShare)) }},
		{"compare.complaints", Count, func(r store.ProfileRow) string { return strconv.Itoa(r.OpenComplaints) }},
		{"compare.spend", Money, func(r store.ProfileRow) string { return validate.FormatYuan(r.Spend) }},
		{"compare.spend_share", Percent, func(r store.ProfileRow) string { return store.Percent(r.SpendShare) }},
	}
	s := Section{Columns: []Column{{}}}
	for _, g := range p.Groups {
		s.Columns = append(s.Columns, Column{Head: validate.Visible(groupName(g, p.By, l)), Right: true})
	}
	for _, m := range metrics {
		r := Row{Cells: []Cell{text(l.T(m.label))}}
		for _, g := range p.Groups {
			c := cell(m.tag, m.cell(g))
			if p.By == store.ByGrade {
				c.Grade = g.Key
			}
			r.Cells = append(r.Cells, c)
		}
		s.Rows = append(s.Rows, r)
	}
	d.Sections = []Section{s}
	return d
}

// groupName is a profile group's display name in l.
func groupName(r store.ProfileRow, by string, l i18n.Lang) string {
	switch {
	case by == store.ByGrade && tiering.ValidGrade(r.Key):
		return store.TierRow{Key: r.Key, Label: r.Label}.Name(l)
	case by == store.BySegment:
		return store.TierRow{Key: r.Key}.Name(l)
	case r.Key == "":
		return l.T("compare.none")
	}
	return r.Key
}

// money formats fen, rounded to the yuan's cent, as the ledger shows money.
func money(fen float64) string { return validate.FormatYuanFloat(fen / 100) }

// ifAny shows an average only when it is over someone: a group nobody is
// in has no average spend, and one nobody bought in has no recency.
func ifAny(n int, cell string) string {
	if n == 0 {
		return "–"
	}
	return cell
}

func oneDecimal(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
