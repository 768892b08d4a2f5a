package tui

import (
	"strconv"
	"strings"

	"github.com/kehu-app/kehu/validate"
)

// detailTopProducts is how many of a customer's products the detail names.
const detailTopProducts = 3

// topProductsLine names what the customer buys most, "Top products: 龙井
// ×2 ¥400.00 · 茶杯 ×1 ¥50.00", over every purchase (the list below shows
// only the latest); "" when no purchase names a product.
func (d *detailScreen) topProductsLine() string {
	if len(d.products) == 0 {
		return ""
	}
	parts := make([]string, len(d.products))
	for i, p := range d.products {
		parts[i] = validate.Visible(p.Product) + " ×" + strconv.Itoa(p.Purchases) + " " + validate.FormatYuan(p.Spend)
	}
	return "  " + d.e.lang.T("detail.topproducts", strings.Join(parts, " · "))
}
