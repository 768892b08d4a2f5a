package importer

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// placeholders are what sheets put in a cell for "nothing here" (the same
// list store.ParseValue applies).
var placeholders = map[string]bool{"-": true, "–": true, "—": true, "--": true, "——": true, "/": true,
	"N/A": true, "n/a": true, "无": true}

// cleanValue trims a cell and makes placeholders empty.
func cleanValue(raw string) string {
	v := strings.TrimFunc(raw, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\u3000' || r == '\ufeff' || r == '\n' || r == '\r'
	})
	if placeholders[v] {
		return ""
	}
	return v
}

var reISOTime = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$`)

// stripTime drops the time of an ISO date-time (a date cell formatted with
// a time, 2026-11-22 00:00:00), keeping the date.
func stripTime(v string) string {
	if m := reISOTime.FindStringSubmatch(v); m != nil {
		return m[1]
	}
	return v
}

// totalNames are the names of a sheet's total row, which is not a customer.
var totalNames = map[string]bool{"合计": true, "总计": true, "小计": true, "汇总": true, "total": true, "sum": true, "grand total": true}

// row turns the cells of one data row into a ledger row, or into the
// reasons it cannot be imported.
func (p *plan) row(cells []string, line int) (store.ImportRow, []string) {
	r := store.ImportRow{Line: line, Values: make(map[string]any, len(p.cols))}
	var reasons []string
	var op store.Opening
	var acct store.AccountOpening
	nameBad := false
	bad := func(c *column, err error) {
		nameBad = nameBad || c.Target == "name"
		reasons = append(reasons, c.Header+p.lang().T("import.colsep")+i18n.Message(err, p.lang()))
	}
	for _, c := range p.cols {
		if c.Kind == KindSkip {
			continue
		}
		v := cleanValue(cell(cells, c.Column))
		if v == "" {
			continue
		}
		if len(v) > maxCellChars {
			if n := utf8.RuneCountInString(v); n > maxCellChars {
				bad(c, i18n.Errorf("import.cell.long", n, maxCellChars))
				continue
			}
		}
		switch c.Kind {
		case KindOpening:
			err := c.opening(v, &op)
			if err == nil && c.Target == "last_purchase" {
				err = p.st.CheckLastPurchase(op.Last)
			}
			if err != nil {
				bad(c, err)
			}
		case KindAccount:
			if err := c.account(v, &acct); err != nil {
				bad(c, err)
			}
		default:
			if c.col.Type == store.Date {
				v = stripTime(v)
			}
			if strings.ContainsRune(v, '\r') {
				v = strings.ReplaceAll(strings.ReplaceAll(v, "\r\n", "\n"), "\r", "\n")
			}
			val, err := store.ParseValue(c.col, v)
			if err == nil {
				err = p.st.CheckValue(c.col, val)
			}
			if err != nil {
				bad(c, err)
				continue
			}
			if val == nil || val == "" {
				continue
			}
			if _, dup := r.Values[c.Target]; !dup {
				r.Values[c.Target] = val
			}
		}
	}
	name, _ := r.Values["name"].(string)
	switch {
	case name == "" && !nameBad:
		_, err := validate.Name("")
		reasons = append(reasons, i18n.Message(err, p.lang()))
	case totalNames[strings.ToLower(name)]:
		reasons = append(reasons, p.lang().T("import.totalrow"))
	}
	if op.HasSpend || op.HasCount || op.HasLast {
		r.Opening = &op
	}
	if acct.HasPoints || acct.HasBalance || acct.HasOwed {
		r.Accounts = &acct
	}
	return r, reasons
}

// account reads the value v of a member account column into a: points a
// whole number, money as kehu reads it everywhere, neither below zero.
func (c *column) account(v string, a *store.AccountOpening) error {
	if c.Target == store.AccountPoints {
		n, err := validate.Count(v)
		if err != nil {
			return err
		}
		a.Points, a.HasPoints = int64(n), true
		return nil
	}
	n, err := validate.Money(v)
	if err != nil {
		return err
	}
	if n < 0 {
		return i18n.Errorf("import.account.negative", v)
	}
	if c.Target == store.AccountBalance {
		a.Balance, a.HasBalance = n, true
	} else {
		a.Owed, a.HasOwed = n, true
	}
	return nil
}

// opening reads the value v of a summary column into op.
func (c *column) opening(v string, op *store.Opening) error {
	switch c.Target {
	case "total_spend":
		n, err := validate.Money(v)
		if err != nil {
			return err
		}
		op.Spend, op.HasSpend = n, true
	case "purchases":
		n, err := validate.Count(v)
		if err != nil {
			return err
		}
		op.Count, op.HasCount = int64(n), true
	case "last_purchase":
		d, err := validate.Date(stripTime(v))
		if err != nil {
			return err
		}
		op.Last, op.HasLast = d, true
	}
	return nil
}
