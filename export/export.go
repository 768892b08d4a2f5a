// Package export writes a view of the ledger — exactly its rows, filter,
// sort, columns and order — to CSV or XLSX. The TUI's `x` and the command
// `kehu export` both go through Write and ToFile.
//
// CSV is RFC 4180 (encoding/csv, CRLF line ends), UTF-8 with an optional
// BOM, money as plain decimals (1234.50), ISO dates, and cells that a
// spreadsheet would run as a formula (starting with = + - @, tab or CR) are
// prefixed with ' as OWASP advises; numbers, negative money included, are
// left as numbers.
//
// XLSX is written with excelize's StreamWriter only, so memory stays flat
// whatever the view's size: sheet Customers holds the view with typed cells
// (money and numbers numeric with number formats, dates as dates, yes/no as
// booleans), a bold frozen header with an autofilter, grade cells filled with
// the grade's colour, and column widths that fit Chinese text; sheets
// Purchases, Contacts and Tiers hold the purchases, contact log and grade
// summary of the customers in view. Nothing from user data is written as a
// formula. Excel holds 1,048,576 rows per sheet: a view with more customers
// than fit below the header is refused with a message (export CSV instead,
// or narrow the view); a Purchases or Contacts sheet that would not fit
// holds a one-line note saying so, and Options.Warn is told.
package export

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/internal/tmpfile"
	"github.com/kehu-app/kehu/store"
)

// Formats.
const (
	CSV  = "csv"
	XLSX = "xlsx"
)

// Header kinds.
const (
	HeaderLabels = "labels" // column labels in Options.Lang (the default)
	HeaderKeys   = "keys"   // stable column keys (id, name, total_spend...)
)

// Options configure an export.
type Options struct {
	// Format is CSV or XLSX; empty means CSV for Write, and for ToFile the
	// format the file's extension names (CSV when it names none).
	Format string
	// Header is HeaderLabels (default) or HeaderKeys.
	Header string
	// BOM starts a CSV with the UTF-8 byte order mark Excel and WPS need to
	// read Chinese text. XLSX ignores it.
	BOM bool
	// Lang is the language of labels and of values such as stages and yes/no.
	Lang i18n.Lang
	// Progress, when set, is called now and then with the customer rows
	// written so far, and once at the end.
	Progress func(done int)
	// Warn, when set, receives notes about the export that are not errors,
	// such as a Purchases sheet too large for Excel.
	Warn func(msg string)

	maxRows int // tests: a smaller sheet limit than Excel's
}

// limit is the number of data rows a sheet may hold.
func (o Options) limit() int {
	if o.maxRows > 0 {
		return o.maxRows
	}
	return MaxRows
}

// progressEvery is how many rows pass between Progress calls and context checks.
const progressEvery = 4096

func (o Options) lang() i18n.Lang {
	if o.Lang == "" {
		return i18n.EN
	}
	return o.Lang
}

func (o Options) warn(key string, args ...any) {
	if o.Warn != nil {
		o.Warn(o.lang().T(key, args...))
	}
}

func (o Options) check() error {
	switch o.Format {
	case "", CSV, XLSX:
	default:
		return i18n.Errorf("export.badformat", o.Format)
	}
	switch o.Header {
	case "", HeaderLabels, HeaderKeys:
	default:
		return i18n.Errorf("export.badheader", o.Header)
	}
	return nil
}

// Write writes the view q of st to w and returns the number of customer rows
// written. Nothing is buffered whole: rows stream from the ledger to w.
func Write(ctx context.Context, st *store.Store, q store.Query, opts Options, w io.Writer) (rows int, err error) {
	if err := opts.check(); err != nil {
		return 0, err
	}
	if opts.Format == XLSX {
		return writeXLSX(ctx, st, q, opts, w)
	}
	return writeCSV(ctx, st, q, opts, w)
}

// ToFile writes the view q of st to path through a temporary file beside
// it, renamed over path once complete: a reader never sees half a file, and
// a failed or cancelled export (ctx: Ctrl-C, SIGTERM) leaves an existing
// file untouched and no temporary file behind. Only a regular file is
// written: a folder, device, FIFO or socket at path is refused; a symbolic
// link is followed and the file it names replaced. The temporary file is
// 0600 from its first byte (it holds customers' phones); a replaced file
// keeps its permissions. Temporary files a killed export left there are
// removed.
func ToFile(ctx context.Context, st *store.Store, q store.Query, opts Options, path string) (rows int, err error) {
	if opts.Format == "" {
		opts.Format = FormatOf(path)
	}
	if err := opts.check(); err != nil {
		return 0, err
	}
	return toFile(ctx, path, func(w io.Writer) (int, error) { return Write(ctx, st, q, opts, w) })
}

// toFile runs write on a private temporary file beside path and renames it
// over path once complete (see ToFile).
func toFile(ctx context.Context, path string, write func(io.Writer) (int, error)) (rows int, err error) {
	if path == "" || path == "-" {
		return 0, i18n.Errorf("export.nopath")
	}
	target, err := tmpfile.Target(path)
	if err != nil {
		return 0, err
	}
	tmp, err := tmpfile.Beside(target)
	if err != nil {
		return 0, fmt.Errorf("export to %s: %w", path, err)
	}
	tmpName := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			os.Remove(tmpName)
		}
		tmp.Close()
	}()
	bw := bufio.NewWriterSize(tmp, 256<<10)
	n, err := write(bw)
	if err != nil {
		return 0, err
	}
	if err := bw.Flush(); err != nil {
		return 0, fmt.Errorf("export to %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return 0, fmt.Errorf("export to %s: %w", path, err)
	}
	if fi, err := os.Stat(target); err == nil {
		if err := tmp.Chmod(fi.Mode().Perm()); err != nil {
			return 0, fmt.Errorf("export to %s: %w", path, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return 0, fmt.Errorf("export to %s: %w", path, err)
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	// renamed while still open and locked, so no other export takes it
	// for a leftover
	if err := os.Rename(tmpName, target); err != nil {
		return 0, fmt.Errorf("export to %s: %w", path, err)
	}
	ok = true
	return n, nil
}

// FormatOf names the format a path's extension implies: XLSX for .xlsx,
// else CSV.
func FormatOf(path string) string {
	if strings.EqualFold(filepath.Ext(path), ".xlsx") {
		return XLSX
	}
	return CSV
}

// ExpandPath fills the placeholders of an output path: {date} becomes the
// ISO date of now (kehu-{date}.csv → kehu-2026-11-22.csv) and {time} its
// time of day as HHMMSS.
func ExpandPath(path string, now time.Time) string {
	path = strings.ReplaceAll(path, "{date}", now.Format("2006-01-02"))
	return strings.ReplaceAll(path, "{time}", now.Format("150405"))
}

// DefaultName is the file name an export offers by default, e.g.
// kehu-2026-11-22.xlsx.
func DefaultName(format string, now time.Time) string {
	if format != XLSX {
		format = CSV
	}
	return "kehu-" + now.Format("2006-01-02") + "." + format
}

// headers returns the header cells for cols.
func headers(cols []store.Column, opts Options) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		if opts.Header == HeaderKeys {
			out[i] = c.Key
		} else {
			out[i] = c.Label(opts.lang())
		}
	}
	return out
}

// text renders a stored value as a cell's text (store.Format), an empty
// value as an empty cell.
func text(c store.Column, v any, l i18n.Lang) string {
	if s, ok := v.(string); ok && s == "" {
		return ""
	}
	return store.Format(c, v, l)
}
