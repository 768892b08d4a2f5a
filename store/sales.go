package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/validate"
)

// CustomerRef says how a sales log names the customer of a sale.
type CustomerRef string

// The ways a sales log names a customer.
const (
	RefAny   CustomerRef = "any"   // a phone, member card number, #id or unique name
	RefPhone CustomerRef = "phone" // a phone number
	RefCard  CustomerRef = "card"  // a member card number (a custom column named 会员卡号 or card)
	RefID    CustomerRef = "id"    // the ledger's customer id
	RefName  CustomerRef = "name"  // the customer's name, unique among live customers
)

// Sale is one checked row of a sales log.
type Sale struct {
	Line     int         // the row's number in the sheet
	Customer string      // as the sheet names the customer
	Ref      CustomerRef // how Customer is to be read
	At       string      // YYYY-MM-DD HH:MM (00:00 when the sheet gives no time)
	Amount   int64       // fen; negative is a refund
	Product  string
	Qty      int64
	Order    string   // the order number, "" when the sheet has none
	Cells    []string // the row as read, for the caller's rejects file
}

// SaleReject is a sale the ledger refused, with the reason.
type SaleReject struct {
	Sale Sale
	Err  error
}

// SalesOptions configure ImportSales.
type SalesOptions struct {
	NoCreate bool   // reject a sale whose customer is not in the ledger, instead of adding the customer
	DryRun   bool   // check and count everything, then roll back
	Reason   string // the journal's note for the import
}

// SalesResult says what ImportSales did.
type SalesResult struct {
	Added     int // sales logged
	Already   int // sales the ledger already held (same key): not logged again
	Created   int // customers added for sales whose customer was not in the ledger
	Customers int // customers whose purchases changed, regraded
	Rejects   []SaleReject
}

// SaleKey identifies a sale across imports: its order number (with the
// product, so the lines of one order stay apart), else its customer, time,
// amount and product.
func SaleKey(customerID int64, s Sale) string {
	if s.Order != "" {
		return "o:" + s.Order + "|" + s.Product
	}
	return "s:" + strconv.FormatInt(customerID, 10) + "|" + s.At + "|" + strconv.FormatInt(s.Amount, 10) + "|" + s.Product
}

// ImportSales logs the sales rows yields in one transaction: each sale's
// customer is found (or added, unless NoCreate), a sale whose key the
// ledger already holds is skipped, and every customer whose purchases
// changed has its totals and grade worked out again in the same
// transaction. Each sale earns points like a purchase paid in cash (a
// refund takes them back). Sales the ledger cannot take are returned as
// rejects.
func (s *Store) ImportSales(ctx context.Context, opts SalesOptions, rows iter.Seq2[Sale, error]) (SalesResult, error) {
	var res SalesResult
	errDryRun := errors.New("dry run")
	err := s.tx(ctx, func(tx *sql.Tx) error {
		batch, err := s.newBatch(ctx, tx)
		if err != nil {
			return err
		}
		f := &customerFinder{s: s, tx: tx, cache: map[string]int64{}, card: s.cardColumn()}
		touched := map[int64]bool{}
		var order []int64
		at := s.timestamp()
		for sale, err := range rows {
			if err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			id, created, err := f.find(ctx, sale, opts.NoCreate)
			if err != nil {
				var bad badSale
				if errors.As(err, &bad) {
					res.Rejects = append(res.Rejects, SaleReject{Sale: sale, Err: bad.err})
					continue
				}
				return err
			}
			if created {
				res.Created++
				if err := s.journal(ctx, tx, batch, "add", "customers", id, "", nil, map[string]any{"name": sale.Customer}); err != nil {
					return err
				}
			}
			p := Purchase{CustomerID: id, Date: sale.At[:10], Product: sale.Product, Qty: sale.Qty, Amount: sale.Amount, CreatedAt: at}
			r, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO purchases(customer_id, date, product, qty, amount, note, created_at, sale_key)
				VALUES(?,?,?,?,?,?,?,?)`, p.CustomerID, p.Date, p.Product, p.Qty, p.Amount, "", p.CreatedAt, SaleKey(id, sale))
			if err != nil {
				return fmt.Errorf("log sale of row %d: %w", sale.Line, err)
			}
			if n, err := r.RowsAffected(); err != nil {
				return fmt.Errorf("log sale of row %d: %w", sale.Line, err)
			} else if n == 0 {
				res.Already++
				continue
			}
			if p.ID, err = r.LastInsertId(); err != nil {
				return fmt.Errorf("log sale of row %d: %w", sale.Line, err)
			}
			if err := s.journal(ctx, tx, batch, "add", "purchases", p.ID, "", nil, p); err != nil {
				return err
			}
			// A sale at the till earns points as one logged by hand does, at
			// the rate of the customer's grade when it is imported (a refund
			// takes them back); the till paid it, so no balance moves.
			if err := s.settlePurchase(ctx, tx, batch, p, PayCash); err != nil {
				return fmt.Errorf("points of the sale of row %d: %w", sale.Line, err)
			}
			res.Added++
			if !touched[id] {
				touched[id] = true
				order = append(order, id)
			}
		}
		for _, id := range order {
			if _, err := s.refreshAggregates(ctx, tx, id); err != nil {
				return err
			}
			if _, err := s.regradeTx(ctx, tx, id, ReasonPurchase); err != nil {
				return err
			}
		}
		res.Customers = len(order)
		if opts.DryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	if err != nil {
		return res, fmt.Errorf("import sales: %w", err)
	}
	return res, nil
}

// badSale is a sale the ledger refuses for what the sheet says (a
// customer not found or named twice), as opposed to a failure of the ledger.
type badSale struct{ err error }

func (b badSale) Error() string { return b.err.Error() }

// cardColumn is the key of the custom column holding member card numbers,
// "" when the ledger has none.
func (s *Store) cardColumn() string {
	for _, c := range s.Columns() {
		if !c.Custom {
			continue
		}
		switch strings.ToLower(strings.ReplaceAll(c.LabelEN, " ", "")) {
		case "membercard", "membercardnumber", "membercardno", "cardnumber", "cardno", "card":
			return c.Key
		}
		switch c.LabelZH {
		case "会员卡号", "会员卡", "卡号", "会员编号":
			return c.Key
		}
	}
	return ""
}

// customerFinder finds the customers of a sales log's rows within one
// transaction, adding those not found.
type customerFinder struct {
	s     *Store
	tx    *sql.Tx
	cache map[string]int64 // ref + "\x00" + value → customer id
	card  string           // the member card column's key, or ""
}

func (f *customerFinder) find(ctx context.Context, sale Sale, noCreate bool) (int64, bool, error) {
	v := strings.TrimSpace(sale.Customer)
	ck := string(sale.Ref) + "\x00" + v
	if id, ok := f.cache[ck]; ok {
		return id, false, nil
	}
	id, err := f.lookup(ctx, sale.Ref, v)
	if err != nil {
		return 0, false, err
	}
	created := false
	if id == 0 {
		if noCreate || sale.Ref == RefID {
			return 0, false, badSale{i18n.Errorf("sales.nocustomer", v)}
		}
		vals := map[string]any{"name": v}
		if p, err := validate.Phone(v); err == nil && p != "" && (sale.Ref == RefPhone || sale.Ref == RefAny) {
			vals["phone"] = p
		} else if sale.Ref == RefPhone {
			return 0, false, badSale{err}
		}
		if f.card != "" && sale.Ref == RefCard {
			vals[f.card] = v
		}
		if err := validate.Text("name", v, validate.OneLine); err != nil {
			return 0, false, badSale{err}
		}
		id, _, err = f.s.insertCustomer(ctx, f.tx, vals)
		if err != nil {
			return 0, false, fmt.Errorf("add customer %q: %w", v, err)
		}
		created = true
	}
	f.cache[ck] = id
	return id, created, nil
}

// lookup finds the live customer v names, 0 when there is none.
func (f *customerFinder) lookup(ctx context.Context, ref CustomerRef, v string) (int64, error) {
	if ref == RefID || (ref == RefAny && strings.HasPrefix(v, "#")) {
		n, err := strconv.ParseInt(strings.TrimPrefix(v, "#"), 10, 64)
		if err != nil || n <= 0 {
			return 0, badSale{i18n.Errorf("sales.badid", v)}
		}
		return f.one(ctx, v, "SELECT id FROM customers WHERE id = ? AND deleted_at IS NULL", n)
	}
	if ref == RefPhone || ref == RefAny {
		if p, err := validate.Phone(v); err == nil && p != "" {
			id, err := f.one(ctx, v, "SELECT id FROM customers WHERE phone = ? AND deleted_at IS NULL LIMIT 2", p)
			if id != 0 || err != nil || ref == RefPhone {
				return id, err
			}
		} else if ref == RefPhone {
			return 0, badSale{err}
		}
	}
	if f.card != "" && (ref == RefCard || ref == RefAny) {
		id, err := f.one(ctx, v, `SELECT id FROM customers WHERE "`+f.card+`" = ? AND deleted_at IS NULL LIMIT 2`, v)
		if id != 0 || err != nil || ref == RefCard {
			return id, err
		}
	}
	return f.one(ctx, v, "SELECT id FROM customers WHERE name = ? AND deleted_at IS NULL LIMIT 2", v)
}

// one runs a query for customer ids: the one it finds, 0 for none, and a
// reject when it finds two.
func (f *customerFinder) one(ctx context.Context, v, q string, arg any) (int64, error) {
	rows, err := f.tx.QueryContext(ctx, q, arg)
	if err != nil {
		return 0, fmt.Errorf("find customer: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return 0, fmt.Errorf("find customer: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("find customer: %w", err)
	}
	switch len(ids) {
	case 0:
		return 0, nil
	case 1:
		return ids[0], nil
	}
	return 0, badSale{i18n.Errorf("sales.ambiguous", v)}
}
