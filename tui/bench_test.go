package tui

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/internal/benchledger"
	"github.com/kehu-app/kehu/store"
	"github.com/muesli/termenv"
)

// The benchmarks run on the generated demo ledger of KEHU_BENCH_N customers
// (10,000 by default; the speed targets are stated for 1,000,000), built once
// by internal/benchledger in the gitignored .cache/ folder and reused.

func benchNow() time.Time { return benchledger.Now }

// benchLedger returns the path of the cached ledger, generating it first.
func benchLedger(b *testing.B) string {
	b.Helper()
	var log strings.Builder
	path, err := benchledger.Path(benchledger.Size(10000), &log)
	if err != nil {
		b.Fatal(err)
	}
	if log.Len() > 0 {
		b.Log(strings.TrimSpace(log.String()))
	}
	return path
}

func benchModel(b *testing.B, st *store.Store) *model {
	b.Helper()
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	m, err := newModel(context.Background(), st, i18n.ZH, r, false, options{now: benchNow})
	if err != nil {
		b.Fatal(err)
	}
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
	return m
}

func benchOpen(b *testing.B) *store.Store {
	b.Helper()
	st, err := store.Open(benchLedger(b), store.WithClock(benchNow))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// runCmd runs what an Update returned, outside the timer: in the program
// these commands run on their own goroutines, not on the key's path.
func runCmd(b *testing.B, m *model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	b.StopTimer()
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil, tea.QuitMsg:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
	}
	b.StartTimer()
}

// BenchmarkFirstFrame: from opening the ledger to the first frame drawn
// (the counts arrive afterwards, off the UI goroutine).
func BenchmarkFirstFrame(b *testing.B) {
	path := benchLedger(b)
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	b.ResetTimer()
	for b.Loop() {
		st, err := store.Open(path, store.WithClock(benchNow))
		if err != nil {
			b.Fatal(err)
		}
		m, err := newModel(context.Background(), st, i18n.ZH, r, false, options{now: benchNow})
		if err != nil {
			b.Fatal(err)
		}
		m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
		if len(m.View()) == 0 {
			b.Fatal("empty frame")
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
}

// BenchmarkCursorMove: one cursor move down (Update + View), scrolling
// through the view; read-ahead runs as it would, off the key's path.
func BenchmarkCursorMove(b *testing.B) {
	st := benchOpen(b)
	m := benchModel(b, st)
	runCmd(b, m, m.Init())
	down, top := keyMsg("j"), keyMsg("g")
	b.ResetTimer()
	for b.Loop() {
		msg := down
		if m.g.total >= 0 && m.g.row >= m.g.total-1 {
			msg = top
		}
		_, cmd := m.Update(msg)
		_ = m.View()
		runCmd(b, m, cmd)
	}
}

// BenchmarkSort: sort the whole view by a column (Update + View), for an
// indexed money column, the name and an unindexed text column.
func BenchmarkSort(b *testing.B) {
	st := benchOpen(b)
	for _, col := range []string{"total_spend", "name", "company"} {
		b.Run(col, func(b *testing.B) {
			m := benchModel(b, st)
			runCmd(b, m, m.Init())
			waitCopy(b, st)
			gotoCol(b, m, col)
			asc, desc := keyMsg("s"), keyMsg("S")
			i := 0
			b.ResetTimer()
			for b.Loop() {
				msg := asc
				if i%2 == 1 {
					msg = desc
				}
				i++
				_, cmd := m.Update(msg)
				runFilter(m, cmd) // the sorted rows are read in the background
				_ = m.View()
			}
		})
	}
}

// BenchmarkFilterKeystroke: one keystroke in the filter prompt, typing
// "grade=A 王" and erasing it again. The table filters as you type:
//   - keystroke: what the key itself costs (Update + View); the rows are
//     read after a pause in the typing, in the background;
//   - result: from the key to the frame showing the filtered rows, without
//     the pause (the counts still come afterwards, in the background).
func BenchmarkFilterKeystroke(b *testing.B) {
	st := benchOpen(b)
	var keys []tea.KeyMsg
	text := "grade=A 王"
	for _, r := range text {
		keys = append(keys, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	for range []rune(text) {
		keys = append(keys, keyMsg("backspace"))
	}
	b.Run("keystroke", func(b *testing.B) {
		m := benchModel(b, st)
		m.opts.filterDelay = 150 * time.Millisecond
		runCmd(b, m, m.Init())
		m.Update(keyMsg("f"))
		i := 0
		b.ResetTimer()
		for b.Loop() {
			m.Update(keys[i%len(keys)])
			i++
			_ = m.View()
		}
	})
	b.Run("result", func(b *testing.B) {
		m := benchModel(b, st)
		runCmd(b, m, m.Init())
		waitCopy(b, st)
		m.Update(keyMsg("f"))
		i := 0
		b.ResetTimer()
		cpu := benchledger.CPUTime()
		for b.Loop() {
			_, cmd := m.Update(keys[i%len(keys)])
			i++
			runFilter(m, cmd)
			_ = m.View()
		}
		benchledger.ReportCPU(b, cpu)
	})
	// counts: from the key to the frame with the row and grade counts of
	// the status line (read after the rows, in the background).
	b.Run("counts", func(b *testing.B) {
		m := benchModel(b, st)
		runCmd(b, m, m.Init())
		waitCopy(b, st)
		m.Update(keyMsg("f"))
		i := 0
		b.ResetTimer()
		cpu := benchledger.CPUTime()
		for b.Loop() {
			_, cmd := m.Update(keys[i%len(keys)])
			i++
			runFilterAndCounts(b, m, cmd)
			_ = m.View()
		}
		benchledger.ReportCPU(b, cpu)
	})
}

// waitCopy waits for the store's in-memory copy, as a user typing a few
// seconds after opening the table would find it.
func waitCopy(b *testing.B, st *store.Store) {
	b.Helper()
	if _, err := st.WaitFastQueries(context.Background()); err != nil {
		b.Fatal(err)
	}
}

// runFilterAndCounts runs the read a key started and then the counts the
// new rows ask for, checking that they arrived.
func runFilterAndCounts(b *testing.B, m *model, cmd tea.Cmd) {
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
		case viewLoadedMsg, countsMsg:
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
	}
	if m.counts == nil && m.pending == nil {
		b.Fatal("no counts after the filter")
	}
}

// runFilter runs the read of a new filter or sort that a key started and
// applies it, leaving the counts it then asks for unrun.
func runFilter(m *model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			runFilter(m, c)
		}
	case viewLoadedMsg:
		m.Update(msg)
	}
}
