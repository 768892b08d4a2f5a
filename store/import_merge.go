package store

import (
	"context"
	"database/sql"

	"github.com/kehu-app/kehu/dedupe"
)

// contactIndex maps the normalised phone, WeChat id and email of the live
// customers an import began with to their ids (the lowest id keeps a key):
// what ImportOptions.MergeDuplicates matches rows against. Only these
// contact details are certain enough to merge a row unseen; a row that only
// looks like a customer by its name is added and left to 'kehu duplicates'.
type contactIndex map[string]int64

// contact keys, by kind.
func phoneIndexKey(v string) string  { return "p\x00" + dedupe.PhoneKey(v) }
func wechatIndexKey(v string) string { return "w\x00" + dedupe.ContactKey(v) }
func emailIndexKey(v string) string  { return "e\x00" + dedupe.ContactKey(v) }

// buildContactIndex reads the live customers' contact details inside tx.
func buildContactIndex(ctx context.Context, tx *sql.Tx) (contactIndex, error) {
	idx := contactIndex{}
	put := func(k string, id int64) {
		if old, ok := idx[k]; !ok || id < old {
			idx[k] = id
		}
	}
	err := eachIdentity(ctx, tx, func(c dedupe.Customer) error {
		if dedupe.PhoneKey(c.Phone) != "" {
			put(phoneIndexKey(c.Phone), c.ID)
		}
		if dedupe.ContactKey(c.WeChat) != "" {
			put(wechatIndexKey(c.WeChat), c.ID)
		}
		if dedupe.ContactKey(c.Email) != "" {
			put(emailIndexKey(c.Email), c.ID)
		}
		return nil
	})
	return idx, err
}

// find is the customer row has the same phone, WeChat id or email as (in
// that order), 0 when none.
func (idx contactIndex) find(row ImportRow) int64 {
	str := func(k string) string { v, _ := row.Values[k].(string); return v }
	if p := str("phone"); dedupe.PhoneKey(p) != "" {
		if id := idx[phoneIndexKey(p)]; id != 0 {
			return id
		}
	}
	if w := str("wechat"); dedupe.ContactKey(w) != "" {
		if id := idx[wechatIndexKey(w)]; id != 0 {
			return id
		}
	}
	if e := str("email"); dedupe.ContactKey(e) != "" {
		if id := idx[emailIndexKey(e)]; id != 0 {
			return id
		}
	}
	return 0
}
