package store

import (
	"context"
	"database/sql"
	"fmt"
)

// AccountOpening is what an imported sheet says a customer's member
// accounts hold: points, stored value and what is owed (fen). A new
// customer gets one opening entry per non-zero account; a customer already
// in the ledger gets none (see ImportRows).
type AccountOpening struct {
	Points, Balance, Owed          int64
	HasPoints, HasBalance, HasOwed bool
}

// ImportAccountDiff is an account of a matched customer whose balance the
// sheet gives differently from the ledger. The ledger is left as it is:
// money moves only through entries someone means.
type ImportAccountDiff struct {
	Line       int    // the row's number in the source
	CustomerID int64  // the customer the row matched
	Name       string // the customer's name in the row
	Account    string // AccountPoints, AccountBalance or AccountOwed
	Sheet      int64  // what the sheet says
	Ledger     int64  // what the ledger holds
}

// amounts lists the accounts the sheet gave, in statement order.
func (a *AccountOpening) amounts() []struct {
	account string
	amount  int64
} {
	type pair = struct {
		account string
		amount  int64
	}
	var out []pair
	if a.HasBalance {
		out = append(out, pair{AccountBalance, a.Balance})
	}
	if a.HasOwed {
		out = append(out, pair{AccountOwed, a.Owed})
	}
	if a.HasPoints {
		out = append(out, pair{AccountPoints, a.Points})
	}
	return out
}

// openAccounts writes the opening entries of customer id, just added by
// the import, and sets its balances to them. An old debt is a fact brought
// over, so no credit limit is checked; the amounts were checked (≥ 0) by
// the importer.
func (im *importRun) openAccounts(ctx context.Context, tx *sql.Tx, id int64, a *AccountOpening) error {
	if a == nil {
		return nil
	}
	for _, p := range a.amounts() {
		if p.amount <= 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO account_entries(customer_id, account, amount, kind, date, at, note, ref, staff, reverses, redo_of)
			VALUES(?,?,?,?,?,?,?,'','',0,0)`, id, p.account, p.amount, EntryOpening, im.s.today(), im.at, im.reason); err != nil {
			return fmt.Errorf("write opening entry: %w", err)
		}
		// The column name comes from the three constants, never from input.
		if _, err := tx.ExecContext(ctx, "UPDATE customers SET "+p.account+" = "+p.account+" + ? WHERE id = ?", p.amount, id); err != nil {
			return fmt.Errorf("write opening balance: %w", err)
		}
		if p.account == AccountOwed {
			if err := im.s.refreshOwedSince(ctx, tx, id); err != nil {
				return err
			}
		}
	}
	return nil
}

// compareAccounts notes each account of matched customer id whose balance
// the row gives differently from the ledger.
func (im *importRun) compareAccounts(ctx context.Context, tx *sql.Tx, id int64, row ImportRow, res *ImportResult) error {
	if row.Accounts == nil {
		return nil
	}
	b, err := readBalances(ctx, tx, id)
	if err != nil {
		return err
	}
	name, _ := row.Values["name"].(string)
	for _, p := range row.Accounts.amounts() {
		if have := b.of(p.account); have != p.amount {
			res.AccountDiffs = append(res.AccountDiffs, ImportAccountDiff{Line: row.Line, CustomerID: id, Name: name,
				Account: p.account, Sheet: p.amount, Ledger: have})
		}
	}
	return nil
}
