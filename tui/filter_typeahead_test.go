package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/i18n"
)

// Once the store's in-memory copy answers filters, a key typed in the
// filter prompt shows its rows at once: the pause the table waits for
// while typing only spares the ledger a scan per key.
func TestFilterFollowsEveryKeyOnceTheCopyIsReady(t *testing.T) {
	st := newTestStore(t)
	seed(t, st, chineseShop()) // one name contains 王: 王芳
	m := newTestModel(t, st, i18n.ZH, 120, 35)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := st.WaitFastQueries(ctx); err != nil {
		t.Fatal(err)
	}
	if !st.FastQueriesReady() {
		t.Fatal("FastQueriesReady is false with the copy built")
	}
	m.opts.filterDelay = time.Hour // a pause in the typing that never comes
	press(t, m, "f")

	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("王")})
	done := make(chan tea.Msg, 1)
	go func() { done <- runToView(cmd) }()
	select {
	case msg := <-done:
		if msg == nil {
			t.Fatal("the key read no rows")
		}
		send(t, m, msg)
	case <-time.After(10 * time.Second):
		t.Fatal("the key waited for a pause in the typing although the copy is ready")
	}
	if m.g.total != 1 {
		t.Fatalf("王 while typing: %d rows, want 1", m.g.total)
	}
	if v := m.View(); !strings.Contains(v, "王芳") || strings.Contains(v, "李建国") {
		t.Errorf("王 while typing shows the wrong rows:\n%s", v)
	}
}

// runToView runs cmd (and the batches it returns) until it yields the
// filtered rows; nil when it never does.
func runToView(cmd tea.Cmd) tea.Msg {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case viewLoadedMsg:
			return msg
		}
	}
	return nil
}
