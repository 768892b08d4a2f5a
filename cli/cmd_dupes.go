package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
	"github.com/spf13/cobra"
)

// dupCustomer is one customer of a match in `kehu duplicates --json`.
type dupCustomer struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Phone   string `json:"phone"`
	Email   string `json:"email"`
	WeChat  string `json:"wechat"`
	Company string `json:"company"`
}

// dupMatch is one match in `kehu duplicates --json`.
type dupMatch struct {
	Certainty int           `json:"certainty"`
	Reasons   []string      `json:"reasons"`
	Customers []dupCustomer `json:"customers"`
}

// dupReport is the whole of `kehu duplicates --json`.
type dupReport struct {
	Count   int        `json:"count"`
	Matches []dupMatch `json:"matches"`
}

func newDuplicatesCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "duplicates",
		Short: "List customers that look entered twice, most certain first",
		Long: `Lists pairs (and groups) of customers that are probably one person, most
certain first, with the reasons and a certainty from 0 to 100:

  phone         the same phone once +86, spaces and dashes are set aside
  wechat        the same WeChat id (case ignored)
  email         the same email (case ignored)
  name          the same name as typed
  name_form     names equal without spaces, remarks in brackets and titles
                (王芳 / 王 芳 / 王芳(老客户) / 王芳女士; 王女士 stays 王女士)
  similar_name  names one character apart, beside a shared phone, WeChat or email
  company       the same company, beside an equal name

A shared phone is always listed, even under two different names (it may be
one family's phone: then it ranks low). Many customers sharing one phone,
WeChat or email are listed as one group. The same name alone is not
evidence. Nothing is changed: merge a pair with 'kehu merge KEEP DROP'.
The exit code is 0 whether or not duplicates are found.`,
		Example: "  kehu duplicates\n  kehu duplicates --json | jq '.matches[] | select(.certainty >= 90)'",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openExisting()
			if err != nil {
				return err
			}
			defer st.Close()
			ms, err := st.FindDuplicates(cmd.Context())
			if err != nil {
				return err
			}
			var ids []int64
			for _, m := range ms {
				ids = append(ids, m.IDs...)
			}
			who, err := st.Identities(cmd.Context(), ids)
			if err != nil {
				return err
			}
			rep := dupReport{Count: len(ms), Matches: make([]dupMatch, 0, len(ms))}
			for _, m := range ms {
				dm := dupMatch{Certainty: m.Certainty, Reasons: make([]string, len(m.Reasons))}
				for i, r := range m.Reasons {
					dm.Reasons[i] = string(r)
				}
				for _, id := range m.IDs {
					c := who[id]
					dm.Customers = append(dm.Customers, dupCustomer{ID: id, Name: c.Name, Phone: c.Phone, Email: c.Email, WeChat: c.WeChat, Company: c.Company})
				}
				rep.Matches = append(rep.Matches, dm)
			}
			if asJSON {
				return a.writeJSON(rep)
			}
			a.printDuplicates(rep)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) printDuplicates(rep dupReport) {
	if rep.Count == 0 {
		fmt.Fprintln(a.stdout, a.lang.T("dup.none"))
		return
	}
	fmt.Fprintln(a.stdout, a.lang.T("dup.found", rep.Count))
	for _, m := range rep.Matches {
		reasons := make([]string, len(m.Reasons))
		for i, r := range m.Reasons {
			reasons[i] = a.lang.T("dup.reason." + r)
		}
		head := strings.Join(reasons, a.lang.T("dup.reason.sep"))
		if len(m.Customers) > 2 {
			head = a.lang.T("dup.group", len(m.Customers)) + ": " + head
		}
		fmt.Fprintf(a.stdout, "\n%3d  %s\n", m.Certainty, head)
		for _, c := range m.Customers {
			line := fmt.Sprintf("     #%-7d %s", c.ID, padName(validate.Visible(c.Name)))
			for _, v := range []string{c.Phone, c.WeChat, c.Email, c.Company} {
				if v != "" {
					line += "  " + validate.Visible(v)
				}
			}
			fmt.Fprintln(a.stdout, strings.TrimRight(line, " "))
		}
	}
	fmt.Fprintln(a.stdout, "\n"+a.lang.T("dup.hint"))
}

func newMergeCmd(a *app) *cobra.Command {
	var prefer []string
	cmd := &cobra.Command{
		Use:   "merge KEEP DROP",
		Short: "Merge customer DROP into KEEP: one customer, one row",
		Long: `Makes KEEP the one row for two customers who are one person. KEEP and DROP
are each an id, a phone or a unique name (see 'kehu duplicates').

Field by field, the most recent non-empty value wins (the customer updated
last), unless --prefer COLUMN=keep or COLUMN=drop says otherwise; when both
had a value and they differ, the survivor's notes say both. Tags are
joined; notes are joined. DROP's purchases, contact log, grade history and
every other per-customer record move to KEEP, with DROP's opening balance;
KEEP's totals are recomputed and it is regraded at once. DROP goes to the
trash. It is one change: undo in the table (u) restores both customers
exactly as they were, and redo (ctrl+r) merges them again.`,
		Example: "  kehu merge 12 57\n  kehu merge 13800138000 \"王 芳\" --prefer name=keep --prefer phone=drop",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			prefs, err := parsePrefer(prefer)
			if err != nil {
				return err
			}
			// Two customers to merge need a ledger that has them: a
			// mistyped --db is an error, never a new empty ledger.
			st, err := a.openExisting()
			if err != nil {
				return err
			}
			defer st.Close()
			if err := a.afterWritingOpen(a.ctx, st); err != nil {
				return err
			}
			opt, err := mergeOptions(st, prefs, a.lang)
			if err != nil {
				return err
			}
			if err := a.merge(cmd.Context(), st, args[0], args[1], opt); err != nil {
				return err
			}
			a.noteInterrupted(cmd.Context())
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&prefer, "prefer", nil, "COLUMN=keep or COLUMN=drop: whose value wins for that column (repeatable)")
	return cmd
}

// parsePrefer reads the --prefer COLUMN=SIDE flags, before the ledger is
// opened.
func parsePrefer(prefer []string) (map[string]string, error) {
	prefs := map[string]string{}
	for _, p := range prefer {
		k, v, ok := strings.Cut(p, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, usageError(i18n.Errorf("merge.prefer.bad", p))
		}
		prefs[strings.TrimSpace(k)] = strings.ToLower(strings.TrimSpace(v))
	}
	return prefs, nil
}

// mergeOptions turns the preferences into the store's: each column must be
// one a merge may take from either side, each side keep or drop.
func mergeOptions(st *store.Store, prefs map[string]string, l i18n.Lang) (store.MergeOptions, error) {
	opt := store.MergeOptions{Prefer: map[string]store.Side{}, Lang: l}
	for k, v := range prefs {
		c, ok := st.Column(k)
		if !ok || !st.MergeableColumn(c.Key) {
			return opt, usageError(i18n.Errorf("merge.prefer.col", k))
		}
		switch v {
		case "keep", "保留":
			opt.Prefer[c.Key] = store.PreferKeep
		case "drop", "并入":
			opt.Prefer[c.Key] = store.PreferDrop
		default:
			return opt, usageError(i18n.Errorf("merge.prefer.bad", k+"="+v))
		}
	}
	return opt, nil
}

// merge merges the customer named by dropArg into the one named by
// keepArg and says what moved, which values conflicted and how to undo.
func (a *app) merge(ctx context.Context, st *store.Store, keepArg, dropArg string, opt store.MergeOptions) error {
	keep, err := st.Resolve(ctx, keepArg)
	if err != nil {
		return err
	}
	drop, err := st.Resolve(ctx, dropArg)
	if err != nil {
		return err
	}
	dropRec, err := st.Get(ctx, drop)
	if err != nil {
		return err
	}
	res, err := st.Merge(ctx, keep, drop, opt)
	if err != nil {
		return err
	}
	r, err := st.Get(ctx, keep)
	if err != nil {
		return err
	}
	grade := r.Str("grade")
	if res.Grade != nil {
		grade = res.Grade.Old + "→" + res.Grade.New
	}
	other := 0
	for t, n := range res.Moved {
		if t != "purchases" && t != "contacts" {
			other += n
		}
	}
	fmt.Fprintln(a.stdout, a.lang.T("cli.merged", drop, validate.Visible(dropRec.Str("name")), keep, validate.Visible(r.Str("name")),
		res.Moved["purchases"], res.Moved["contacts"], other, validate.FormatYuan(r.Int("total_spend")), grade))
	for _, c := range res.Conflicts {
		label := c.Key
		if col, ok := st.Column(c.Key); ok {
			label = col.Label(a.lang)
		}
		fmt.Fprintln(a.stdout, a.lang.T("cli.merged.conflict", label, validate.Visible(c.Kept), validate.Visible(c.Other)))
	}
	fmt.Fprintln(a.stdout, a.lang.T("cli.merged.undo", drop))
	return nil
}
