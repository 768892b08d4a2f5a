package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/kehu-app/kehu/i18n"
)

// How a purchase is paid.
const (
	PayCash    = "cash"
	PayWeChat  = "wechat"
	PayAlipay  = "alipay"
	PayBalance = "balance" // from the customer's stored value
	PayCredit  = "credit"  // on credit: raises what the customer owes
)

// PayMethods lists the payment methods.
func PayMethods() []string { return []string{PayCash, PayWeChat, PayAlipay, PayBalance, PayCredit} }

var payNames = map[string]string{
	"cash": PayCash, "现金": PayCash,
	"wechat": PayWeChat, "weixin": PayWeChat, "微信": PayWeChat, "微信支付": PayWeChat,
	"alipay": PayAlipay, "支付宝": PayAlipay,
	"balance": PayBalance, "stored": PayBalance, "余额": PayBalance, "储值": PayBalance, "会员卡": PayBalance,
	"credit": PayCredit, "赊账": PayCredit, "挂账": PayCredit, "赊欠": PayCredit,
}

// ParsePay reads a payment method in English or Chinese; "" is cash.
func ParsePay(raw string) (string, error) {
	t := strings.ToLower(strings.TrimSpace(raw))
	if t == "" {
		return PayCash, nil
	}
	if p, ok := payNames[t]; ok {
		return p, nil
	}
	return "", i18n.Errorf("acct.pay.bad", strings.TrimSpace(raw), strings.Join(PayMethods(), ", "))
}

// settlePurchase writes the account entries of purchase p paid by pay,
// inside AddPurchase's transaction and action: stored value drawn or
// refunded, credit charged or taken off, points earned or taken back.
func (s *Store) settlePurchase(ctx context.Context, tx *sql.Tx, batch int64, p Purchase, pay string) error {
	ref := "purchase:" + itoa(p.ID)
	entry := func(account, kind string, amount int64) *AccountEntry {
		return &AccountEntry{CustomerID: p.CustomerID, Account: account, Amount: amount, Kind: kind, Date: p.Date, Ref: ref}
	}
	if err := s.expireDue(ctx, tx, p.CustomerID); err != nil {
		return err
	}
	rate, err := s.pointsRate(ctx, tx, p.CustomerID)
	if err != nil {
		return err
	}
	if p.Amount > 0 {
		switch pay {
		case PayBalance:
			err = s.post(ctx, tx, batch, entry(AccountBalance, EntryPay, -p.Amount))
		case PayCredit:
			err = s.post(ctx, tx, batch, entry(AccountOwed, EntryCharge, p.Amount))
		}
		if err != nil {
			return err
		}
		return s.post(ctx, tx, batch, entry(AccountPoints, EntryEarn, pointsFor(p.Amount, rate)))
	}
	switch pay {
	case PayBalance:
		err = s.post(ctx, tx, batch, entry(AccountBalance, EntryRefund, -p.Amount))
	case PayCredit:
		err = s.post(ctx, tx, batch, entry(AccountOwed, EntryRefund, p.Amount))
	}
	if err != nil {
		return err
	}
	// A refund takes back the points the amount earned, as far as the
	// customer held them on every day from the refund's date on.
	held, _, err := heldFrom(ctx, tx, p.CustomerID, AccountPoints, p.Date)
	if err != nil {
		return err
	}
	back := max(0, min(pointsFor(-p.Amount, rate), held))
	return s.post(ctx, tx, batch, entry(AccountPoints, EntryUnearn, -back))
}

// applyAccount undoes an account entry by appending its reversal, or redoes
// it by appending it again. A ledger's entries are never changed or
// removed. It returns the customer concerned.
func (s *Store) applyAccount(ctx context.Context, tx *sql.Tx, je Entry, undo bool) (int64, error) {
	var orig AccountEntry
	if err := json.Unmarshal([]byte(je.New), &orig); err != nil {
		return 0, fmt.Errorf("journal account entry: %w", err)
	}
	if !undo {
		again := orig
		again.ID, again.Reverses, again.RedoOf = 0, 0, orig.ID
		return orig.CustomerID, s.post(ctx, tx, 0, &again)
	}
	// The entry as it stands: the original, or the latest redo of it, not
	// yet reversed.
	var id, amount int64
	err := tx.QueryRowContext(ctx, standingEntryQuery, orig.ID, orig.ID).Scan(&id, &amount)
	if errors.Is(err, sql.ErrNoRows) {
		return orig.CustomerID, fmt.Errorf("account entry %d has no standing entry to reverse", orig.ID)
	}
	if err != nil {
		return 0, fmt.Errorf("read account entry %d: %w", orig.ID, err)
	}
	rev := AccountEntry{CustomerID: orig.CustomerID, Account: orig.Account, Amount: -amount, Kind: EntryReversal,
		Ref: "entry:" + itoa(id), Reverses: id}
	return orig.CustomerID, s.post(ctx, tx, 0, &rev)
}

// standingEntryQuery finds an entry as it stands: the original or its
// latest redo, not yet reversed. Each "> 0" lets a lookup use its partial
// index; without them SQLite scanned the whole table for every undo.
const standingEntryQuery = `SELECT id, amount FROM account_entries e WHERE (id = ? OR (redo_of = ? AND redo_of > 0)) AND reverses = 0
	AND NOT EXISTS (SELECT 1 FROM account_entries r WHERE r.reverses = e.id AND r.reverses > 0) ORDER BY id DESC LIMIT 1`
