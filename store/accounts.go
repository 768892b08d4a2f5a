package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/validate"
)

// A customer's accounts. Points are whole points; balance (stored value)
// and owed (credit) are in fen.
const (
	AccountPoints  = "points"
	AccountBalance = "balance"
	AccountOwed    = "owed"
)

// Accounts lists the account names in statement order.
func Accounts() []string { return []string{AccountBalance, AccountOwed, AccountPoints} }

// Kinds of account entry.
const (
	EntryTopUp    = "topup"    // stored value paid in
	EntryBonus    = "bonus"    // stored value given with a top-up
	EntryPay      = "pay"      // a purchase paid from stored value
	EntryRefund   = "refund"   // a refund back to stored value, or off what is owed
	EntryEarn     = "earn"     // points earned by a purchase
	EntryUnearn   = "unearn"   // points taken back by a refund
	EntryRedeem   = "redeem"   // points spent
	EntryAdjust   = "adjust"   // points changed by hand, with a reason
	EntryExpire   = "expire"   // points past their age
	EntryCharge   = "charge"   // a purchase on credit
	EntryRepay    = "repay"    // a repayment of credit
	EntryOpening  = "opening"  // a balance brought over from an older record
	EntryReversal = "reversal" // an undo: the opposite of the entry it reverses
)

// AccountEntry is one line of the account journal. Entries are only ever
// appended: an undo appends a reversal, a redo appends the entry again.
type AccountEntry struct {
	ID         int64  `json:"id"`
	CustomerID int64  `json:"customer_id"`
	Account    string `json:"account"`
	Amount     int64  `json:"amount"`
	Kind       string `json:"kind"`
	Date       string `json:"date"`
	At         string `json:"at"`
	Note       string `json:"note,omitempty"`
	Ref        string `json:"ref,omitempty"` // purchase:ID or entry:ID
	Staff      string `json:"staff,omitempty"`
	Reverses   int64  `json:"reverses,omitempty"`
	RedoOf     int64  `json:"redo_of,omitempty"`
}

// Balances are a customer's stored balances.
type Balances struct {
	Points      int64  `json:"points"`
	Balance     int64  `json:"balance"` // fen
	Owed        int64  `json:"owed"`    // fen
	CreditLimit int64  `json:"credit_limit"`
	OwedSince   string `json:"owed_since,omitempty"` // the oldest charge not yet repaid
}

// of is the balance of account.
func (b Balances) of(account string) int64 {
	switch account {
	case AccountPoints:
		return b.Points
	case AccountBalance:
		return b.Balance
	}
	return b.Owed
}

// FormatAmount renders an amount of account: points as a whole number,
// money as yuan with two decimals.
func FormatAmount(account string, v int64) string {
	if account == AccountPoints {
		return itoa(v)
	}
	return validate.FormatYuan(v)
}

func readBalances(ctx context.Context, q queryer, id int64) (Balances, error) {
	var b Balances
	err := q.QueryRowContext(ctx, "SELECT points, balance, owed, credit_limit, owed_since FROM customers WHERE id = ?", id).
		Scan(&b.Points, &b.Balance, &b.Owed, &b.CreditLimit, &b.OwedSince)
	if errors.Is(err, sql.ErrNoRows) {
		return b, i18n.Errorf("cust.notfound", itoa(id))
	}
	if err != nil {
		return b, fmt.Errorf("read balances of %d: %w", id, err)
	}
	return b, nil
}

// Balances reads customer id's stored balances.
func (s *Store) Balances(ctx context.Context, id int64) (Balances, error) {
	return readBalances(ctx, s.db, id)
}

// post appends entry e (its CustomerID, Account, Amount, Kind and Ref set)
// and moves the customer's stored balance by its amount, refusing a
// balance below zero (now, or on any day from the entry's date on) and a
// charge above the credit limit. With batch > 0
// the entry joins that undoable action in the journal.
func (s *Store) post(ctx context.Context, tx *sql.Tx, batch int64, e *AccountEntry) error {
	if e.Amount == 0 {
		return nil
	}
	b, err := readBalances(ctx, tx, e.CustomerID)
	if err != nil {
		return err
	}
	if err := refusal(b, *e); err != nil {
		return err
	}
	if e.Date == "" {
		e.Date = s.today()
	}
	if err := historyRefusal(ctx, tx, *e); err != nil {
		return err
	}
	e.At = s.timestamp()
	res, err := tx.ExecContext(ctx, `INSERT INTO account_entries(customer_id, account, amount, kind, date, at, note, ref, staff, reverses, redo_of)
		VALUES(?,?,?,?,?,?,?,?,?,?,?)`, e.CustomerID, e.Account, e.Amount, e.Kind, e.Date, e.At, e.Note, e.Ref, e.Staff, e.Reverses, e.RedoOf)
	if err != nil {
		return fmt.Errorf("write account entry: %w", err)
	}
	if e.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("write account entry: %w", err)
	}
	// The column name comes from the three constants, never from input.
	if _, err := tx.ExecContext(ctx, "UPDATE customers SET "+e.Account+" = "+e.Account+" + ?, updated_at = ? WHERE id = ?",
		e.Amount, e.At, e.CustomerID); err != nil {
		return fmt.Errorf("write balance: %w", err)
	}
	if e.Account == AccountOwed {
		if err := s.refreshOwedSince(ctx, tx, e.CustomerID); err != nil {
			return err
		}
	}
	if batch > 0 {
		return s.journal(ctx, tx, batch, "add", "accounts", e.ID, e.Account, nil, e)
	}
	return nil
}

// refusal says why entry e may not be written on balances b: it would take
// a balance below zero or what is owed above the credit limit. Each message
// names the balance as it stands.
func refusal(b Balances, e AccountEntry) error {
	after := b.of(e.Account) + e.Amount
	undo := e.Kind == EntryReversal || e.RedoOf != 0
	switch {
	case after < 0 && undo:
		return i18n.Errorf("acct.undo.negative", i18n.Errorf("acct.name."+e.Account), FormatAmount(e.Account, b.of(e.Account)))
	case after < 0 && e.Kind == EntryAdjust:
		return i18n.Errorf("acct.adjust.short", -e.Amount, b.Points)
	case after < 0 && e.Account == AccountPoints:
		return i18n.Errorf("acct.points.short", -e.Amount, b.Points)
	case after < 0 && e.Account == AccountBalance:
		return i18n.Errorf("acct.balance.short", validate.FormatYuan(-e.Amount), validate.FormatYuan(b.Balance))
	case after < 0 && e.Kind == EntryRefund:
		return i18n.Errorf("acct.refund.owed", validate.FormatYuan(-e.Amount), validate.FormatYuan(b.Owed))
	case after < 0:
		return i18n.Errorf("acct.repay.over", validate.FormatYuan(-e.Amount), validate.FormatYuan(b.Owed))
	case e.Account == AccountOwed && e.Amount > 0 && after > b.CreditLimit:
		if b.CreditLimit == 0 {
			return i18n.Errorf("acct.credit.none", validate.FormatYuan(e.Amount))
		}
		return i18n.Errorf("acct.credit.limit", validate.FormatYuan(e.Amount), validate.FormatYuan(b.Owed), validate.FormatYuan(b.CreditLimit))
	}
	return nil
}

// liveLots lists, newest first, the date and amount of customer id's entries
// that added to account and still stand: positive, not themselves a
// reversal, and not reversed since. What an account holds is taken to be
// its newest lots (what is spent or repaid goes against the oldest first).
func liveLots(ctx context.Context, q queryer, id int64, account string) ([]lot, error) {
	rows, err := q.QueryContext(ctx, liveLotsQuery, id, account)
	if err != nil {
		return nil, fmt.Errorf("read %s lots: %w", account, err)
	}
	defer rows.Close()
	var out []lot
	for rows.Next() {
		var l lot
		if err := rows.Scan(&l.date, &l.amount); err != nil {
			return nil, fmt.Errorf("read %s lots: %w", account, err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// liveLotsQuery reads a customer's standing lots of an account. It names
// the customer's index, and says "r.reverses > 0" so the reversal lookup
// can use its partial index: without them SQLite read every points entry of
// the ledger and, for each, scanned the whole table (81 s for one customer
// at 10M entries).
const liveLotsQuery = `SELECT date, amount FROM account_entries e INDEXED BY account_entries_customer
	WHERE customer_id = ? AND account = ? AND amount > 0 AND reverses = 0
	AND NOT EXISTS (SELECT 1 FROM account_entries r WHERE r.reverses = e.id AND r.reverses > 0)
	ORDER BY date DESC, id DESC`

type lot struct {
	date   string
	amount int64
}

// oldestHeld is the date of the oldest lot still (partly) held when the
// account holds held: "" when it holds nothing.
func oldestHeld(lots []lot, held int64) string {
	if held <= 0 {
		return ""
	}
	oldest := ""
	for _, l := range lots {
		oldest = l.date
		held -= l.amount
		if held <= 0 {
			break
		}
	}
	return oldest
}

// refreshOwedSince stores the date of the oldest charge not yet repaid.
func (s *Store) refreshOwedSince(ctx context.Context, tx *sql.Tx, id int64) error {
	b, err := readBalances(ctx, tx, id)
	if err != nil {
		return err
	}
	lots, err := liveLots(ctx, tx, id, AccountOwed)
	if err != nil {
		return err
	}
	since := oldestHeld(lots, b.Owed)
	if since == "" && b.Owed > 0 {
		since = s.today() // owed without a charge on record: count from now
	}
	if _, err := tx.ExecContext(ctx, "UPDATE customers SET owed_since = ? WHERE id = ?", since, id); err != nil {
		return fmt.Errorf("write owed since: %w", err)
	}
	return nil
}

// positiveMoney parses a money amount that must be above zero.
func positiveMoney(what, raw string) (int64, error) {
	v, err := validate.Money(raw)
	if err != nil {
		return 0, err
	}
	if v <= 0 {
		return 0, i18n.Errorf("acct.amount.positive", i18n.Errorf("acct.what."+what), strings.TrimSpace(raw))
	}
	return v, nil
}

// TopUp pays amount (yuan as typed) into customer id's stored value, with
// an optional bonus given on top ("充 1000 送 100"), as one undoable action.
func (s *Store) TopUp(ctx context.Context, id int64, amount, bonus string) (Balances, error) {
	pay, err := positiveMoney("topup", amount)
	if err != nil {
		return Balances{}, err
	}
	var extra int64
	if strings.TrimSpace(bonus) != "" {
		if extra, err = validate.Money(bonus); err != nil {
			return Balances{}, err
		}
		if extra < 0 {
			return Balances{}, i18n.Errorf("acct.amount.positive", i18n.Errorf("acct.what.bonus"), strings.TrimSpace(bonus))
		}
	}
	return s.accountAction(ctx, id, "topup", func(tx *sql.Tx, batch int64) error {
		top := AccountEntry{CustomerID: id, Account: AccountBalance, Amount: pay, Kind: EntryTopUp}
		if err := s.post(ctx, tx, batch, &top); err != nil {
			return err
		}
		gift := AccountEntry{CustomerID: id, Account: AccountBalance, Amount: extra, Kind: EntryBonus, Ref: "entry:" + itoa(top.ID)}
		return s.post(ctx, tx, batch, &gift)
	})
}

// Repay lowers what customer id owes by amount (yuan as typed).
func (s *Store) Repay(ctx context.Context, id int64, amount string) (Balances, error) {
	v, err := positiveMoney("repay", amount)
	if err != nil {
		return Balances{}, err
	}
	return s.accountAction(ctx, id, "repay", func(tx *sql.Tx, batch int64) error {
		return s.post(ctx, tx, batch, &AccountEntry{CustomerID: id, Account: AccountOwed, Amount: -v, Kind: EntryRepay})
	})
}

// RedeemPoints spends n of customer id's points (points past their age
// expire first, so they cannot be spent).
func (s *Store) RedeemPoints(ctx context.Context, id, n int64, note string) (Balances, error) {
	if n <= 0 {
		return Balances{}, i18n.Errorf("acct.points.positive", n)
	}
	note = strings.TrimSpace(note)
	if err := freeText("note", "Note", "备注", note, validate.OneLine); err != nil {
		return Balances{}, err
	}
	return s.accountAction(ctx, id, "redeem", func(tx *sql.Tx, batch int64) error {
		if err := s.expireDue(ctx, tx, id); err != nil {
			return err
		}
		return s.post(ctx, tx, batch, &AccountEntry{CustomerID: id, Account: AccountPoints, Amount: -n, Kind: EntryRedeem, Note: note})
	})
}

// AdjustPoints changes customer id's points by n (negative takes away) by
// hand; the reason is required and kept with the entry.
func (s *Store) AdjustPoints(ctx context.Context, id, n int64, reason string) (Balances, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Balances{}, i18n.Errorf("acct.adjust.reason")
	}
	if n == 0 {
		return Balances{}, i18n.Errorf("acct.points.zero")
	}
	if err := freeText("reason", "Reason", "原因", reason, validate.OneLine); err != nil {
		return Balances{}, err
	}
	return s.accountAction(ctx, id, "adjust", func(tx *sql.Tx, batch int64) error {
		if err := s.expireDue(ctx, tx, id); err != nil {
			return err
		}
		return s.post(ctx, tx, batch, &AccountEntry{CustomerID: id, Account: AccountPoints, Amount: n, Kind: EntryAdjust, Note: reason})
	})
}

// SetCreditLimit sets how much customer id may owe (yuan as typed; 0: no
// credit). It is an edit of the credit_limit column, undone like any edit.
func (s *Store) SetCreditLimit(ctx context.Context, id int64, amount string) (Change, error) {
	return s.SetField(ctx, id, "credit_limit", amount)
}

// accountAction runs fn as one undoable action on a live customer and
// returns the customer's balances after it.
func (s *Store) accountAction(ctx context.Context, id int64, what string, fn func(tx *sql.Tx, batch int64) error) (Balances, error) {
	var b Balances
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkLive(ctx, tx, id); err != nil {
			return err
		}
		batch, err := s.newBatch(ctx, tx)
		if err != nil {
			return err
		}
		if err := fn(tx, batch); err != nil {
			return err
		}
		b, err = readBalances(ctx, tx, id)
		return err
	})
	if err != nil {
		return Balances{}, fmt.Errorf("%s: %w", what, err)
	}
	return b, nil
}

// pointsFor is the points earned by spending fen at rate (hundredths of a
// point per whole yuan), rounded down.
func pointsFor(fen, rate int64) int64 {
	if fen <= 0 || rate <= 0 {
		return 0
	}
	p := new(big.Int).Mul(big.NewInt(fen/100), big.NewInt(rate))
	p.Quo(p, big.NewInt(100))
	if !p.IsInt64() {
		return 0
	}
	return p.Int64()
}
