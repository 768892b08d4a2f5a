package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
	"github.com/spf13/cobra"
)

func newComplaintsCmd(a *app) *cobra.Command {
	var open, asJSON bool
	cmd := &cobra.Command{
		Use:   "complaints",
		Short: "List complaints, open ones first; resolve one",
		Long: `A contact logged with kind complaint (投诉) opens a complaint. It stays open,
first on the agenda and counted in the open_complaints column, until it is
resolved with a note saying how: kehu complaints resolve ID --note TEXT (one
change in the journal, undoable).`,
		Example: "  kehu log 王芳 --channel phone --kind complaint --note 茶叶受潮\n  kehu complaints --open\n  kehu complaints resolve 12 --note 已换货并致歉",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openExisting()
			if err != nil {
				return err
			}
			defer st.Close()
			list, err := st.Complaints(cmd.Context(), open)
			if err != nil {
				return err
			}
			if asJSON {
				return a.writeJSON(list)
			}
			printComplaints(a, list, open)
			return nil
		},
	}
	cmd.Flags().BoolVar(&open, "open", false, "only the open complaints")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(newComplaintResolveCmd(a))
	return cmd
}

func printComplaints(a *app, list []store.Complaint, openOnly bool) {
	l := a.lang
	if len(list) == 0 {
		if openOnly {
			fmt.Fprintln(a.stdout, l.T("complaint.noneopen"))
		} else {
			fmt.Fprintln(a.stdout, l.T("complaint.none"))
		}
		return
	}
	open := 0
	for _, c := range list {
		if c.Status == store.ComplaintOpen {
			open++
		}
	}
	fmt.Fprintln(a.stdout, l.T("complaint.title", len(list), open))
	for _, c := range list {
		state := l.T("complaint.open")
		if c.Status == store.ComplaintResolved {
			state = l.T("complaint.closed", c.ResolvedOn, oneLine(c.Resolution))
		}
		line := fmt.Sprintf("  #%-5d %s  %s %s  %s  %s", c.ID, c.At, c.Grade, padName(c.Name), oneLine(c.Summary), state)
		if c.Owner != "" {
			line += "  @" + c.Owner
		}
		fmt.Fprintln(a.stdout, validate.Visible(line))
	}
}

// oneLine joins a multi-line text on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func newComplaintResolveCmd(a *app) *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:     "resolve ID",
		Short:   "Mark a complaint resolved, saying how",
		Example: "  kehu complaints resolve 12 --note 已换货并致歉",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(args[0]), "#"), 10, 64)
			if err != nil || id <= 0 {
				return usageError(i18n.Errorf("complaint.badid", args[0]))
			}
			if strings.TrimSpace(note) == "" {
				return usageError(i18n.Errorf("complaint.nonote"))
			}
			ctx := cmd.Context()
			st, err := a.openExisting()
			if err != nil {
				return err
			}
			defer st.Close()
			if err := a.afterWritingOpen(ctx, st); err != nil {
				return err
			}
			c, err := st.ResolveComplaint(ctx, id, note)
			if err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, a.lang.T("complaint.done", c.ID, validate.Visible(c.Name)))
			return nil
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "how it was resolved")
	return cmd
}
