// Package importer brings a shop owner's existing sheet into the ledger:
// CSV (UTF-8 with or without BOM, UTF-16 with BOM, or GB18030/GBK, comma,
// tab or semicolon separated) and XLSX (read as a stream; date cells become
// ISO dates whatever their number format).
//
// Headers are matched by column key, English or Chinese label and common
// aliases (客户名称, 联系方式, 最近购买日期...); --map overrides. Values are
// validated as everywhere else (store.ParseValue); placeholder dashes and
// empty cells are empty. A column kehu does not know becomes a custom
// column (typed when its values clearly are dates, amounts, numbers or
// yes/no, else text); nothing is dropped. A column whose name belongs to a
// computed column (等级, 评分...) or that holds values foreign to the
// built-in column of its name (客户类型 holding VIP/重要 instead of
// 个人/企业) is kept as a custom column named "<header>（原表）" beside the
// computed one. Only a file kehu exported itself (it carries at least two
// of grade, score, segment and stage under kehu's own names) has its
// computed columns skipped, since the ledger computes them again.
//
// Summary columns (total spend, purchase count, last purchase date) become
// the customer's opening balance. Rows whose values fail validation go to
// FILE.rejects.csv (the row's cells and the reason); the good rows go in one
// transaction. A row matching a customer (phone, else name and company)
// updates it, so importing the same file again adds nobody.
package importer

import (
	"context"
	"os"
	"path/filepath"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// Options configure ImportFile.
type Options struct {
	// Sheet names the XLSX sheet to read (default: Customers or 客户 when
	// present, else the first sheet).
	Sheet string
	// Map sends a column of the file (its header, or its letter such as C)
	// to a field: a column key, label or alias; "-" skips the column.
	Map map[string]string
	// DryRun reads and validates everything and reports what would happen,
	// writing nothing (no ledger change, no rejects file).
	DryRun bool
	// MergeDuplicates merges rows with the phone, WeChat id or email of a
	// customer already in the ledger into it (store.ImportOptions).
	MergeDuplicates bool
	// Lang is the language of reject reasons and of new columns' names.
	Lang i18n.Lang
	// Progress, when set, is called now and then, one call at a time, with
	// the stage the import is in and how far it is (see the Stage values).
	Progress func(stage Stage, done, total int) // Alone says nothing else in this process reads the ledger meanwhile
	// (store.ImportOptions).
	Alone bool
}

// Stage is a step of an import, as Options.Progress reports it.
type Stage string

// The stages, in order.
const (
	StageRead    Stage = "read"    // the first pass: rows read so far (total 0: not known yet)
	StageWrite   Stage = "write"   // rows checked and written, of the rows in the file
	StageIndexes Stage = "indexes" // a large import building the ledger's indexes again, of total
)

// Mapping kinds: where a column of the file goes.
const (
	KindField   = "field"   // a built-in column
	KindOpening = "opening" // a summary column: opening balance
	KindAccount = "account" // a member account balance: an opening entry for a new customer
	KindCustom  = "custom"  // an existing custom column
	KindNew     = "new"     // a custom column the import creates
	KindSkip    = "skip"    // not imported (--map COLUMN=-, or computed by kehu)
)

// Mapping says where one column of the file goes.
type Mapping struct {
	Column int        // 0-based position in the file
	Header string     // as in the file
	Kind   string     // KindField, KindOpening, KindAccount, KindCustom, KindNew or KindSkip
	Target string     // column key (KindOpening: total_spend, purchases or last_purchase; KindAccount: points, balance or owed)
	Type   store.Type // the target's type
	Note   string     // why a column was skipped or kept aside, in Options.Lang
	Label  string     // the target column's name as the ledger shows it (empty when skipped)
}

// Reject is a row that was not imported.
type Reject struct {
	Line   int // the row's number in the sheet (the header is usually 1)
	Reason string
}

// MaxRejectSamples is how many rejects a Report lists.
const MaxRejectSamples = 20

// Report says what an import did, or would do in a dry run.
type Report struct {
	File        string
	Format      string // "csv" or "xlsx"
	Encoding    string // CSV only
	Sheet       string // XLSX only
	HeaderLine  int    // the row holding the headers
	Rows        int    // data rows read (blank rows not counted)
	Added       int
	Updated     int // rows that changed an existing customer
	Unchanged   int // rows matching a customer with nothing new
	Merged      int // rows merged into a customer by a shared phone, WeChat or email
	Rejected    int
	RejectsPath string   // FILE.rejects.csv, when rows were rejected (not in a dry run)
	NewColumns  []string // labels of the custom columns created
	Columns     []Mapping
	Rejects     []Reject // the first MaxRejectSamples rejects
	DryRun      bool
	Regrade     store.RegradeReport
	Duplicates  []store.ImportDuplicate // dry run: rows that look like customers already there
	// AccountDiffs are matched customers' balances the sheet gives
	// differently from the ledger, which keeps its own.
	AccountDiffs []store.ImportAccountDiff
}

// RejectsPath is where the rejected rows of path are written.
func RejectsPath(path string) string { return path + ".rejects.csv" }

// ImportFile imports the CSV or XLSX file at path into st.
func ImportFile(ctx context.Context, st *store.Store, path string, opts Options) (Report, error) {
	rep := Report{File: path, DryRun: opts.DryRun}
	if opts.Lang == "" {
		opts.Lang = i18n.EN
	}
	b, err := openBook(path, opts.Sheet, &rep)
	if err != nil {
		return rep, err
	}
	defer b.Close()
	err = run(ctx, st, b, opts, RejectsPath(path), &rep)
	return rep, err
}

// run imports the customer sheet b: a first pass maps the headers and looks
// at the values (scan), then the rows are checked as they are read again
// (feed) and the store writes the good ones.
func run(ctx context.Context, st *store.Store, b book, opts Options, rejectsPath string, rep *Report) error {
	// The columns are read again first: another process may have added
	// some (an earlier import of this very file) since this store read them.
	if err := st.ReloadColumns(ctx); err != nil {
		return err
	}
	p := &plan{st: st, opts: opts, newKeys: map[string]bool{}, newLabels: map[string]bool{}}
	preview, err := st.NewImportPreview(ctx)
	if err != nil {
		return err
	}
	total, err := p.scan(ctx, b, rep, preview)
	if err != nil {
		return err
	}
	if err := p.finish(); err != nil {
		return err
	}
	for _, c := range p.cols {
		m := c.Mapping
		switch {
		case m.Kind == KindNew:
			m.Label = c.label
		case m.Kind != KindSkip:
			m.Label = c.col.Label(opts.Lang)
		}
		rep.Columns = append(rep.Columns, m)
	}
	rw := &rejectWriter{path: rejectsPath, header: p.header, lang: opts.Lang, off: opts.DryRun}
	defer rw.abort()
	src, err := b.rows()
	if err != nil {
		return err
	}
	defer closeSource(src)
	var progress func(int)
	if opts.Progress != nil {
		progress = func(read int) { opts.Progress(StageWrite, read, total) }
	}
	f := startFeed(ctx, src, rep.HeaderLine, rw, opts.Lang, p.row, progress)
	keys, newCols := p.targets()
	indexing := false
	var indexes func(d, n int)
	if opts.Progress != nil {
		indexes = func(d, n int) {
			if !indexing {
				// every row is read (the feed has ended): say so first
				indexing = true
				opts.Progress(StageWrite, f.read, total)
			}
			opts.Progress(StageIndexes, d, n)
		}
	}
	res, err := st.ImportRows(ctx, store.ImportOptions{
		Keys: keys, Columns: newCols, DryRun: opts.DryRun, MergeDuplicates: opts.MergeDuplicates, Rows: total, Preview: preview, Accounts: p.hasAccounts(),
		Reason: "import " + filepath.Base(rep.File), Indexes: indexes, Alone: opts.Alone,
	}, f.rows)
	f.stop()
	rep.Rows, rep.Rejected, rep.Rejects = f.read, f.rejected, f.samples
	if err != nil {
		return err
	}
	if opts.Progress != nil && !indexing {
		opts.Progress(StageWrite, f.read, total)
	}
	rep.Added, rep.Updated, rep.Unchanged, rep.Regrade = res.Added, res.Updated, res.Unchanged, res.Regrade
	rep.Merged = res.Merged
	rep.Duplicates = res.Duplicates
	rep.AccountDiffs = res.AccountDiffs
	for _, c := range newCols {
		rep.NewColumns = append(rep.NewColumns, c.Label)
	}
	if opts.DryRun {
		return nil
	}
	if rep.Rejected > 0 {
		if err := rw.commit(); err != nil {
			return err
		}
		rep.RejectsPath = rejectsPath
	} else if fi, err := os.Stat(rejectsPath); err == nil && fi.Mode().IsRegular() {
		os.Remove(rejectsPath) // a stale list from an earlier import of this file
	}
	return nil
}
