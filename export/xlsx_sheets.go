package export

// The sheets written beside the customers: purchases, contacts and the tier
// summary of the rows in view, and the note that replaces a sheet too large
// for Excel.

import (
	"context"
	"fmt"
	"math"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
	"github.com/xuri/excelize/v2"
)

// sheetRows is the rows a sheet of n entries holds below its header: the
// entries, or the one note that replaces them when they do not fit.
func sheetRows(n, limit int) int {
	if n > limit {
		return 1
	}
	return n
}

// tooMany writes the note that replaces a sheet too large for Excel.
func (x *xlsxWriter) tooMany(sw *excelize.StreamWriter, name string, ncols int) error {
	msg := x.lang.T("export.sheettoomany", x.opts.limit())
	if err := sw.SetRow("A2", []any{msg}); err != nil {
		return fmt.Errorf("xlsx sheet %s: %w", name, err)
	}
	x.opts.warn("export.sheetwarn", name, x.opts.limit())
	return x.finish(sw, name, ncols, 1)
}

func (x *xlsxWriter) purchases() error {
	l := x.lang
	head := []string{l.T("export.col.customer_id"), l.T("export.col.customer"), l.T("export.col.date"), l.T("export.col.product"),
		l.T("export.col.qty"), l.T("export.col.amount"), l.T("export.col.note")}
	if x.opts.Header == HeaderKeys {
		head = []string{"customer_id", "customer", "date", "product", "qty", "amount", "note"}
	}
	n, err := x.st.CountViewPurchases(x.ctx, x.q, x.opts.limit()+1)
	if err != nil {
		return err
	}
	name := x.sheetName(SheetPurchases)
	sw, err := x.sheet(name, head, []float64{10, 14, 12, 20, 8, 14, 30}, sheetRows(n, x.opts.limit()))
	if err != nil {
		return err
	}
	if n > x.opts.limit() {
		return x.tooMany(sw, name, len(head))
	}
	row := 1
	produced := 0
	err = x.pipe(len(head), func(ctx context.Context, emit func([]any) error) error {
		cells := make([]any, len(head))
		return x.st.EachViewPurchase(ctx, x.q, func(p store.Purchase, name string) error {
			produced++
			if produced > x.opts.limit() {
				return i18n.Errorf("export.toomany", produced, x.opts.limit())
			}
			cells[0], cells[1] = p.CustomerID, x.text(name)
			cells[2] = dateCell(p.Date, "2006-01-02", x.sty.date)
			cells[3], cells[4] = nilIfEmpty(x.text(p.Product)), p.Qty
			cells[5] = excelize.Cell{StyleID: x.sty.money, Value: fenToYuan(p.Amount)}
			cells[6] = nilIfEmpty(x.text(p.Note))
			return emit(cells)
		})
	}, func(cells []any) error {
		row++
		if err := sw.SetRow(cellName(row), cells); err != nil {
			return fmt.Errorf("xlsx purchases row %d: %w", row, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	x.xmlBytes = max(x.xmlBytes, int64(row)*int64(len(head))*(cellXML+64))
	return x.finish(sw, name, len(head), row-1)
}

func (x *xlsxWriter) contacts() error {
	l := x.lang
	head := []string{l.T("export.col.customer_id"), l.T("export.col.customer"), l.T("export.col.at"), l.T("export.col.channel"),
		l.T("export.col.kind"), l.T("export.col.summary"), l.T("export.col.outcome"), l.T("export.col.next")}
	if x.opts.Header == HeaderKeys {
		head = []string{"customer_id", "customer", "at", "channel", "kind", "summary", "outcome", "next_follow_up"}
	}
	n, err := x.st.CountViewContacts(x.ctx, x.q, x.opts.limit()+1)
	if err != nil {
		return err
	}
	name := x.sheetName(SheetContacts)
	sw, err := x.sheet(name, head, []float64{10, 14, 17, 10, 10, 30, 20, 12}, sheetRows(n, x.opts.limit()))
	if err != nil {
		return err
	}
	if n > x.opts.limit() {
		return x.tooMany(sw, name, len(head))
	}
	row := 1
	produced := 0
	err = x.pipe(len(head), func(ctx context.Context, emit func([]any) error) error {
		cells := make([]any, len(head))
		return x.st.EachViewContact(ctx, x.q, func(c store.Contact, name string) error {
			produced++
			if produced > x.opts.limit() {
				return i18n.Errorf("export.toomany", produced, x.opts.limit())
			}
			cells[0], cells[1] = c.CustomerID, x.text(name)
			cells[2] = dateCell(c.At, "2006-01-02 15:04", x.sty.minute)
			cells[3] = nilIfEmpty(x.enum("channel.", c.Channel))
			cells[4] = nilIfEmpty(x.enum("kind.", c.Kind))
			cells[5], cells[6] = nilIfEmpty(x.text(c.Summary)), nilIfEmpty(x.text(c.Outcome))
			cells[7] = dateCell(c.NextFollowUp, "2006-01-02", x.sty.date)
			return emit(cells)
		})
	}, func(cells []any) error {
		row++
		if err := sw.SetRow(cellName(row), cells); err != nil {
			return fmt.Errorf("xlsx contacts row %d: %w", row, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	x.xmlBytes = max(x.xmlBytes, int64(row)*int64(len(head))*(cellXML+64))
	return x.finish(sw, name, len(head), row-1)
}

// enum names a stored key (channel, kind) in the export's language.
func (x *xlsxWriter) enum(prefix, key string) string {
	if key == "" || !i18n.Has(prefix+key) {
		return key
	}
	return x.lang.T(prefix + key)
}

func (x *xlsxWriter) tiers() error {
	l := x.lang
	head := []string{l.T("export.col.grade"), l.T("export.col.label"), l.T("export.col.customers"), l.T("export.col.custshare"),
		l.T("export.col.spend"), l.T("export.col.spendshare"),
		l.T("export.col.cadence"), l.T("export.col.channels"), l.T("export.col.discount"), l.T("export.col.benefits"), l.T("export.col.owner")}
	if x.opts.Header == HeaderKeys {
		head = []string{"grade", "label", "customers", "customer_share", "spend", "spend_share",
			"cadence_days", "channels", "discount", "benefits", "owner"}
	}
	sums, err := x.st.ViewTiers(x.ctx, x.q)
	if err != nil {
		return err
	}
	name := x.sheetName(SheetTiers)
	// One row per grade and the total row.
	sw, err := x.sheet(name, head, []float64{8, 14, 12, 12, 16, 12, 10, 16, 8, 30, 10}, len(sums)+1)
	if err != nil {
		return err
	}
	var customers int
	var spend int64
	for _, t := range sums {
		customers += t.Customers
		spend += t.Spend
	}
	share := func(part, whole float64) float64 {
		if whole == 0 || math.IsNaN(part/whole) {
			return 0
		}
		return part / whole
	}
	row := 1
	for _, t := range sums {
		row++
		g := any(t.Grade)
		if id, ok := x.sty.grade[t.Grade]; ok {
			g = excelize.Cell{StyleID: id, Value: t.Grade}
		}
		cells := []any{g, x.rules.Label(t.Grade), t.Customers,
			excelize.Cell{StyleID: x.sty.percent, Value: share(float64(t.Customers), float64(customers))},
			excelize.Cell{StyleID: x.sty.money, Value: fenToYuan(t.Spend)},
			excelize.Cell{StyleID: x.sty.percent, Value: share(float64(t.Spend), float64(spend))}}
		if tiering.ValidGrade(t.Grade) {
			// The grade's service policy, so the sheet says how each grade
			// is treated beside what it is worth.
			p := x.rules.Policy(t.Grade)
			cells = append(cells, x.rules.CadenceDays(t.Grade), store.ChannelNames(p.Channels, l),
				excelize.Cell{StyleID: x.sty.percent, Value: p.Discount / 100}, x.rules.BenefitsText(t.Grade, string(l)), p.Owner)
		}
		if err := sw.SetRow(cellName(row), cells); err != nil {
			return fmt.Errorf("xlsx tiers: %w", err)
		}
	}
	row++
	total := []any{excelize.Cell{StyleID: x.sty.bold, Value: l.T("export.total")}, nil,
		excelize.Cell{StyleID: x.sty.bold, Value: customers}, nil,
		excelize.Cell{StyleID: x.sty.boldMoney, Value: fenToYuan(spend)}, nil}
	if err := sw.SetRow(cellName(row), total); err != nil {
		return fmt.Errorf("xlsx tiers: %w", err)
	}
	return x.finish(sw, name, len(head), row-2)
}
