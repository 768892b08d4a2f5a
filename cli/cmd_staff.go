package cli

import (
	"context"
	"fmt"

	"github.com/kehu-app/kehu/serve"
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
in the rules. Someone who still owns customers cannot be removed.

A staff member given an SSH public key (--key FILE.pub) can open the table
served by kehu serve; the key decides who they are. staff revoke takes their
keys away without touching their customers.`,
		Example: "  kehu staff add 小王\n  kehu staff add 小李 --key xiaoli.pub\n  kehu staff list\n  kehu add 王芳 --set owner=小王\n  kehu agenda --owner 小王",
	}
	cmd.AddCommand(newStaffAddCmd(a), newStaffListCmd(a), newStaffRemoveCmd(a), newStaffKeyCmd(a), newStaffRevokeCmd(a))
	return cmd
}

func newStaffAddCmd(a *app) *cobra.Command {
	var keyFiles []string
	var tableLang string
	cmd := newStaffChangeCmd(a, "add NAME", "Add someone to the staff list", "staff.added", nil)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		var access store.StaffAccess
		for _, f := range keyFiles {
			keys, err := serve.ReadPublicKeys(f)
			if err != nil {
				return err
			}
			access.Keys = append(access.Keys, keys...)
		}
		access.Lang = tableLang
		return a.changeStaff(cmd.Context(), args[0], "staff.added", func(st *store.Store, ctx context.Context, name string) error {
			return st.AddStaffWith(ctx, name, access)
		})
	}
	cmd.Flags().StringArrayVar(&keyFiles, "key", nil, "SSH public key file (.pub) they connect to kehu serve with (repeatable)")
	cmd.Flags().StringVar(&tableLang, "table-lang", "", "language of their table in kehu serve: zh or en (default: their SSH client's LANG)")
	return cmd
}

func newStaffKeyCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "key NAME FILE.pub...",
		Short: "Let a staff member connect to kehu serve with more keys (another computer)",
		Args:  cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var keys []store.StaffKey
			for _, f := range args[1:] {
				k, err := serve.ReadPublicKeys(f)
				if err != nil {
					return err
				}
				keys = append(keys, k...)
			}
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.AddStaffKeys(cmd.Context(), args[0], keys); err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, a.lang.T("staff.keys.added", validate.Visible(args[0]), len(keys)))
			return nil
		},
	}
}

func newStaffRevokeCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "revoke NAME",
		Short: "Take every key of a staff member away: they can no longer connect to kehu serve",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			n, err := st.RevokeStaffKeys(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, a.lang.T("staff.revoked", validate.Visible(args[0]), n))
			return nil
		},
	}
}

// changeStaff opens the ledger, changes the staff list by name and says so
// with the message doneKey.
func (a *app) changeStaff(ctx context.Context, name, doneKey string, change func(*store.Store, context.Context, string) error) error {
	st, err := a.open()
	if err != nil {
		return err
	}
	defer st.Close()
	if err := change(st, ctx, name); err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, a.lang.T(doneKey, validate.Visible(name)))
	return nil
}

// newStaffChangeCmd is a staff subcommand that changes the list by one name
// and says so with the message doneKey.
func newStaffChangeCmd(a *app, use, short, doneKey string, change func(*store.Store, context.Context, string) error) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.changeStaff(cmd.Context(), args[0], doneKey, change)
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
				if m.Lang != "" {
					fmt.Fprintln(a.stdout, a.lang.T("staff.langline", m.Lang))
				}
				for _, k := range m.Keys {
					fmt.Fprintln(a.stdout, a.lang.T("staff.keyline", k.Fingerprint, validate.Visible(k.Comment)))
				}
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
