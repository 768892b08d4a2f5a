package tui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// env is what every sub-model needs: the ledger, the language, the clock
// and the terminal size. The root model owns it and passes it down.
type env struct {
	st      *store.Store
	lang    i18n.Lang
	now     func() time.Time
	width   int
	height  int
	noColor bool
}

// screen is a sub-model shown in place of the table (forms, detail, agenda,
// summary, rules, help). The root model routes messages to the open screen.
type screen interface {
	Update(msg tea.Msg) (screen, tea.Cmd)
	View() string
}

// closeScreenMsg asks the root to close the open screen and go back to the
// table. Status is shown in the status bar; Changed means the ledger changed
// (the table reloads its window); CustomerID, when set, is the customer to
// put the cursor on; Grade carries a live grade move to announce.
type closeScreenMsg struct {
	status     string
	err        error
	changed    bool
	customerID int64
	grade      *store.GradeChange
}

// closeScreen returns a command that sends closeScreenMsg.
func closeScreen(m closeScreenMsg) tea.Cmd { return func() tea.Msg { return m } }
