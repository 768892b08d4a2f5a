package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/validate"
)

// StatementLine is one account entry of a statement with the balance of
// its account after it.
type StatementLine struct {
	AccountEntry
	Running int64 `json:"running"`
}

// After is b once line is on the statement: its account at the line's
// running balance, the others as they were.
func (b Balances) After(line StatementLine) Balances {
	switch line.Account {
	case AccountPoints:
		b.Points = line.Running
	case AccountBalance:
		b.Balance = line.Running
	case AccountOwed:
		b.Owed = line.Running
	}
	return b
}

// StatementRange is a statement's period, checked: From and To are ISO
// dates or "" for open ends.
type StatementRange struct {
	From, To string
}

// ParseStatementRange checks a statement's --from and --to as typed.
func ParseStatementRange(from, to string) (StatementRange, error) {
	var r StatementRange
	var err error
	if strings.TrimSpace(from) != "" {
		if r.From, err = validate.Date(from); err != nil {
			return r, err
		}
	}
	if strings.TrimSpace(to) != "" {
		if r.To, err = validate.Date(to); err != nil {
			return r, err
		}
	}
	if r.From != "" && r.To != "" && r.From > r.To {
		return r, i18n.Errorf("acct.range.bad", r.From, r.To)
	}
	return r, nil
}

// Statement streams customer id's account entries dated within r, oldest
// first (by date, then as written), each with its account's running
// balance (对账单). opening is called once, before any line, with each
// account's balance at the start of the period. Only this customer's
// entries are read, through their index.
func (s *Store) Statement(ctx context.Context, id int64, r StatementRange, opening func(Balances) error, line func(StatementLine) error) error {
	if _, err := s.Balances(ctx, id); err != nil {
		return err
	}
	to := r.To
	if to == "" {
		to = "9999-12-31"
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, account, amount, kind, date, at, note, ref, staff, reverses, redo_of
		FROM account_entries WHERE customer_id = ? AND date <= ? ORDER BY date, id`, id, to)
	if err != nil {
		return fmt.Errorf("statement: %w", err)
	}
	defer rows.Close()
	run := map[string]int64{}
	opened := false
	open := func() error {
		opened = true
		return opening(Balances{Points: run[AccountPoints], Balance: run[AccountBalance], Owed: run[AccountOwed]})
	}
	for rows.Next() {
		l := StatementLine{AccountEntry: AccountEntry{CustomerID: id}}
		if err := rows.Scan(&l.ID, &l.Account, &l.Amount, &l.Kind, &l.Date, &l.At, &l.Note, &l.Ref, &l.Staff, &l.Reverses, &l.RedoOf); err != nil {
			return fmt.Errorf("statement: %w", err)
		}
		run[l.Account] += l.Amount
		if l.Date < r.From {
			continue
		}
		if !opened {
			run[l.Account] -= l.Amount
			if err := open(); err != nil {
				return err
			}
			run[l.Account] += l.Amount
		}
		l.Running = run[l.Account]
		if err := line(l); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("statement: %w", err)
	}
	if !opened {
		return open()
	}
	return nil
}

// EntryText says what an entry was in lang, e.g. "top-up" or "points
// earned"; a hand adjustment adds its reason, a reversal the entry it takes
// back.
func EntryText(e AccountEntry, l i18n.Lang) string {
	t := l.T("acct.kind." + e.Kind)
	if e.RedoOf != 0 {
		t += " " + l.T("acct.redone", e.RedoOf)
	}
	if e.Reverses != 0 {
		t += " " + l.T("acct.reverses", e.Reverses)
	}
	if e.Note != "" {
		t += ": " + e.Note
	}
	return t
}
