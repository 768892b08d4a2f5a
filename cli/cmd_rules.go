package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/internal/tmpfile"
	"github.com/kehu-app/kehu/rulesfile"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
	"github.com/spf13/cobra"
)

// maxRulesFile is the largest rules file import reads: a real one is a few
// kilobytes.
const maxRulesFile = 1 << 20

func newRulesCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "Show, export or import the grading rules and per-grade service policies",
		Long: `The grading rules (window, weights, grade lines, how R, F and M are scored)
and, per grade, its label, colour, contact cadence and service policy
(preferred channels in order, discount, benefits, default owner, points
rate) as one TOML file to read and edit by hand.

  rules show              print the rules as TOML (--json: as JSON)
  rules export FILE       write them to FILE
  rules import FILE       check FILE and show who would change grade;
                          nothing changes without --apply

A key left out of the file takes its default. Every problem is reported
with its line, in the interface language, and a file with any problem
changes nothing. Applying is one change in the ledger's journal: undo (u in
the table) puts the old rules back.

The table's rules screen (R) edits the same settings, the graded columns
included: ctrl+n grades by one more column, ctrl+x stops grading by one,
←/→ picks the column and how it is scored; ctrl+p previews who would move.`,
		Example: "  kehu rules export rules.toml\n  kehu rules import rules.toml\n  kehu rules import rules.toml --apply",
	}
	cmd.AddCommand(newRulesShowCmd(a), newRulesExportCmd(a), newRulesImportCmd(a))
	return cmd
}

func newRulesShowCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show",
		Short: "Print the grading rules and service policies (TOML, or --json)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openExisting()
			if err != nil {
				return err
			}
			defer st.Close()
			r, err := st.Rules(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return a.writeJSON(r)
			}
			b, err := rulesfile.Export(r)
			if err != nil {
				return err
			}
			_, err = a.stdout.Write(b)
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newRulesExportCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "export FILE",
		Short:   "Write the grading rules and service policies to a TOML file",
		Example: "  kehu rules export rules.toml",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openExisting()
			if err != nil {
				return err
			}
			defer st.Close()
			r, err := st.Rules(cmd.Context())
			if err != nil {
				return err
			}
			b, err := rulesfile.Export(r)
			if err != nil {
				return err
			}
			if err := writeFileAtomic(args[0], b); err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, a.lang.T("rules.exported", validate.Visible(args[0])))
			return nil
		},
	}
}

func newRulesImportCmd(a *app) *cobra.Command {
	var apply bool
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Check a rules file and preview its effect; --apply to apply it",
		Long: `Reads FILE, checks every key (each problem with its line), and shows how
many customers would move from which grade to which, naming the first few.
Nothing changes without --apply; with it the rules are stored and every
customer regraded in one step, undoable.

When the rules stored in the ledger are damaged, --apply is the repair: it
replaces them without reading them (an empty FILE gives the defaults).`,
		Example: "  kehu rules import rules.toml\n  kehu rules import rules.toml --apply",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.importRules(cmd.Context(), args[0], apply, asJSON)
		},
	}
	cmd.Flags().BoolVar(&apply, "apply", false, "store the rules and regrade (default: only preview)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the preview as JSON")
	return cmd
}

// importRules checks the rules file at path against the ledger, prints the
// preview of who would move, and with apply stores the rules and regrades
// in one undoable step.
func (a *app) importRules(ctx context.Context, path string, apply, asJSON bool) error {
	data, err := readRulesFile(path)
	if err != nil {
		return err
	}
	r, err := rulesfile.Import(path, data)
	if err != nil {
		return err
	}
	st, damaged, err := a.openGradedOrDamaged(ctx, true)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Rules(ctx); store.RulesDamaged(err) {
		damaged = true // also when today's grades were stored before the damage
	} else if err != nil {
		return err
	}
	if err := st.CheckOwners(ctx, r); err != nil {
		return err
	}
	if err := rulesfile.CheckColumns(path, data, r, st.CheckDimension); err != nil {
		return err
	}
	pv, err := st.PreviewRulesDetail(ctx, r)
	if err != nil {
		return err
	}
	if apply {
		if err := a.afterWritingOpen(ctx, st); err != nil {
			return err
		}
		rep, err := st.ApplyRules(ctx, r)
		if err != nil {
			return err
		}
		if asJSON {
			return a.writeJSON(pv)
		}
		a.printLines(pv.Lines(a.lang))
		fmt.Fprintln(a.stdout, a.lang.T("rules.applied", rep.GradeMoves))
		return nil
	}
	if asJSON {
		return a.writeJSON(pv)
	}
	a.printLines(pv.Lines(a.lang))
	fmt.Fprintln(a.stdout, a.lang.T("rules.dryrun"))
	if damaged {
		fmt.Fprintln(a.stderr, a.lang.T("rules.stored.replaces"))
	}
	return nil
}

// printLines prints report lines, control characters made visible.
func (a *app) printLines(lines []string) {
	for _, l := range lines {
		fmt.Fprintln(a.stdout, validate.Visible(l))
	}
}

// readRulesFile reads a rules file, refusing a missing, unreadable or
// oversized one with a message of its own.
func readRulesFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, i18n.Errorf("rules.file.missing", path)
	}
	if err != nil {
		return nil, i18n.Errorf("rules.file.unreadable", path)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return nil, i18n.Errorf("rules.file.unreadable", path)
	}
	if fi.Size() > maxRulesFile {
		return nil, i18n.Errorf("rules.file.big", path, maxRulesFile>>10)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxRulesFile+1))
	if err != nil {
		return nil, i18n.Errorf("rules.file.unreadable", path)
	}
	if len(data) > maxRulesFile {
		return nil, i18n.Errorf("rules.file.big", path, maxRulesFile>>10)
	}
	return data, nil
}

// writeFileAtomic writes data to path through a temporary file beside it,
// renamed into place: a reader never sees half a file.
func writeFileAtomic(path string, data []byte) error {
	target, err := tmpfile.Target(path)
	if err != nil {
		return err
	}
	tmp, err := tmpfile.Beside(target)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	name := tmp.Name()
	done := false
	defer func() {
		if !done {
			os.Remove(name)
		}
		tmp.Close()
	}()
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(name, target); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	done = true
	return nil
}
