package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/importer"
	"github.com/kehu-app/kehu/report"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
	"github.com/spf13/cobra"
)

func newImportCmd(a *app) *cobra.Command {
	var sheet string
	var maps []string
	var dryRun, progress, purchases, noCreate, mergeDups bool
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Import customers from a CSV or XLSX sheet",
		Long: `Imports customers from FILE, a CSV (UTF-8, with or without BOM, or the
GBK/GB18030 that Excel on Chinese Windows writes) or an XLSX workbook.

Headers are matched by column key, English or Chinese label and common names
(客户名称, 联系方式, 手机, 备注, 最近购买日期, 消费金额, 购买次数...);
--map COLUMN=field says where a column goes (field "-" skips it). Values are
checked as everywhere in kehu; "-", "—" and empty cells are empty. Columns
kehu does not know become custom columns — nothing is dropped; a hand-typed
grade or type column is kept beside kehu's computed one. Total spend,
purchase count and last purchase date become the customer's opening balance,
so grades make sense from the first day. Points, stored value and credit owed
(积分, 余额, 储值, 欠款, points, balance, stored value, credit owed...) become
opening entries of each customer the file adds, one per account that is not
zero; points are a whole number and amounts 0 or more, else the row is
rejected. A customer already in the ledger gets no second opening entry: a
balance the file gives differently is listed, and the ledger keeps its own.

A CSV is read in one encoding: a file mixing UTF-8 and GBK lines is refused,
naming them. Text with control characters (escape sequences, NUL) rejects its
row. A workbook that unpacks to more than 4 GB or 100 times its size, a cell of
more than 1 MB, a line longer than 1 MB or more than 16,384 columns is refused.

Rows that fail a check are written to FILE.rejects.csv with the reason, and
kehu exits with code 3; the good rows are imported in one transaction. A row
whose phone (else name and company) matches a customer updates it: importing
the same file twice adds nobody. --dry-run reports and writes nothing; it
also lists rows that look like customers already there, or like each other
(same WeChat or email, a name typed another way: see 'kehu duplicates').
--merge-duplicates merges a row that has the phone (+86, spaces and dashes
set aside), WeChat id or email of a customer already in the ledger into that
customer instead of adding it; rows that only look alike by name are added
and listed by a dry run, never merged unseen.

--purchases reads FILE as a till's sales log instead, one row per sale: date
(with or without time), customer (phone, member card number, #id or unique
name), amount, and optionally product, quantity and order number (日期, 客户,
手机, 会员卡号, 金额, 实收, 商品, 数量, 单号...). Customers not found are added
(--no-create rejects their sales instead). A sale is known by its order number
and product, else by customer, time, amount and product: importing the same
log again adds nothing. Each sale earns member points as a purchase paid in
cash does (per whole yuan at the rate of the customer's grade, dated on the
sale, so they expire from then); a refund takes them back.`,
		Example: `  kehu import 客户名单.xlsx
  kehu import old.csv --map 联系人=name --map 单位=company --map 内部编号=-
  kehu import old.xlsx --sheet 2024 --dry-run
  kehu import shop2.xlsx --merge-duplicates
  kehu import --purchases 销售流水.csv`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := parseMaps(maps)
			if err != nil {
				return err
			}
			if noCreate && !purchases {
				return usageError(i18n.Errorf("sales.nocreate.alone"))
			}
			if purchases && mergeDups {
				return usageError(i18n.Errorf("import.merge.purchases"))
			}
			if purchases && len(m) > 0 {
				return usageError(i18n.Errorf("sales.nomap"))
			}
			st, err := a.openForImport(dryRun)
			if err != nil {
				return err
			}
			defer st.Close()
			if purchases {
				opts := importer.SalesOptions{Sheet: sheet, NoCreate: noCreate, DryRun: dryRun, Lang: a.lang}
				return a.importSales(cmd.Context(), st, args[0], opts, progress || isTerminal(a.stderr))
			}
			opts := importer.Options{Sheet: sheet, Map: m, DryRun: dryRun, MergeDuplicates: mergeDups, Lang: a.lang}
			rep, err := a.importFile(cmd.Context(), st, args[0], opts, progress || isTerminal(a.stderr))
			if err != nil {
				return err
			}
			if err := printImport(a, rep); err != nil {
				return err
			}
			a.noteInterrupted(cmd.Context())
			return importExit(rep)
		},
	}
	f := cmd.Flags()
	f.StringVar(&sheet, "sheet", "", "XLSX sheet to read (default: Customers/客户, else the first)")
	f.StringArrayVar(&maps, "map", nil, "COLUMN=field: import a column of the file into field (- skips it); repeatable")
	f.BoolVar(&dryRun, "dry-run", false, "check everything and report, without writing")
	f.BoolVar(&mergeDups, "merge-duplicates", false, "merge rows with the phone, WeChat or email of a customer already in the ledger into that customer")
	f.BoolVar(&progress, "progress", false, "show progress on stderr (default: when stderr is a terminal)")
	f.BoolVar(&purchases, "purchases", false, "FILE is a sales log, one row per sale, logged as purchases")
	f.BoolVar(&noCreate, "no-create", false, "with --purchases: reject sales of customers not in the ledger instead of adding them")
	return cmd
}

// parseMaps reads the --map COLUMN=field flags.
func parseMaps(maps []string) (map[string]string, error) {
	m := map[string]string{}
	for _, s := range maps {
		i := strings.LastIndex(s, "=")
		if i <= 0 || strings.TrimSpace(s[:i]) == "" || strings.TrimSpace(s[i+1:]) == "" {
			return nil, usageError(i18n.Errorf("import.badmap", s))
		}
		m[strings.TrimSpace(s[:i])] = strings.TrimSpace(s[i+1:])
	}
	return m, nil
}

// openForImport opens the ledger an import writes to; a dry run writes
// nothing (see openForDryRun).
func (a *app) openForImport(dryRun bool) (*store.Store, error) {
	if dryRun {
		return a.openForDryRun()
	}
	return a.open()
}

// importFile runs the import, the same importer.ImportFile the table's
// :import runs, with its stages on stderr when showProgress.
func (a *app) importFile(ctx context.Context, st *store.Store, path string, opts importer.Options, showProgress bool) (importer.Report, error) {
	var stage importer.Stage
	if showProgress {
		opts.Progress = func(s importer.Stage, done, total int) {
			if stage != "" && s != stage {
				fmt.Fprintln(a.stderr) // each stage keeps its last line
			}
			stage = s
			fmt.Fprint(a.stderr, a.lang.T("import.progress."+string(s), done, total))
		}
	}
	// The command line reads nothing else while it imports (the day's
	// snapshot has its own read, which the store waits for).
	opts.Alone = true
	rep, err := importer.ImportFile(ctx, st, path, opts)
	if stage != "" {
		fmt.Fprintln(a.stderr)
	}
	if err != nil && ctx.Err() != nil {
		// stopped (ctrl+c, SIGTERM) before the import's transaction
		// committed: it was rolled back
		return rep, i18n.Errorf("db.interrupted")
	}
	if err != nil {
		var ie *i18n.Error
		if errors.As(err, &ie) && strings.HasPrefix(ie.Key, "import.map") {
			return rep, usageError(err)
		}
		return rep, err
	}
	return rep, nil
}

// importExit is the exit an import ends with: 3 when rows were (or would
// be) rejected.
func importExit(rep importer.Report) error {
	if rep.Rejected == 0 {
		return nil
	}
	if rep.DryRun {
		return exitError{code: 3, err: i18n.Errorf("import.wouldreject", rep.Rejected)}
	}
	return exitError{code: 3, err: i18n.Errorf("import.rejected", rep.Rejected, rep.RejectsPath)}
}

// printImport tells what an import did: the report the table's status
// line summarises. File names, headers and reasons come from the sheet:
// shown, never obeyed.
func printImport(a *app, rep importer.Report) error {
	vw := validate.NewVisibleWriter(a.stdout)
	defer vw.Flush()
	return report.Import(rep, a.lang).WriteText(vw)
}

// openForDryRun opens the ledger for a dry run, which writes nothing: when
// there is no ledger yet, the run is checked against an empty scratch
// ledger that is removed when it is closed, rather than creating one.
func (a *app) openForDryRun() (*store.Store, error) {
	st, err := a.openExisting()
	var ie *i18n.Error
	if err == nil || !errors.As(err, &ie) || ie.Key != "db.missing" {
		return st, err
	}
	dir, err := os.MkdirTemp("", "kehu-dryrun-")
	if err != nil {
		return nil, fmt.Errorf("dry run: %w", err)
	}
	st, err = store.Open(filepath.Join(dir, "ledger.db"), store.WithClock(a.now), store.RemoveOnClose(dir))
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return st, nil
}
