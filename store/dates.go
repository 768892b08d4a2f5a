package store

import (
	"context"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/validate"
)

// CheckValue refuses a value of column c that cannot be true today: a
// birthday after today, an owner not on the staff list, a referrer that is
// not a live customer, a credit limit below zero. Custom date columns take any real date (a contract
// end or a planned visit may well be in the future).
func (s *Store) CheckValue(c Column, v any) error {
	switch c.Key {
	case "credit_limit":
		if n, _ := v.(int64); n < 0 {
			return i18n.Errorf("acct.limit.negative", validate.FormatYuan(n))
		}
		return nil
	case "owner":
		name, _ := v.(string)
		return s.checkOwner(context.Background(), name)
	case "referred_by":
		id, _ := v.(int64)
		return s.checkReferrer(context.Background(), id)
	}
	if c.Key != "birthday" {
		return nil
	}
	d, _ := v.(string)
	if today := s.today(); d > today {
		return i18n.Errorf("date.future.birthday", d, today)
	}
	return nil
}

// CheckLastPurchase refuses a last purchase date (an imported opening
// balance) after today: a sale that has not happened yet would make the
// customer look recent for days to come.
func (s *Store) CheckLastPurchase(d string) error {
	if today := s.today(); d > today {
		return i18n.Errorf("purchase.future", d, today)
	}
	return nil
}
