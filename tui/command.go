package tui

import (
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/kehu-app/kehu/export"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/importer"
	"github.com/kehu-app/kehu/report"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// runCommand runs a `:` command line.
func (m *tableScreen) runCommand(line string) tea.Cmd {
	f := strings.Fields(line)
	if len(f) == 0 {
		return nil
	}
	verb, args := strings.ToLower(f[0]), f[1:]
	switch verb {
	case "view", "v":
		return m.cmdView(args)
	case "col", "column", "c":
		return m.cmdCol(args)
	case "lang", "language":
		return m.cmdLang(args)
	case "import":
		if len(args) == 0 {
			return m.usage("import")
		}
		return m.importCmd(strings.Join(args, " "))
	case "duplicates", "dupes", "dup":
		m.opening = newDuplicates(m.e)
		return nil
	case "regrade":
		return m.scheduleRegrade(true)
	case "complaints", "complaint", "投诉":
		m.opening = newComplaints(m.e)
		return nil
	case "help", "h":
		m.opening = newHelpScreen(m.e, m)
		return nil
	case "q", "quit", "exit":
		m.quitting = true
		return tea.Quit
	}
	m.status = status{text: m.e.lang.T("tui.cmd.unknown", validate.Visible(f[0])), err: true}
	return nil
}

// usage says how a command is written, in the reader's language; id names
// it in the command list (several ids: "col.add", "col.rename"…).
func (m *tableScreen) usage(ids ...string) tea.Cmd {
	us := make([]string, len(ids))
	for i, id := range ids {
		us[i] = commandUsage(id, m.e.lang)
	}
	m.status = status{text: m.e.lang.T("tui.cmd.usage", strings.Join(us, " | :")), err: true}
	return nil
}

// cmdView: view save NAME | view NAME | view list | view delete NAME.
func (m *tableScreen) cmdView(args []string) tea.Cmd {
	st := m.e.st
	if len(args) == 0 {
		args = []string{"list"}
	}
	sub := strings.ToLower(args[0])
	name := strings.Join(args[1:], " ")
	switch sub {
	case "save":
		if name == "" {
			return m.usage("view.save")
		}
		v := m.view
		v.Name = ""
		if err := st.SaveView(m.e.ctx, name, v); err != nil {
			m.setErr(err)
			return nil
		}
		m.view.Name = name
		m.setMsg("tui.msg.viewsaved", name)
	case "list", "ls":
		names, err := st.Views(m.e.ctx)
		if err != nil {
			m.setErr(err)
			return nil
		}
		if len(names) == 0 {
			m.setMsg("tui.msg.noviews")
			return nil
		}
		m.setMsg("tui.msg.views", strings.Join(names, ", "))
	case "delete", "del", "rm":
		if name == "" {
			return m.usage("view.delete")
		}
		if err := st.DeleteView(m.e.ctx, name); err != nil {
			m.setErr(err)
			return nil
		}
		if m.view.Name == name {
			m.view.Name = ""
		}
		m.setMsg("tui.msg.viewdeleted", name)
	default:
		name = strings.Join(args, " ")
		if sub == "load" || sub == "open" {
			name = strings.Join(args[1:], " ")
		}
		v, err := st.LoadView(m.e.ctx, name)
		if err != nil {
			m.setErr(err)
			return nil
		}
		v.Name = name
		m.g.row, m.g.top, m.g.left = 0, 0, 1
		if err := m.setView(v, false); err != nil {
			m.setErr(err)
			return nil
		}
		m.setMsg("tui.msg.viewloaded", name)
		return m.countCmd()
	}
	return nil
}

// cmdCol: col add NAME TYPE [CHOICES] | rename NEW | hide | show KEY |
// move left|right | width N.
func (m *tableScreen) cmdCol(args []string) tea.Cmd {
	if len(args) == 0 {
		return m.usage("col.add", "col.rename", "col.hide", "col.show", "col.move", "col.width")
	}
	st, l := m.e.st, m.e.lang
	cur := m.g.cols[m.g.col]
	v := m.view
	v.Columns = append([]string(nil), m.view.Columns...)
	switch strings.ToLower(args[0]) {
	case "add":
		rest := args[1:]
		if len(rest) < 2 {
			return m.usage("col.add")
		}
		var choices []string
		t, err := store.ParseType(rest[len(rest)-1])
		if err != nil && len(rest) >= 3 {
			if t2, err2 := store.ParseType(rest[len(rest)-2]); err2 == nil && t2 == store.Choice {
				t, err = t2, nil
				choices = store.SplitTags(rest[len(rest)-1])
				rest = rest[:len(rest)-1]
			}
		}
		if err != nil {
			m.setErr(err)
			return nil
		}
		name := strings.Join(rest[:len(rest)-1], " ")
		if c, ok := st.Column(name); ok && m.colIndex(c.Key) < 0 {
			// It exists, only hidden: say how to bring it back.
			m.status = status{text: l.T("tui.msg.colexistshidden", c.Label(l), c.Key), err: true}
			return nil
		}
		c, err := st.AddColumn(m.e.ctx, name, t, choices)
		if err != nil {
			m.setErr(err)
			return nil
		}
		at := m.g.col + 1
		v.Columns = slices.Insert(v.Columns, at, c.Key)
		if err := m.setView(v, false); err != nil {
			m.setErr(err)
			return nil
		}
		m.g.col = m.colIndex(c.Key)
		m.g.clampCol(m.e.width)
		m.setMsg("tui.msg.coladded", c.Label(l))
	case "rename":
		label := strings.Join(args[1:], " ")
		if label == "" {
			return m.usage("col.rename")
		}
		if !cur.Custom {
			m.status = status{text: l.T("tui.msg.colbuiltin", cur.Label(l)), err: true}
			return nil
		}
		if err := st.RenameColumn(m.e.ctx, cur.Key, label); err != nil {
			m.setErr(err)
			return nil
		}
		if err := m.setView(v, true); err != nil {
			m.setErr(err)
			return nil
		}
		m.setMsg("tui.msg.colrenamed", cur.Label(l), label)
	case "hide":
		if m.g.col == 0 {
			m.status = status{text: l.T("tui.msg.namefixed"), err: true}
			return nil
		}
		v.Columns = slices.Delete(v.Columns, m.g.col, m.g.col+1)
		col := m.g.col
		if err := m.setView(v, false); err != nil {
			m.setErr(err)
			return nil
		}
		m.g.col = min(col, len(m.g.cols)-1)
		m.g.clampCol(m.e.width)
		m.setMsg("tui.msg.colhidden", cur.Label(l), cur.Key)
	case "show":
		name := strings.Join(args[1:], " ")
		if name == "" {
			return m.usage("col.show")
		}
		c, ok := st.Column(name)
		if !ok {
			m.setErr(i18n.Errorf("col.unknown", name))
			return nil
		}
		if i := m.colIndex(c.Key); i >= 0 {
			m.g.col = i
			m.g.clampCol(m.e.width)
			m.setMsg("tui.msg.colshown", c.Label(l))
			return nil
		}
		v.Columns = slices.Insert(v.Columns, m.g.col+1, c.Key)
		if err := m.setView(v, false); err != nil {
			m.setErr(err)
			return nil
		}
		m.g.col = m.colIndex(c.Key)
		m.g.clampCol(m.e.width)
		m.setMsg("tui.msg.colshown", c.Label(l))
	case "move":
		if len(args) < 2 {
			return m.usage("col.move")
		}
		d := 0
		switch strings.ToLower(args[1]) {
		case "left", "l", "左":
			d = -1
		case "right", "r", "右":
			d = 1
		default:
			return m.usage("col.move")
		}
		to := m.g.col + d
		if m.g.col == 0 || to < 1 || to >= len(v.Columns) {
			m.status = status{text: l.T("tui.msg.cantmove"), err: true}
			return nil
		}
		v.Columns[m.g.col], v.Columns[to] = v.Columns[to], v.Columns[m.g.col]
		if err := m.setView(v, true); err != nil {
			m.setErr(err)
			return nil
		}
		m.g.clampCol(m.e.width)
		m.setMsg("tui.msg.colmoved", cur.Label(l))
	case "width", "w":
		if len(args) < 2 {
			return m.usage("col.width")
		}
		n, err := strconv.Atoi(args[1])
		if err != nil || n < 2 || n > 100 {
			m.status = status{text: l.T("tui.msg.badwidth", args[1]), err: true}
			return nil
		}
		v.Widths = map[string]int{}
		for k, w := range m.view.Widths {
			v.Widths[k] = w
		}
		v.Widths[cur.Key] = n
		m.view.Widths = v.Widths
		if err := m.setView(v, true); err != nil {
			m.setErr(err)
			return nil
		}
		m.setMsg("tui.msg.colwidth", cur.Label(l), n)
	default:
		return m.usage("col.add", "col.rename", "col.hide", "col.show", "col.move", "col.width")
	}
	return nil
}

// cmdLang switches the language at once.
func (m *tableScreen) cmdLang(args []string) tea.Cmd {
	if len(args) == 0 {
		return m.usage("lang")
	}
	l, err := i18n.Parse(args[0])
	if err != nil {
		m.setErr(err)
		return nil
	}
	m.e.setLang(l)
	if err := m.setView(m.view, true); err != nil {
		m.setErr(err)
		return nil
	}
	m.setMsg("tui.msg.lang")
	return nil
}

// defaultExportPath is kehu-YYYY-MM-DD.csv in the working directory.
func (m *tableScreen) defaultExportPath() string {
	return export.DefaultName(export.CSV, m.e.now())
}

// exportDoneMsg says how an export or import ended.
type exportDoneMsg struct {
	path string
	rows int
	err  error
	imp  *importer.Report
	warn []string
}

// exportCmd writes the view on screen (its rows, filter, sort, columns and
// order) to path in the background: CSV with a BOM for Excel and WPS, or
// XLSX when the path ends in .xlsx. {date} in the path is today's date.
func (m *tableScreen) exportCmd(path string) tea.Cmd {
	// The path and format are resolved as `kehu export --out` resolves them.
	path, format, err := export.Target(path, "", m.e.now())
	if err != nil {
		m.setErr(err)
		return nil
	}
	m.setMsg("tui.msg.exporting", path)
	st, ctx, q, lang := m.e.st, m.e.ctx, m.view.Query(), m.e.lang
	work := m.startWork()
	opts := export.Options{Format: format, Header: export.HeaderLabels, BOM: true, Lang: lang,
		Progress: func(done int) { work.Store(ptr(lang.T("tui.msg.exportprogress", path, thousands(done)))) }}
	return tea.Batch(func() tea.Msg {
		var warns []string
		opts.Warn = func(msg string) { warns = append(warns, msg) }
		rows, err := export.Run(ctx, st, q, opts, path, nil)
		return exportDoneMsg{path: path, rows: rows, err: err, warn: warns}
	}, progressTick(work))
}

// importCmd imports a CSV or XLSX file into the ledger in the background;
// the status line follows its stages.
func (m *tableScreen) importCmd(path string) tea.Cmd {
	m.setMsg("tui.msg.importing", path)
	st, ctx, lang := m.e.st, m.e.ctx, m.e.lang
	work := m.startWork()
	opts := importer.Options{Lang: lang, Progress: func(s importer.Stage, done, total int) {
		work.Store(ptr(strings.TrimLeft(lang.T("import.progress."+string(s), done, total), "\r")))
	}}
	return tea.Batch(func() tea.Msg {
		rep, err := importer.ImportFile(ctx, st, path, opts)
		return exportDoneMsg{path: path, err: err, imp: &rep}
	}, progressTick(work))
}

// startWork starts following a background import or export: its goroutine
// stores how far it is, the model shows it on each progress tick.
func (m *tableScreen) startWork() *atomic.Pointer[string] {
	m.work = new(atomic.Pointer[string])
	return m.work
}

func ptr[T any](v T) *T { return &v }

// progressTickEvery is how often the status shows a background job's progress.
const progressTickEvery = 250 * time.Millisecond

// progressTickMsg asks the model to show how far work is.
type progressTickMsg struct{ work *atomic.Pointer[string] }

func progressTick(work *atomic.Pointer[string]) tea.Cmd {
	return tea.Tick(progressTickEvery, func(time.Time) tea.Msg { return progressTickMsg{work} })
}

// progressTick shows the progress of the job still running, and ticks on.
func (m *tableScreen) progressTick(msg progressTickMsg) tea.Cmd {
	if msg.work != m.work {
		return nil // that job is over
	}
	if s := m.work.Load(); s != nil {
		m.status = status{text: *s}
	}
	return progressTick(m.work)
}

func (m *tableScreen) exportDone(msg exportDoneMsg) tea.Cmd {
	if msg.imp == nil {
		if msg.err != nil {
			m.setErr(msg.err)
			return nil
		}
		m.setMsg("tui.msg.exported", thousands(msg.rows), export.Where(msg.path))
		for _, w := range msg.warn {
			m.status.text = joinStatus(m.status.text, w)
			m.status.warn = true
		}
		return nil
	}
	rep := msg.imp
	if msg.err != nil {
		m.setErr(msg.err)
	} else {
		// The counts and where the rejects went, in the words `kehu import`
		// prints them.
		m.status = status{text: report.ImportSummary(*rep, m.e.lang)}
		if rep.RejectsPath != "" {
			m.status.text = joinStatus(m.status.text, m.e.lang.T("import.rejects", rep.RejectsPath))
			m.status.warn = true
		}
	}
	if rep.Added+rep.Updated == 0 && len(rep.NewColumns) == 0 {
		return nil
	}
	// New custom columns join the view at its end.
	v := m.view
	v.Columns = append([]string(nil), m.view.Columns...)
	for _, label := range rep.NewColumns {
		if c, ok := m.e.st.Column(label); ok && !slices.Contains(v.Columns, c.Key) {
			v.Columns = append(v.Columns, c.Key)
		}
	}
	m.g.total = -1
	status := m.status
	if err := m.setView(v, true); err != nil {
		m.setErr(err)
	} else {
		m.status = status
	}
	m.reload()
	return m.countCmd()
}
