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

// logSheet is one of the sheets with a row per entry of the customers in
// view (purchases, contacts): its headers, column widths, how many entries
// there are, and how each entry fills the row's cells.
type logSheet struct {
	sheet  string   // SheetPurchases or SheetContacts, named in the export's language
	labels []string // catalogue keys of the header labels
	keys   []string // the headers with --header keys
	widths []float64
	count  func(ctx context.Context, limit int) (int, error)
	// rows streams the entries: for each it fills cells (one per column)
	// and calls emit.
	rows func(ctx context.Context, cells []any, emit func() error) error
}

// writeLogSheet streams a logSheet, or the note that replaces it when the
// view has more entries than a sheet holds.
func (x *xlsxWriter) writeLogSheet(ls logSheet) error {
	head := ls.keys
	if x.opts.Header != HeaderKeys {
		head = make([]string, len(ls.labels))
		for i, k := range ls.labels {
			head[i] = x.lang.T(k)
		}
	}
	limit := x.opts.limit()
	n, err := ls.count(x.ctx, limit+1)
	if err != nil {
		return err
	}
	name := x.sheetName(ls.sheet)
	sw, err := x.sheet(name, head, ls.widths, sheetRows(n, limit))
	if err != nil {
		return err
	}
	if n > limit {
		return x.tooMany(sw, name, len(head))
	}
	row := 1
	produced := 0
	err = x.pipe(len(head), func(ctx context.Context, emit func([]any) error) error {
		cells := make([]any, len(head))
		return ls.rows(ctx, cells, func() error {
			produced++
			if produced > limit {
				return i18n.Errorf("export.toomany", produced, limit)
			}
			return emit(cells)
		})
	}, func(cells []any) error {
		row++
		if err := sw.SetRow(cellName(row), cells); err != nil {
			return fmt.Errorf("xlsx sheet %s row %d: %w", ls.sheet, row, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	x.xmlBytes = max(x.xmlBytes, int64(row)*int64(len(head))*(cellXML+64))
	return x.finish(sw, name, len(head), row-1)
}

func (x *xlsxWriter) purchases() error {
	return x.writeLogSheet(logSheet{
		sheet: SheetPurchases,
		labels: []string{"export.col.customer_id", "export.col.customer", "export.col.date", "export.col.product",
			"export.col.qty", "export.col.amount", "export.col.note"},
		keys:   []string{"customer_id", "customer", "date", "product", "qty", "amount", "note"},
		widths: []float64{10, 14, 12, 20, 8, 14, 30},
		count: func(ctx context.Context, limit int) (int, error) {
			return x.st.CountViewPurchases(ctx, x.q, limit)
		},
		rows: func(ctx context.Context, cells []any, emit func() error) error {
			return x.st.EachViewPurchase(ctx, x.q, func(p store.Purchase, name string) error {
				cells[0], cells[1] = p.CustomerID, x.text(name)
				cells[2] = dateCell(p.Date, "2006-01-02", x.sty.date)
				cells[3], cells[4] = nilIfEmpty(x.text(p.Product)), p.Qty
				cells[5] = excelize.Cell{StyleID: x.sty.money, Value: fenToYuan(p.Amount)}
				cells[6] = nilIfEmpty(x.text(p.Note))
				return emit()
			})
		},
	})
}

func (x *xlsxWriter) contacts() error {
	return x.writeLogSheet(logSheet{
		sheet: SheetContacts,
		labels: []string{"export.col.customer_id", "export.col.customer", "export.col.at", "export.col.channel",
			"export.col.kind", "export.col.summary", "export.col.outcome", "export.col.next"},
		keys:   []string{"customer_id", "customer", "at", "channel", "kind", "summary", "outcome", "next_follow_up"},
		widths: []float64{10, 14, 17, 10, 10, 30, 20, 12},
		count: func(ctx context.Context, limit int) (int, error) {
			return x.st.CountViewContacts(ctx, x.q, limit)
		},
		rows: func(ctx context.Context, cells []any, emit func() error) error {
			return x.st.EachViewContact(ctx, x.q, func(c store.Contact, name string) error {
				cells[0], cells[1] = c.CustomerID, x.text(name)
				cells[2] = dateCell(c.At, "2006-01-02 15:04", x.sty.minute)
				cells[3] = nilIfEmpty(x.enum("channel.", c.Channel))
				cells[4] = nilIfEmpty(x.enum("kind.", c.Kind))
				cells[5], cells[6] = nilIfEmpty(x.text(c.Summary)), nilIfEmpty(x.text(c.Outcome))
				cells[7] = dateCell(c.NextFollowUp, "2006-01-02", x.sty.date)
				return emit()
			})
		},
	})
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
