package cli

import (
	"context"
	"fmt"

	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
	"github.com/spf13/cobra"
)

func newStaffCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "staff",
		Short: "Keep the staff list customers are assigned to (their owner)",
		Long: `The staff list: the people a customer can be assigned to as its owner
(负责人), with --set owner=NAME, owner in the table or a grade's default owner
in the rules. Someone who still owns customers cannot be removed.`,
		Example: "  kehu staff add 小王\n  kehu staff list\n  kehu add 王芳 --set owner=小王\n  kehu agenda --owner 小王",
	}
	cmd.AddCommand(newStaffAddCmd(a), newStaffListCmd(a), newStaffRemoveCmd(a))
	return cmd
}

func newStaffAddCmd(a *app) *cobra.Command {
	return newStaffChangeCmd(a, "add NAME", "Add someone to the staff list", "staff.added", (*store.Store).AddStaff)
}

// newStaffChangeCmd is a staff subcommand that changes the list by one name
// and says so with the message doneKey.
func newStaffChangeCmd(a *app, use, short, doneKey string, change func(*store.Store, context.Context, string) error) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			if err := change(st, cmd.Context(), args[0]); err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, a.lang.T(doneKey, validate.Visible(args[0])))
			return nil
		},
	}
}

func newStaffListCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the staff and how many customers each looks after",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.openExisting()
			if err != nil {
				return err
			}
			defer st.Close()
			staff, err := st.Staff(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return a.writeJSON(staff)
			}
			if len(staff) == 0 {
				fmt.Fprintln(a.stdout, a.lang.T("staff.none"))
			}
			for _, m := range staff {
				fmt.Fprintln(a.stdout, a.lang.T("staff.line", validate.Visible(m.Name), m.Customers, m.CreatedAt[:min(10, len(m.CreatedAt))]))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newStaffRemoveCmd(a *app) *cobra.Command {
	return newStaffChangeCmd(a, "remove NAME", "Take someone off the staff list (once they own no customers)", "staff.removed", (*store.Store).RemoveStaff)
}
