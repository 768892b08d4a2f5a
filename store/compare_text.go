package store

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
	"github.com/kehu-app/kehu/validate"
)

// Name is the group's display name in lang.
func (r ProfileRow) Name(by string, l i18n.Lang) string {
	switch {
	case by == ByGrade && tiering.ValidGrade(r.Key):
		return TierRow{Key: r.Key, Label: r.Label}.Name(l)
	case by == BySegment:
		return TierRow{Key: r.Key}.Name(l)
	case r.Key == "":
		return l.T("compare.none")
	}
	return r.Key
}

// money formats fen, rounded to the yuan's cent, as the ledger shows money.
func money(fen float64) string { return validate.FormatMoney(int64(math.Round(fen))) }

// ifAny shows an average only when it is over someone: a group nobody is
// in has no average spend, and one nobody bought in has no recency.
func ifAny(n int, cell string) string {
	if n == 0 {
		return "–"
	}
	return cell
}

func oneDecimal(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// Lines renders the profile as a text table in lang (what `kehu tiers
// --compare` prints): one column per group, side by side, one line per
// figure.
func (p Profile) Lines(l i18n.Lang) []string {
	out := []string{l.T("compare.title", p.Date, l.T("compare.by."+p.By), p.Customers, p.WindowStart), ""}
	metrics := []struct {
		label string
		cell  func(ProfileRow) string
	}{
		{"compare.customers", func(r ProfileRow) string { return strconv.Itoa(r.Customers) }},
		{"compare.share", func(r ProfileRow) string { return Percent(r.Share) }},
		{"compare.avg_spend", func(r ProfileRow) string { return ifAny(r.Customers, money(r.AvgSpend)) }},
		{"compare.median_spend", func(r ProfileRow) string { return ifAny(r.Customers, money(r.MedianSpend)) }},
		{"compare.avg_frequency", func(r ProfileRow) string { return ifAny(r.Customers, oneDecimal(r.AvgFrequency)) }},
		{"compare.days_since_last", func(r ProfileRow) string { return ifAny(r.Buyers, oneDecimal(r.AvgDaysSinceLast)) }},
		{"compare.tenure", func(r ProfileRow) string { return ifAny(r.Buyers, oneDecimal(r.AvgTenureDays)) }},
		{"compare.active", func(r ProfileRow) string { return ifAny(r.Customers, Percent(r.ActiveShare)) }},
		{"compare.new", func(r ProfileRow) string { return ifAny(r.Customers, Percent(r.NewShare)) }},
		{"compare.dormant", func(r ProfileRow) string { return ifAny(r.Customers, Percent(r.DormantShare)) }},
		{"compare.churned", func(r ProfileRow) string { return ifAny(r.Customers, Percent(r.ChurnedShare)) }},
		{"compare.complaints", func(r ProfileRow) string { return strconv.Itoa(r.OpenComplaints) }},
		{"compare.spend", func(r ProfileRow) string { return validate.FormatMoney(r.Spend) }},
		{"compare.spend_share", func(r ProfileRow) string { return Percent(r.SpendShare) }},
	}
	table := make([][]string, 0, len(metrics)+1)
	head := []string{""}
	for _, g := range p.Groups {
		head = append(head, g.Name(p.By, l))
	}
	table = append(table, head)
	for _, m := range metrics {
		line := []string{l.T(m.label)}
		for _, g := range p.Groups {
			line = append(line, m.cell(g))
		}
		table = append(table, line)
	}
	return append(out, alignColumns(table)...)
}

// alignColumns lays out cells in columns: the first left-aligned, the others
// right-aligned, by display width (a Chinese character is two cells).
func alignColumns(table [][]string) []string {
	var widths []int
	for _, line := range table {
		for i, c := range line {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	out := make([]string, 0, len(table))
	for _, line := range table {
		var b strings.Builder
		for i, c := range line {
			pad := strings.Repeat(" ", widths[i]-displayWidth(c))
			if i == 0 {
				fmt.Fprintf(&b, "  %s%s", c, pad)
				continue
			}
			fmt.Fprintf(&b, "  %s%s", pad, c)
		}
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	return out
}
