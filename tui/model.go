// Package tui is kehu's full-screen terminal interface: the customer table
// (a keyboard-driven spreadsheet) at the bottom of a stack of screens, and
// the screens it opens over it.
package tui

import (
	"context"
	"errors"
	"io"
	"os"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/muesli/termenv"
)

// Option configures Run.
type Option func(*options)

type options struct {
	now          func() time.Time
	noColor      *bool
	input        io.Reader
	output       io.Writer
	regradeDelay time.Duration
	filterDelay  time.Duration
	checks       []func() error // run in the background; see WithBackgroundCheck
	dayTicks     bool           // regrade at each midnight of the clock (off in model tests, which drive it)
}

// WithClock makes the TUI read the time from now (tests, KEHU_NOW).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithNoColor forces colours off (on) or on (off) instead of reading the
// NO_COLOR environment variable.
func WithNoColor(on bool) Option { return func(o *options) { o.noColor = &on } }

// WithInput reads keys from r instead of the terminal.
func WithInput(r io.Reader) Option { return func(o *options) { o.input = r } }

// WithOutput draws on w instead of standard output.
func WithOutput(w io.Writer) Option { return func(o *options) { o.output = w } }

// WithRegradeDelay sets how long the TUI waits after the last change that
// may move the tiering cut points before it regrades the whole ledger
// (1.5 s by default; 0 regrades at once).
func WithRegradeDelay(d time.Duration) Option { return func(o *options) { o.regradeDelay = d } }

// Run opens the table on st in lang and blocks until the user quits or ctx
// is cancelled. The view on screen when it ends is remembered in the ledger
// and shown again at the next start.
func Run(ctx context.Context, st *store.Store, lang i18n.Lang, opts ...Option) error {
	o := options{regradeDelay: 1500 * time.Millisecond, filterDelay: 150 * time.Millisecond, dayTicks: true}
	for _, f := range opts {
		f(&o)
	}
	out := o.output
	if out == nil {
		out = os.Stdout
	}
	noColor := os.Getenv("NO_COLOR") != ""
	if o.noColor != nil {
		noColor = *o.noColor
	}
	r := lipgloss.NewRenderer(out)
	if noColor {
		// Attributes (bold, reverse) but never a colour.
		r.SetColorProfile(termenv.ANSI)
	}
	// The screens' background work (reads, the regrade, the history's
	// count) runs under runCtx: quitting stops what is still running
	// before the view is saved and the ledger closed.
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	m, err := newModel(runCtx, st, lang, r, noColor, o)
	if err != nil {
		return err
	}
	popts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithContext(ctx), tea.WithOutput(out)}
	if o.input != nil {
		popts = append(popts, tea.WithInput(o.input))
	}
	final, runErr := tea.NewProgram(m, popts...).Run()
	if fm, ok := final.(*model); ok && fm != nil {
		m = fm
	}
	stop()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	saveErr := st.SaveLastView(sctx, m.viewToRemember())
	if runErr != nil {
		if errors.Is(runErr, tea.ErrProgramKilled) && ctx.Err() != nil {
			return ctx.Err()
		}
		return runErr
	}
	return saveErr
}

// model is the root of the TUI: the shared context and the stack of
// screens, the table at its bottom. It handles what belongs to no screen
// (ctrl+c) and routes everything else through the stack.
type model struct {
	*tableScreen // the bottom screen, always there
	c            *common
	stack        screenStack
	served       *served // nil unless served over SSH (NewSession)
}

// newModel builds the shared context and the table on the view remembered
// in the ledger.
func newModel(ctx context.Context, st *store.Store, lang i18n.Lang, r *lipgloss.Renderer, noColor bool, o options) (*model, error) {
	now := o.now
	if now == nil {
		now = st.Now
	}
	rules, err := st.Rules(ctx)
	if err != nil {
		return nil, err
	}
	c := newCommon(ctx, st, lang, now, r, noColor, rules)
	t, err := newTableScreen(c, o)
	if err != nil {
		return nil, err
	}
	m := &model{tableScreen: t, c: c}
	m.stack = screenStack{screens: []screen{t}, width: t.e.width, height: t.e.height, cancel: c.keys.Cancel}
	return m, nil
}

// Init starts the table's reads and checks.
func (m *model) Init() tea.Cmd { return m.tableScreen.Init() }

// top is the screen on top of the stack.
func (m *model) top() screen { return m.stack.top() }

// Update quits on ctrl+c from any screen and routes every other message
// through the stack.
func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && key.Matches(k, m.c.keys.Interrupt) {
		m.quitting = true
		return m, tea.Quit
	}
	if cmd, ok := m.servedUpdate(msg); ok {
		return m, cmd
	}
	return m, m.stack.update(msg)
}

// View draws the screen on top: exactly the terminal's height in lines,
// each exactly its width.
func (m *model) View() string {
	if m.quitting {
		return ""
	}
	return m.servedView(m.stack.top().View())
}
