package tui

import (
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// errorText is err told in the reader's language, for every place a screen
// shows an error. A failure of the ledger itself becomes kehu's own message
// about it, so SQLite's and database/sql's text never reaches the screen.
func (e env) errorText(err error) string {
	if e.st != nil && store.IsLedgerError(err) {
		err = store.Classify(err, e.st.Path())
	}
	return i18n.Message(err, e.lang)
}
