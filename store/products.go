package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/kehu-app/kehu/tiering"
)

// ProductRow is one product as its buyers bought it: who, how often and
// for how much, and which grades those buyers are in today. Refund lines
// are no purchase of the product and are left out of every figure.
type ProductRow struct {
	Product   string `json:"product"`
	Customers int    `json:"customers"` // customers who bought it
	Repeat    int    `json:"repeat"`    // of them, who bought it more than once
	Purchases int    `json:"purchases"` // purchase lines
	Spend     int64  `json:"spend"`     // fen
	// ByGrade counts the buyers per grade, in tiering.Grades() order.
	ByGrade []int `json:"by_grade"`
}

// ProductsReport lists the products, most spent on first.
type ProductsReport struct {
	Date      string       `json:"date"`
	Products  []ProductRow `json:"products"`
	More      int          `json:"more"`  // products left out past the limit
	Spend     int64        `json:"spend"` // on every product, fen
	Customers int          `json:"customers"`
}

// ProductStats reads the products the customers (in the trash left out)
// bought: one pass over the purchases grouped by customer and product,
// folded per product. limit > 0 keeps the most spent on.
func (s *Store) ProductStats(ctx context.Context, limit int) (ProductsReport, error) {
	rep := ProductsReport{Date: s.now().Format(parseDay)}
	rows, err := s.db.QueryContext(ctx, `SELECT p.product, c.grade, count(*), sum(p.n > 1), sum(p.n), sum(p.spend)
		FROM (SELECT customer_id, product, count(*) AS n, sum(amount) AS spend FROM purchases
			WHERE amount > 0 AND product <> '' GROUP BY customer_id, product) p
		JOIN customers c ON c.id = p.customer_id AND c.deleted_at IS NULL
		GROUP BY p.product, c.grade`)
	if err != nil {
		return ProductsReport{}, fmt.Errorf("products: %w", err)
	}
	defer rows.Close()
	grades := tiering.Grades()
	byName := map[string]*ProductRow{}
	for rows.Next() {
		var name, grade string
		var n, repeat, lines int
		var spend int64
		if err := rows.Scan(&name, &grade, &n, &repeat, &lines, &spend); err != nil {
			return ProductsReport{}, fmt.Errorf("products: %w", err)
		}
		r := byName[name]
		if r == nil {
			r = &ProductRow{Product: name, ByGrade: make([]int, len(grades))}
			byName[name] = r
		}
		r.Customers += n
		r.Repeat += repeat
		r.Purchases += lines
		r.Spend += spend
		if i := slices.Index(grades, grade); i >= 0 {
			r.ByGrade[i] += n
		}
	}
	if err := rows.Err(); err != nil {
		return ProductsReport{}, fmt.Errorf("products: %w", err)
	}
	for _, r := range byName {
		rep.Products = append(rep.Products, *r)
		rep.Spend += r.Spend
	}
	slices.SortFunc(rep.Products, func(a, b ProductRow) int {
		switch {
		case a.Spend != b.Spend:
			if a.Spend > b.Spend {
				return -1
			}
			return 1
		case a.Customers != b.Customers:
			return b.Customers - a.Customers
		case a.Product < b.Product:
			return -1
		case a.Product > b.Product:
			return 1
		}
		return 0
	})
	if err := s.db.QueryRowContext(ctx, `SELECT count(DISTINCT p.customer_id) FROM purchases p
		JOIN customers c ON c.id = p.customer_id AND c.deleted_at IS NULL WHERE p.amount > 0 AND p.product <> ''`).Scan(&rep.Customers); err != nil {
		return ProductsReport{}, fmt.Errorf("products: %w", err)
	}
	if limit > 0 && len(rep.Products) > limit {
		rep.More = len(rep.Products) - limit
		rep.Products = rep.Products[:limit]
	}
	return rep, nil
}

// CustomerProduct is one product a customer bought.
type CustomerProduct struct {
	Product   string `json:"product"`
	Purchases int    `json:"purchases"`
	Spend     int64  `json:"spend"` // fen
	Last      string `json:"last"`  // the latest purchase's day
}

// TopProducts lists what customer id bought most (by spend, then by how
// often, then most recently), at most limit products; refunds left out.
func (s *Store) TopProducts(ctx context.Context, id int64, limit int) ([]CustomerProduct, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT product, count(*), sum(amount), max(date) FROM purchases
		WHERE customer_id = ? AND amount > 0 AND product <> '' GROUP BY product
		ORDER BY sum(amount) DESC, count(*) DESC, max(date) DESC, product LIMIT ?`, id, limit)
	if err != nil {
		return nil, fmt.Errorf("top products: %w", err)
	}
	defer rows.Close()
	var out []CustomerProduct
	for rows.Next() {
		var p CustomerProduct
		if err := rows.Scan(&p.Product, &p.Purchases, &p.Spend, &p.Last); err != nil {
			return nil, fmt.Errorf("top products: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("top products: %w", err)
	}
	return out, nil
}
