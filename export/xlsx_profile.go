package export

import (
	"fmt"
	"strings"

	"github.com/kehu-app/kehu/store"
	"github.com/xuri/excelize/v2"
)

// SheetProfile is the tier profile sheet's English name; SheetProfileAll
// its name beside a filtered export.
const (
	SheetProfile    = "Tier profile"
	SheetProfileAll = "Tier profile, all customers"
)

// profile writes the tier profile beside the tiers sheet: a row per grade
// with what tells the grades apart (spend in the tiering window, how often
// and how lately they buy, how long they have, how alive they are, open
// complaints). exported is how many customers the workbook holds.
//
// The profile is always of every customer, also beside a filtered export,
// where its name and a note below its rows say so. Its use is to set the
// grades side by side, which a filter such as grade=A would reduce to one
// row, and to hold the exported customers against the whole; and its
// figures are then the very ones `kehu tiers --compare` and the summary's
// profile tab show, from the one reading of them.
func (x *xlsxWriter) profile(exported int) error {
	filtered := strings.TrimSpace(x.q.Filter) != ""
	p, err := x.st.TierProfile(x.ctx, store.ByGrade)
	if err != nil {
		return err
	}
	l := x.lang
	keys := []string{"export.col.grade", "export.col.label", "compare.customers", "compare.share", "compare.avg_spend", "compare.median_spend",
		"compare.avg_frequency", "compare.days_since_last", "compare.tenure", "compare.active", "compare.new", "compare.dormant",
		"compare.churned", "compare.complaints", "compare.spend", "compare.spend_share"}
	head := make([]string, len(keys))
	for i, k := range keys {
		head[i] = l.T(k)
	}
	if x.opts.Header == HeaderKeys {
		head = []string{"grade", "label", "customers", "share", "avg_spend", "median_spend", "avg_frequency",
			"avg_days_since_last", "avg_tenure_days", "active_share", "new_share", "dormant_share", "churned_share",
			"open_complaints", "spend", "spend_share"}
	}
	name := x.sheetName(SheetProfile)
	// The note below a filtered export's profile: a blank row, then it.
	note := ""
	rows := len(p.Groups)
	if filtered {
		name = x.sheetName(SheetProfileAll)
		if x.opts.Header != HeaderKeys {
			note = l.T("export.profile.all", p.Customers, exported, strings.TrimSpace(x.q.Filter))
			rows += 2
		}
	}
	widths := []float64{8, 14, 10, 10, 16, 16, 14, 14, 14, 10, 10, 10, 10, 12, 16, 12}
	sw, err := x.sheet(name, head, widths, rows)
	if err != nil {
		return err
	}
	pct := func(v float64) excelize.Cell { return excelize.Cell{StyleID: x.sty.percent, Value: v} }
	yuan := func(fen float64) excelize.Cell { return excelize.Cell{StyleID: x.sty.money, Value: fen / 100} }
	// An average over nobody is left empty rather than written as 0.
	avg := func(n int, c any) any {
		if n == 0 {
			return nil
		}
		return c
	}
	for i, g := range p.Groups {
		grade := any(g.Key)
		if id, ok := x.sty.grade[g.Key]; ok {
			grade = excelize.Cell{StyleID: id, Value: g.Key}
		}
		row := []any{grade, g.Label, g.Customers, pct(g.Share),
			avg(g.Customers, yuan(g.AvgSpend)), avg(g.Customers, yuan(g.MedianSpend)),
			avg(g.Customers, excelize.Cell{StyleID: x.sty.score, Value: g.AvgFrequency}),
			avg(g.Buyers, excelize.Cell{StyleID: x.sty.score, Value: g.AvgDaysSinceLast}),
			avg(g.Buyers, excelize.Cell{StyleID: x.sty.score, Value: g.AvgTenureDays}),
			avg(g.Customers, pct(g.ActiveShare)), avg(g.Customers, pct(g.NewShare)),
			avg(g.Customers, pct(g.DormantShare)), avg(g.Customers, pct(g.ChurnedShare)),
			g.OpenComplaints, yuan(float64(g.Spend)), pct(g.SpendShare)}
		if err := sw.SetRow(cellName(i+2), row); err != nil {
			return fmt.Errorf("xlsx profile: %w", err)
		}
	}
	if note != "" {
		if err := sw.SetRow(cellName(len(p.Groups)+3), []any{excelize.Cell{StyleID: x.sty.bold, Value: x.text(note)}}); err != nil {
			return fmt.Errorf("xlsx profile: %w", err)
		}
	}
	return x.finish(sw, name, len(head), len(p.Groups))
}
