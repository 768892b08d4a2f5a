package report

import (
	"strconv"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
	"github.com/kehu-app/kehu/validate"
)

// ProfileRows is the tier profile with a row per group, the figures that
// tell groups apart most as columns (narrow enough for 80 columns; Profile
// has every figure), each row naming its customers as a
// filter (Drill), and the group's shares of customers and of spend drawn as
// bars where a screen can. Profile is the full comparison, a column per
// group.
func ProfileRows(p store.Profile, l i18n.Lang) Document {
	d := Document{Title: l.T("compare.title", p.Date, l.T("compare.by."+p.By), p.Customers, p.WindowStart)}
	s := Section{Columns: []Column{
		{Head: l.T("tiers.col.group")},
		{Head: l.T("tiers.col.customers"), Right: true},
		{Head: "%", Right: true, Min: 5, Bar: true},
		{Head: l.T("tiers.col.avg"), Right: true},
		{Head: l.T("tiers.col.freq"), Right: true},
		{Head: l.T("tiers.col.recency"), Right: true},
		{Head: l.T("tiers.col.churned"), Right: true},
		{Head: l.T("tiers.col.spendshare"), Right: true, Min: 5, Bar: true},
	}}
	for _, g := range p.Groups {
		grade := ""
		tag := Plain
		if p.By == store.ByGrade {
			grade, tag = g.Key, Grade
		}
		fig := func(t Tag, v string) Cell { return Cell{Text: v, Tag: t, Grade: grade} }
		s.Rows = append(s.Rows, Row{Drill: GroupDrill(p.By, g.Key), Cells: []Cell{
			{Text: validate.Visible(groupName(g, p.By, l)), Tag: tag, Grade: grade},
			fig(Count, strconv.Itoa(g.Customers)),
			{Text: store.Percent(g.Share), Tag: Percent, Share: g.Share, Grade: grade},
			fig(Money, ifAny(g.Customers, money(g.AvgSpend))),
			fig(Count, ifAny(g.Customers, oneDecimal(g.AvgFrequency))),
			fig(Count, ifAny(g.Buyers, oneDecimal(g.AvgDaysSinceLast))),
			fig(Percent, ifAny(g.Customers, store.Percent(g.ChurnedShare))),
			{Text: store.Percent(g.SpendShare), Tag: Percent, Share: g.SpendShare, Grade: grade},
		}})
	}
	d.Sections = []Section{s}
	return d
}

// Products is the products view: per product its buyers, how many came
// back for it, what they spent and which grades they are in today, most
// spent on first; each row names its buyers as a filter (bought=…).
func Products(r store.ProductsReport, l i18n.Lang) Document {
	d := Document{Title: l.T("products.title", r.Date, len(r.Products)+r.More, r.Customers, validate.FormatYuan(r.Spend))}
	if len(r.Products) == 0 {
		d.Empty = l.T("products.none")
		return d
	}
	s := Section{Columns: []Column{
		{Head: l.T("products.col.product")},
		{Head: l.T("products.col.customers"), Right: true},
		{Head: l.T("products.col.repeat"), Right: true},
		{Head: l.T("products.col.spend"), Right: true},
		{Head: "%", Right: true, Min: 5, Bar: true},
		{Head: l.T("products.col.grades")},
	}}
	grades := tiering.Grades()
	for _, p := range r.Products {
		share := 0.0
		if r.Spend > 0 {
			share = float64(p.Spend) / float64(r.Spend)
		}
		var by []string
		top, topN := "", 0
		for i, n := range p.ByGrade {
			if n > 0 {
				by = append(by, grades[i]+" "+strconv.Itoa(n))
			}
			if n > topN {
				top, topN = grades[i], n
			}
		}
		s.Rows = append(s.Rows, Row{Drill: ProductDrill(p.Product), Cells: []Cell{
			{Text: validate.Visible(p.Product), Tag: Name},
			cell(Count, strconv.Itoa(p.Customers)),
			cell(Count, strconv.Itoa(p.Repeat)),
			cell(Money, validate.FormatYuan(p.Spend)),
			{Text: store.Percent(share), Tag: Percent, Share: share, Grade: top},
			{Text: strings.Join(by, " · "), Tag: Move, Grade: top},
		}})
	}
	if r.More > 0 {
		s.More = l.T("products.more", r.More)
	}
	d.Sections = []Section{s}
	return d
}
