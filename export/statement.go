package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/internal/tmpfile"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
	"github.com/xuri/excelize/v2"
)

// StatementSpec names a customer's statement: whose, over which days, in
// which format and language.
type StatementSpec struct {
	CustomerID int64
	Name       string
	Range      store.StatementRange
	Format     string // CSV or XLSX
	Lang       i18n.Lang
}

// statementHead are the statement's columns.
var statementHead = []string{"stmt.date", "stmt.account", "stmt.entry", "stmt.amount", "stmt.running", "stmt.ref", "stmt.at"}

// statementRow is one row of a statement as cells: amounts as numbers
// (yuan for money, whole points), text neutralised by the writer.
type statementRow struct {
	date, account, entry, ref, at string
	money                         bool
	amount, running               int64
	hasAmount                     bool
}

// WriteStatement writes a customer's statement to w, streamed from the
// ledger: the header, each account's opening balance, then every entry
// with its account's running balance. It returns the number of entries.
func WriteStatement(ctx context.Context, st *store.Store, spec StatementSpec, w io.Writer) (int, error) {
	switch spec.Format {
	case XLSX:
		return writeStatementXLSX(ctx, st, spec, w)
	case CSV, "":
		return writeStatementCSV(ctx, st, spec, w)
	}
	return 0, i18n.Errorf("export.badformat", spec.Format)
}

// StatementToFile writes the statement to path as ToFile writes a view:
// through a private temporary file renamed into place when complete.
func StatementToFile(ctx context.Context, st *store.Store, spec StatementSpec, path string) (int, error) {
	if spec.Format == "" {
		spec.Format = FormatOf(path)
	}
	return toFile(ctx, path, func(w io.Writer) (int, error) { return WriteStatement(ctx, st, spec, w) })
}

// statementRows streams the statement as rows: the openings, then entries.
func statementRows(ctx context.Context, st *store.Store, spec StatementSpec, emit func(statementRow) error) (int, error) {
	l := spec.Lang
	n := 0
	opening := func(b store.Balances) error {
		for _, acct := range store.Accounts() {
			v := map[string]int64{store.AccountPoints: b.Points, store.AccountBalance: b.Balance, store.AccountOwed: b.Owed}[acct]
			r := statementRow{date: spec.Range.From, account: l.T("acct.name." + acct), entry: l.T("acct.kind.opening"),
				money: acct != store.AccountPoints, running: v}
			if err := emit(r); err != nil {
				return err
			}
		}
		return nil
	}
	err := st.Statement(ctx, spec.CustomerID, spec.Range, opening, func(e store.StatementLine) error {
		n++
		if n%progressEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		return emit(statementRow{date: e.Date, account: l.T("acct.name." + e.Account), entry: store.EntryText(e.AccountEntry, l),
			ref: e.Ref, at: e.At, money: e.Account != store.AccountPoints, amount: e.Amount, running: e.Running, hasAmount: true})
	})
	return n, err
}

func amountText(money bool, v int64) string {
	if money {
		return validate.FormatMoney(v)
	}
	return fmt.Sprint(v)
}

func writeStatementCSV(ctx context.Context, st *store.Store, spec StatementSpec, w io.Writer) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	head := make([]string, len(statementHead))
	for i, k := range statementHead {
		head[i] = spec.Lang.T(k)
	}
	if err := cw.Write(head); err != nil {
		return 0, fmt.Errorf("write csv: %w", err)
	}
	n, err := statementRows(ctx, st, spec, func(r statementRow) error {
		amount := ""
		if r.hasAmount {
			amount = amountText(r.money, r.amount)
		}
		rec := []string{r.date, Neutralise(r.account, false), Neutralise(r.entry, false), amount, amountText(r.money, r.running),
			Neutralise(r.ref, false), r.at}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return 0, fmt.Errorf("write csv: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return 0, fmt.Errorf("write csv: %w", err)
	}
	return n, nil
}

// The statement sheet: a title row, then the header, then the rows.
func writeStatementXLSX(ctx context.Context, st *store.Store, spec StatementSpec, w io.Writer) (int, error) {
	tmp, removeTmp, err := tmpfile.Dir(tmpPrefix)
	if err != nil {
		return 0, fmt.Errorf("xlsx: temporary folder: %w", err)
	}
	defer removeTmp()
	f := excelize.NewFile(excelize.Options{TmpDir: tmp})
	defer f.Close()
	l := spec.Lang
	sheet := l.T("stmt.sheet")
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return 0, fmt.Errorf("xlsx: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return 0, fmt.Errorf("xlsx: %w", err)
	}
	money, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		return 0, fmt.Errorf("xlsx: %w", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return 0, fmt.Errorf("xlsx: %w", err)
	}
	for i, wd := range []float64{12, 12, 28, 12, 12, 16, 20} {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return 0, fmt.Errorf("xlsx: %w", err)
		}
	}
	from, to := spec.Range.From, spec.Range.To
	if from == "" {
		from = l.T("stmt.start")
	}
	if to == "" {
		to = st.Now().Format("2006-01-02")
	}
	title := l.T("stmt.title", spec.CustomerID, validate.Visible(spec.Name), from, to)
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: bold, Value: title}}); err != nil {
		return 0, fmt.Errorf("xlsx: %w", err)
	}
	head := make([]any, len(statementHead))
	for i, k := range statementHead {
		head[i] = excelize.Cell{StyleID: bold, Value: l.T(k)}
	}
	if err := sw.SetRow("A2", head); err != nil {
		return 0, fmt.Errorf("xlsx: %w", err)
	}
	row := 2
	cellOf := func(isMoney bool, v int64) any {
		if isMoney {
			return excelize.Cell{StyleID: money, Value: fenToYuan(v)}
		}
		return v
	}
	n, err := statementRows(ctx, st, spec, func(r statementRow) error {
		row++
		if row > MaxRows {
			return i18n.Errorf("export.toomany", row, MaxRows)
		}
		var amount any
		if r.hasAmount {
			amount = cellOf(r.money, r.amount)
		}
		cells := []any{nilIfEmpty(r.date), r.account, r.entry, amount, cellOf(r.money, r.running), nilIfEmpty(r.ref), nilIfEmpty(r.at)}
		name, err := excelize.CoordinatesToCellName(1, row)
		if err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
		if err := sw.SetRow(name, cells); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if err := sw.Flush(); err != nil {
		return 0, fmt.Errorf("xlsx: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return 0, fmt.Errorf("write xlsx: %w", err)
	}
	return n, nil
}
