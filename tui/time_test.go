package tui

import (
	"context"
	"testing"
	"time"

	"github.com/kehu-app/kehu/store"
)

// logContactOn logs a contact on the ledger of st as it was on day (a
// second store on the same file, its clock set to day 09:00): a follow-up
// is planned on the day of the call, and may be overdue today.
func logContactOn(t *testing.T, st *store.Store, day string, id int64, in store.ContactInput) {
	t.Helper()
	d, err := time.Parse("2006-01-02", day)
	if err != nil {
		t.Fatal(err)
	}
	then := d.Add(9 * time.Hour)
	past, err := store.Open(st.Path(), store.WithClock(func() time.Time { return then }))
	if err != nil {
		t.Fatal(err)
	}
	defer past.Close()
	if _, err := past.AddContact(context.Background(), id, in); err != nil {
		t.Fatal(err)
	}
}
