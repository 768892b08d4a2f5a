package tui

import (
	"context"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
)

// common is what every screen shares, built once by the root: the ledger
// and the context its reads run under, the clock, the language, the keys
// and the styles on the program's own renderer. Screens hold a pointer to
// it, so a language switch or new grade colours reach all of them.
type common struct {
	ctx     context.Context
	st      *store.Store
	lang    i18n.Lang
	now     func() time.Time
	noColor bool
	rend    *lipgloss.Renderer
	keys    keyMap
	rules   tiering.Rules
	sty     styles
}

// newCommon builds the shared context; rules give the grade colours.
func newCommon(ctx context.Context, st *store.Store, lang i18n.Lang, now func() time.Time, r *lipgloss.Renderer, noColor bool, rules tiering.Rules) *common {
	if now == nil {
		now = time.Now
	}
	c := &common{ctx: ctx, st: st, now: now, noColor: noColor, rend: r}
	c.setLang(lang)
	c.setRules(rules)
	return c
}

// setLang switches the language of every screen and key help.
func (c *common) setLang(l i18n.Lang) {
	c.lang = l
	c.keys = newKeyMap(l)
}

// setRules installs the tiering rules and the styles that follow their
// colours.
func (c *common) setRules(r tiering.Rules) {
	c.rules = r
	c.sty = newStyles(c.rend, r, c.noColor)
}

// today is the clock's date at midnight.
func (c *common) today() time.Time {
	now := c.now()
	y, m, d := now.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, now.Location())
}

// errorText is err told in the reader's language, for every place a screen
// shows an error. A failure of the ledger itself becomes kehu's own message
// about it, so SQLite's and database/sql's text never reaches the screen.
func (c *common) errorText(err error) string {
	if c.st != nil && store.IsLedgerError(err) {
		err = store.Classify(err, c.st.Path())
	}
	return i18n.Message(err, c.lang)
}

// env is a screen's view of the shared context plus its own size.
type env struct {
	*common
	width, height int
}

// SetSize records the size the screen draws at.
func (e *env) SetSize(w, h int) { e.width, e.height = w, h }
