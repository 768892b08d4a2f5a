package store

import (
	"strings"

	"github.com/kehu-app/kehu/filter"
	"github.com/kehu-app/kehu/i18n"
)

// boughtKeys name the filter term that selects customers by the products
// they bought: bought~龙井 (any product containing the text), bought=龙井
// (exactly that product), bought!~ and bought!= for the customers who never
// did. A refund line is not a purchase of the product.
var boughtKeys = map[string]bool{"bought": true, "买过": true}

// isBoughtTerm reports whether t is a bought term rather than a column.
func isBoughtTerm(t filter.Term) bool {
	return t.Key != "" && boughtKeys[strings.ToLower(t.Key)]
}

// compileBought turns a bought term into a set membership test: the set of
// buyers is built once from purchases, so a million-customer count reads
// purchases once rather than once per customer.
func compileBought(t filter.Term) (string, []any, error) {
	match, arg := `product LIKE ? ESCAPE '\'`, any(likeArg(t.Value))
	in := "id IN"
	switch t.Op {
	case "~", ":":
	case "!~":
		in = "id NOT IN"
	case "=":
		match, arg = "product = ?", t.Value
	case "!=":
		match, arg, in = "product = ?", t.Value, "id NOT IN"
	default:
		return "", nil, i18n.Errorf("filter.badop", t.Op, t.Key)
	}
	if strings.TrimSpace(t.Value) == "" {
		return "", nil, i18n.Errorf("filter.empty", t.Op)
	}
	return in + " (SELECT customer_id FROM purchases WHERE amount > 0 AND " + match + ")", []any{arg}, nil
}
