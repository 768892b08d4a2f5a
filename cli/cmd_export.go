package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/kehu-app/kehu/export"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
)

// lastViewName asks kehu export for the view the table showed when it quit.
const lastViewName = "@last"

func newExportCmd(a *app) *cobra.Command {
	var format, view, where, sortSpec, columns, header, out string
	var bom, progress bool
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
view. An Excel sheet holds 1,048,575 customers: a larger view is refused.

Grades, scores, segments and stages are those of today (KEHU_NOW or the
system date): a ledger last graded for another day is regraded first. If it
cannot be (a read-only ledger, or another kehu writing for over a second),
the grades are exported as they stand, with a note on stderr naming their day.

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
			format = strings.ToLower(strings.TrimSpace(format))
			if format != "" && format != export.CSV && format != export.XLSX {
				return usageError(i18n.Errorf("export.badformat", format))
			}
			header = strings.ToLower(strings.TrimSpace(header))
			if header != export.HeaderLabels && header != export.HeaderKeys {
				return usageError(i18n.Errorf("export.badheader", header))
			}
			if out == "" {
				out = "-"
			}
			if out != "-" {
				out = export.ExpandPath(out, a.now())
			}
			if format == "" {
				format = export.CSV
				if out != "-" {
					format = export.FormatOf(out)
				}
			}
			if format == export.XLSX && out == "-" && isTerminal(a.stdout) {
				return usageError(i18n.Errorf("export.xlsxtty"))
			}
			st, err := a.openGraded(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			ctx := cmd.Context()
			var q store.Query
			if view != "" {
				var v store.View
				if view == lastViewName {
					v, err = st.LastView(ctx)
				} else {
					v, err = st.LoadView(ctx, view)
				}
				if err != nil {
					return err
				}
				q = v.Query()
			}
			if strings.TrimSpace(where) != "" {
				q.Filter = strings.TrimSpace(q.Filter + " " + where)
			}
			if cmd.Flags().Changed("sort") {
				if q.Sort, err = st.ParseSort(sortSpec); err != nil {
					return err
				}
			}
			if cmd.Flags().Changed("columns") {
				q.Columns = nil
				for _, k := range strings.Split(columns, ",") {
					if k = strings.TrimSpace(k); k == "" {
						continue
					}
					c, ok := st.Column(k)
					if !ok {
						return i18n.Errorf("col.unknown", k)
					}
					q.Columns = append(q.Columns, c.Key)
				}
			}
			opts := export.Options{Format: format, Header: header, BOM: bom, Lang: a.lang,
				Warn: func(msg string) { fmt.Fprintln(a.stderr, a.lang.T("cli.warn", msg)) }}
			showProgress := progress || (out != "-" && isTerminal(a.stderr))
			if showProgress {
				opts.Progress = func(done int) { fmt.Fprint(a.stderr, a.lang.T("export.progress", done)) }
			}
			var n int
			if out == "-" {
				n, err = export.Write(ctx, st, q, opts, a.stdout)
			} else {
				n, err = export.ToFile(ctx, st, q, opts, out)
			}
			if showProgress {
				fmt.Fprintln(a.stderr)
			}
			if err != nil {
				return err
			}
			if out != "-" {
				fmt.Fprintln(a.stdout, a.lang.T("export.done", n, validate.Visible(out)))
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", "", "csv or xlsx (default: from the --out extension, else csv)")
	f.StringVar(&view, "view", "", "a saved view (@last: the view the table showed when closed)")
	f.StringVar(&where, "where", "", "filter, e.g. \"grade=A spend>1000 tag:vip bought~龙井\"")
	f.StringVar(&sortSpec, "sort", "", "sort column, e.g. total_spend:desc (several: a,b:desc)")
	f.StringVar(&columns, "columns", "", "columns in order, e.g. name,phone,grade,total_spend")
	f.StringVar(&header, "header", export.HeaderLabels, "header row: labels (in --lang) or keys")
	f.BoolVar(&bom, "bom", false, "start the CSV with a UTF-8 BOM (for Excel/WPS)")
	f.StringVar(&out, "out", "-", "output file, or - for stdout; {date} becomes today's date")
	f.BoolVar(&progress, "progress", false, "show progress on stderr (default: when stderr is a terminal)")
	return cmd
}

// isTerminal reports whether w is a terminal (not merely a character
// device such as /dev/null or /dev/full).
func isTerminal(w io.Writer) bool {
	f, ok := fileOf(w)
	return ok && isatty.IsTerminal(f.Fd())
}
