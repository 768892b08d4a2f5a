package main

import (
	"fmt"
	"strings"

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
