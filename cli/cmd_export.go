package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/kehu-app/kehu/export"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/validate"
	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
)

func newExportCmd(a *app) *cobra.Command {
	var req exportRequest
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export customers (a view) to CSV or XLSX",
		Long: `Writes customers to CSV or XLSX: every live customer with the default
columns, or a saved view (--view NAME; --view @last is the view the table
showed when it was last closed), narrowed by --where (the filter language of
the table's f key; bought~龙井 keeps the customers who bought a product
containing 龙井), ordered by --sort and limited to --columns.

CSV (the default) is UTF-8, RFC 4180, money as plain decimals (1234.50),
dates as 2026-11-22; --bom adds the byte order mark Excel and WPS need to
show Chinese. Cells that a spreadsheet would run as a formula get a leading '.
XLSX has typed cells (numbers, money, dates), a frozen header with filters,
grade colours, and sheets Purchases, Contacts and Tiers for the customers in
view, and a Tier profile sheet (a row per grade: window spend, purchases,
recency, tenure, stages, complaints) of every customer: beside a --where it
is named "Tier profile, all customers" and a note below it says how many were
exported, so the grades stay side by side to compare the exported customers
with. An Excel sheet holds 1,048,575 customers: a larger view is refused.

Grades, scores, segments and stages are those of today (KEHU_NOW or the
system date): a ledger last graded for another day, or changed since its
last full regrade (a purchase graded against the cut points already stored),
is regraded first. If it cannot be (a read-only ledger, another kehu writing
for over a second, a full disk), the grades are exported as they stand, with
a note on stderr saying why.

A file is written to a temporary name beside it (0600) and renamed when
complete, so a reader never sees half a file and a failed or interrupted
export leaves the old file as it was. Only a regular file is written: a
folder, device, FIFO or socket at --out is refused; a symbolic link is
followed. To a terminal, control characters in the data show as escapes
(\x1b); to a file or a pipe the data is exact.
{date} in --out becomes today's date, for nightly files.

Column keys: id, grade, score, segment, stage, name, phone, email, wechat,
company, industry, kind, source, tags, potential, total_spend, purchases,
last_purchase, last_contact, next_follow_up, notes, address, birthday,
gender, needs, pinned, created_at, updated_at, and each custom column's key.`,
		Example: `  kehu export --out customers.xlsx
  kehu export --where "grade=A,B" --sort total_spend:desc --columns name,phone,total_spend --bom --out vip.csv
  kehu export --view 沉睡客户 --header keys > dormant.csv
  # nightly CSV from cron (crontab -e):
  # 30 2 * * * kehu export --bom --out "$HOME/backup/kehu-{date}.csv"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			req.sel.SortSet = cmd.Flags().Changed("sort")
			req.sel.ColsSet = cmd.Flags().Changed("columns")
			return a.runExport(cmd.Context(), req)
		},
	}
	f := cmd.Flags()
	f.StringVar(&req.format, "format", "", "csv or xlsx (default: from the --out extension, else csv)")
	f.StringVar(&req.sel.View, "view", "", "a saved view (@last: the view the table showed when closed)")
	f.StringVar(&req.sel.Where, "where", "", "filter, e.g. \"grade=A spend>1000 tag:vip bought~龙井\"")
	f.StringVar(&req.sel.Sort, "sort", "", "sort column, e.g. total_spend:desc (several: a,b:desc)")
	f.StringVar(&req.sel.Columns, "columns", "", "columns in order, e.g. name,phone,grade,total_spend")
	f.StringVar(&req.header, "header", export.HeaderLabels, "header row: labels (in --lang) or keys")
	f.BoolVar(&req.bom, "bom", false, "start the CSV with a UTF-8 BOM (for Excel/WPS)")
	f.StringVar(&req.out, "out", export.Stdout, "output file, or - for stdout; {date} becomes today's date")
	f.BoolVar(&req.progress, "progress", false, "show progress on stderr (default: when stderr is a terminal)")
	return cmd
}

// exportRequest is what `kehu export` was asked: which customers, where
// to, in which format.
type exportRequest struct {
	sel                 export.Selection
	format, header, out string
	bom, progress       bool
}

// runExport checks the request before opening the ledger, brings grades up
// to today, and writes the file (or stdout), saying where it went.
func (a *app) runExport(ctx context.Context, req exportRequest) error {
	path, format, err := export.Target(req.out, req.format, a.now())
	if err != nil {
		return usageError(err)
	}
	header, err := export.ParseHeader(req.header)
	if err != nil {
		return usageError(err)
	}
	if format == export.XLSX && path == export.Stdout && isTerminal(a.stdout) {
		return usageError(i18n.Errorf("export.xlsxtty"))
	}
	st, err := a.openGraded(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	q, err := req.sel.Query(ctx, st)
	if err != nil {
		return err
	}
	opts := export.Options{Format: format, Header: header, BOM: req.bom, Lang: a.lang,
		Warn: func(msg string) { fmt.Fprintln(a.stderr, a.lang.T("cli.warn", msg)) }}
	showProgress := req.progress || (path != export.Stdout && isTerminal(a.stderr))
	if showProgress {
		opts.Progress = func(done int) { fmt.Fprint(a.stderr, a.lang.T("export.progress", done)) }
	}
	n, err := export.Run(ctx, st, q, opts, path, a.stdout)
	if showProgress {
		fmt.Fprintln(a.stderr)
	}
	if err != nil {
		return err
	}
	if path != export.Stdout {
		fmt.Fprintln(a.stdout, a.lang.T("export.done", n, validate.Visible(export.Where(path))))
	}
	return nil
}

// isTerminal reports whether w is a terminal (not merely a character
// device such as /dev/null or /dev/full).
func isTerminal(w io.Writer) bool {
	f, ok := fileOf(w)
	return ok && isatty.IsTerminal(f.Fd())
}
