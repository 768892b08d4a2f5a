package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/validate"
)

// Purchase is one line of a customer's purchase log. Amount is in fen;
// negative is a refund.
type Purchase struct {
	ID         int64  `json:"id"`
	CustomerID int64  `json:"customer_id"`
	Date       string `json:"date"`
	Product    string `json:"product"`
	Qty        int64  `json:"qty"`
	Amount     int64  `json:"amount"`
	Note       string `json:"note"`
	CreatedAt  string `json:"created_at"`
}

// PurchaseInput is a purchase as typed: every field is raw text, validated
// by AddPurchase. Empty Qty means 1, empty Date means today, empty Pay
// means cash (see ParsePay).
type PurchaseInput struct {
	Amount, Product, Qty, Date, Note, Pay string
}

// ParsePurchase validates a purchase as typed; every bad field is reported.
func (s *Store) ParsePurchase(in PurchaseInput) (Purchase, error) {
	var p Purchase
	var errs []error
	if strings.TrimSpace(in.Amount) == "" {
		errs = append(errs, i18n.Errorf("purchase.amount"))
	} else if a, err := validate.Money(in.Amount); err != nil {
		errs = append(errs, err)
	} else {
		p.Amount = a
	}
	p.Qty = 1
	if strings.TrimSpace(in.Qty) != "" {
		n, err := validate.Count(in.Qty)
		if err != nil {
			errs = append(errs, err)
		} else if n < 1 {
			errs = append(errs, i18n.Errorf("purchase.qty"))
		} else {
			p.Qty = int64(n)
		}
	}
	p.Date = s.today()
	if strings.TrimSpace(in.Date) != "" {
		d, err := validate.Date(in.Date)
		switch {
		case err != nil:
			errs = append(errs, err)
		case d > p.Date:
			// A sale has happened by the time it is logged; a future date
			// would make the customer look recent for days to come.
			errs = append(errs, i18n.Errorf("purchase.future", d, p.Date))
		default:
			p.Date = d
		}
	}
	if _, err := ParsePay(in.Pay); err != nil {
		errs = append(errs, err)
	}
	p.Product = strings.TrimSpace(in.Product)
	p.Note = strings.TrimSpace(in.Note)
	errs = append(errs, freeText("product", "Product", "商品", p.Product, validate.OneLine),
		freeText("note", "Note", "备注", p.Note, validate.MultiLine))
	return p, joinErrs(errs)
}

// AddPurchase validates and logs a purchase for customer id, updates the
// customer's stored aggregates and regrades it, all in one transaction. A
// negative amount is a refund: it lowers the spend but is not a purchase,
// and one that would take the customer's total spend below zero is refused.
// How it is paid (in.Pay) moves the customer's accounts in the same
// action: stored value, credit owed and points (settlePurchase).
func (s *Store) AddPurchase(ctx context.Context, id int64, in PurchaseInput) (Purchase, Change, error) {
	p, err := s.ParsePurchase(in)
	if err != nil {
		return Purchase{}, Change{}, err
	}
	pay, err := ParsePay(in.Pay)
	if err != nil {
		return Purchase{}, Change{}, err
	}
	p.CustomerID = id
	ch := Change{ID: id}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkLive(ctx, tx, id); err != nil {
			return err
		}
		batch, err := s.newBatch(ctx, tx)
		if err != nil {
			return err
		}
		p.CreatedAt = s.timestamp()
		if err := s.insertPurchase(ctx, tx, &p); err != nil {
			return err
		}
		if err := s.journal(ctx, tx, batch, "add", "purchases", p.ID, "", nil, p); err != nil {
			return err
		}
		total, err := s.refreshAggregates(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.Amount < 0 && total < 0 {
			return i18n.Errorf("purchase.refund.toomuch", validate.FormatYuan(-p.Amount), validate.FormatYuan(total-p.Amount))
		}
		if err := s.settlePurchase(ctx, tx, batch, p, pay); err != nil {
			return err
		}
		reason := ReasonPurchase + " " + validate.FormatMoney(p.Amount)
		if p.Amount < 0 {
			reason = ReasonRefund + " " + validate.FormatMoney(-p.Amount)
		}
		ch.Grade, err = s.regradeTx(ctx, tx, id, reason)
		return err
	})
	if err != nil {
		return Purchase{}, Change{}, fmt.Errorf("log purchase: %w", err)
	}
	return p, ch, nil
}

func (s *Store) checkLive(ctx context.Context, tx *sql.Tx, id int64) error {
	var deleted bool
	err := tx.QueryRowContext(ctx, "SELECT deleted_at IS NOT NULL FROM customers WHERE id = ?", id).Scan(&deleted)
	if err == sql.ErrNoRows {
		return i18n.Errorf("cust.notfound", itoa(id))
	}
	if err != nil {
		return err
	}
	if deleted {
		return i18n.Errorf("cust.deleted", id)
	}
	return nil
}

func (s *Store) insertPurchase(ctx context.Context, tx *sql.Tx, p *Purchase) error {
	var id any
	if p.ID != 0 {
		id = p.ID
	}
	res, err := tx.ExecContext(ctx, "INSERT INTO purchases(id, customer_id, date, product, qty, amount, note, created_at) VALUES(?,?,?,?,?,?,?,?)",
		id, p.CustomerID, p.Date, p.Product, p.Qty, p.Amount, p.Note, p.CreatedAt)
	if err != nil {
		return fmt.Errorf("insert purchase: %w", err)
	}
	p.ID, err = res.LastInsertId()
	return err
}

// refreshAggregates recomputes a customer's stored purchase aggregates from
// its purchases (through the covering index) and its opening balance, and
// returns its total spend. Refunds (negative amounts) count in the spend,
// in and out of the window, and nowhere else: not in the purchase count,
// the first and last purchase dates or the gaps between purchases.
func (s *Store) refreshAggregates(ctx context.Context, tx *sql.Tx, id int64) (int64, error) {
	var openSpend, openCount int64
	var openLast string
	if err := tx.QueryRowContext(ctx, "SELECT opening_spend, opening_count, opening_last FROM customers WHERE id = ?", id).
		Scan(&openSpend, &openCount, &openLast); err != nil {
		return 0, fmt.Errorf("read customer %d: %w", id, err)
	}
	ws, err := s.windowFor(ctx, tx)
	if err != nil {
		return 0, err
	}
	rows, err := tx.QueryContext(ctx, "SELECT date, amount FROM purchases WHERE customer_id = ? ORDER BY date", id)
	if err != nil {
		return 0, fmt.Errorf("read purchases: %w", err)
	}
	var dates []string
	var spend, winCount, winSpend int64
	for rows.Next() {
		var d string
		var a int64
		if err := rows.Scan(&d, &a); err != nil {
			rows.Close() //nolint:sqlclosecheck // closed on every path; a defer would hold it past the loop
			return 0, fmt.Errorf("read purchases: %w", err)
		}
		spend += a
		if a > 0 {
			dates = append(dates, d)
		}
		if d >= ws {
			if a > 0 {
				winCount++
			}
			winSpend += a
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("read purchases: %w", err)
	}
	agg := aggregate(dates, spend, openSpend, openCount, openLast)
	_, err = tx.ExecContext(ctx, `UPDATE customers SET total_spend = ?, purchases = ?, first_purchase = ?, last_purchase = ?, median_gap = ?,
		win_count = ?, win_spend = ?, updated_at = ? WHERE id = ?`,
		agg.total, agg.count, agg.first, agg.last, agg.medianGap, winCount, winSpend, s.timestamp(), id)
	if err != nil {
		return 0, fmt.Errorf("write totals of %d: %w", id, err)
	}
	return agg.total, nil
}

// windowFor is the date the customers' win_* columns count from: the stored
// window start, else the rules' current one.
func (s *Store) windowFor(ctx context.Context, q queryer) (string, error) {
	ws, err := storedWindow(ctx, q)
	if err != nil || ws != "" {
		return ws, err
	}
	rules, _, err := s.tieringState(ctx, q)
	if err != nil {
		return "", err
	}
	return rules.WindowStart(s.now()).Format(parseDay), nil
}

type aggregates struct {
	total, count int64
	first, last  string
	medianGap    float64
}

// aggregate folds the sorted dates of a customer's purchases (refunds
// left out), its spend (refunds included) and an opening balance into the
// stored aggregates. An opening balance counts as purchases on its date.
func aggregate(dates []string, spend, openSpend, openCount int64, openLast string) aggregates {
	a := aggregates{total: spend + openSpend, count: int64(len(dates)) + openCount}
	all := dates
	if openCount > 0 && openLast != "" {
		all = append(slices.Clone(dates), openLast)
		slices.Sort(all)
	}
	if len(all) > 0 {
		a.first, a.last = all[0], all[len(all)-1]
	}
	a.medianGap = MedianGap(all)
	return a
}

// MedianGap is the median number of days between consecutive sorted ISO dates.
func MedianGap(dates []string) float64 {
	if len(dates) < 2 {
		return 0
	}
	gaps := make([]float64, 0, len(dates)-1)
	prev, err := time.Parse("2006-01-02", dates[0])
	if err != nil {
		return 0
	}
	for _, d := range dates[1:] {
		t, err := time.Parse("2006-01-02", d)
		if err != nil {
			continue
		}
		gaps = append(gaps, t.Sub(prev).Hours()/24)
		prev = t
	}
	if len(gaps) == 0 {
		return 0
	}
	slices.Sort(gaps)
	m := len(gaps) / 2
	if len(gaps)%2 == 1 {
		return gaps[m]
	}
	return (gaps[m-1] + gaps[m]) / 2
}

// Purchases lists a customer's purchases, newest first.
func (s *Store) Purchases(ctx context.Context, id int64, limit int) ([]Purchase, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, customer_id, date, product, qty, amount, note, created_at FROM purchases WHERE customer_id = ? ORDER BY date DESC, id DESC LIMIT ?", id, limit)
	if err != nil {
		return nil, fmt.Errorf("read purchases: %w", err)
	}
	defer rows.Close()
	var out []Purchase
	for rows.Next() {
		var p Purchase
		if err := rows.Scan(&p.ID, &p.CustomerID, &p.Date, &p.Product, &p.Qty, &p.Amount, &p.Note, &p.CreatedAt); err != nil {
			return nil, fmt.Errorf("read purchases: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Products lists product names sold before that start with prefix, most
// sold first (for completion in the purchase form).
func (s *Store) Products(ctx context.Context, prefix string, limit int) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT product FROM purchases WHERE product != '' AND product LIKE ? ESCAPE '\' GROUP BY product ORDER BY count(*) DESC, product LIMIT ?`,
		strings.TrimSuffix(likeArg(prefix), "%")[1:]+"%", limit)
	if err != nil {
		return nil, fmt.Errorf("read products: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, fmt.Errorf("read products: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
