package tui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// Every screen opened from the table and closed with Esc leaves the table
// exactly where it was: same row, column, scroll and view.
func TestStackReturnsToTheSameTableCursor(t *testing.T) {
	st := newTestStore(t)
	ids := seed(t, st, englishShop())
	m := newTestModel(t, st, i18n.EN, 100, 12)
	press(t, m, "s") // sort by name
	press(t, m, "j", "j", "j", "j", "l", "l")
	row, col, top, sort := m.g.row, m.g.col, m.g.top, m.view.Sort
	id := currentID(t, m)
	if row != 4 || col != 2 || id != ids[4] {
		t.Fatalf("setup: row %d col %d id %d", row, col, id)
	}
	for _, k := range []string{" ", "o", "c", "p", "w", "A", "t", "R", "?"} {
		press(t, m, k)
		if m.stack.depth() != 2 {
			t.Fatalf("%q: %d screens open, want the table and one", k, m.stack.depth())
		}
		press(t, m, "esc")
		if m.stack.depth() != 1 {
			t.Fatalf("%q: Esc left %d screens open", k, m.stack.depth())
		}
		if m.g.row != row || m.g.col != col || m.g.top != top || currentID(t, m) != id || len(m.view.Sort) != 1 || m.view.Sort[0] != sort[0] {
			t.Errorf("%q: back at row %d col %d top %d id %d sort %v; want row %d col %d top %d id %d sort %v",
				k, m.g.row, m.g.col, m.g.top, currentID(t, m), m.view.Sort, row, col, top, id, sort)
		}
		if v := ansi.Strip(m.View()); !strings.Contains(v, "row 5/8") {
			t.Errorf("%q: the table is not on screen:\n%s", k, v)
		}
	}
}

// Esc closes exactly the screen on top, however deep the stack.
func TestEscPopsExactlyOneScreen(t *testing.T) {
	st := newTestStore(t)
	ids := seed(t, st, englishShop())
	logContactOn(t, st, "2026-03-01", ids[0], store.ContactInput{Channel: "phone", At: "2026-03-01 09:00", Next: "2026-03-15"})
	m := newTestModel(t, st, i18n.EN, 100, 30)
	isType := func(want string) func(screen) bool {
		return func(s screen) bool {
			switch s.(type) {
			case *detailScreen:
				return want == "detail"
			case *agendaScreen:
				return want == "agenda"
			case *contactForm:
				return want == "contact"
			case *purchaseForm:
				return want == "purchase"
			case *explainScreen:
				return want == "explain"
			case *helpScreen:
				return want == "help"
			case *tableScreen:
				return want == "table"
			}
			return false
		}
	}
	check := func(step string, depth int, top string) {
		t.Helper()
		if m.stack.depth() != depth || !isType(top)(m.top()) {
			t.Fatalf("%s: %d screens, top %T; want %d, %s on top", step, m.stack.depth(), m.top(), depth, top)
		}
	}
	press(t, m, " ")
	check("open", 2, "detail")
	for _, k := range []string{"c", "p", "w", "?"} {
		press(t, m, k)
		check("detail+"+k, 3, map[string]string{"c": "contact", "p": "purchase", "w": "explain", "?": "help"}[k])
		press(t, m, "esc")
		check("detail+"+k+" esc", 2, "detail")
	}
	// From the explanation, its help: four deep, then back one at a time.
	press(t, m, "w", "?")
	check("detail+w+?", 4, "help")
	press(t, m, "esc")
	check("help esc", 3, "explain")
	press(t, m, "esc")
	check("explain esc", 2, "detail")
	press(t, m, "esc")
	check("detail esc", 1, "table")

	press(t, m, "A")
	check("agenda", 2, "agenda")
	a := m.top().(*agendaScreen)
	if len(a.items) == 0 {
		t.Fatal("the test shop's agenda is empty")
	}
	for _, k := range []string{"enter", "c", "p", "?"} {
		press(t, m, k)
		check("agenda+"+k, 3, map[string]string{"enter": "detail", "c": "contact", "p": "purchase", "?": "help"}[k])
		press(t, m, "esc")
		check("agenda+"+k+" esc", 2, "agenda")
	}
	press(t, m, "esc")
	check("agenda esc", 1, "table")
}

// screensOf opens every screen over a test ledger, read and sized.
func screensOf(t *testing.T, lang i18n.Lang) (map[string]screen, env) {
	st, ids := scShop(t)
	e := scEnv(st, lang)
	tbl := newTestModel(t, st, lang, 100, 30)
	out := map[string]screen{
		"table":   tbl.tableScreen,
		"detail":  opened(t, newDetail(e, ids[0])),
		"contact": opened(t, newContactForm(e, ids[0])), "purchase": opened(t, newPurchaseForm(e, ids[0])),
		"agenda": opened(t, newAgenda(e)), "summary": opened(t, newSummary(e)), "rules": opened(t, newRules(e)),
		"explain": opened(t, newExplain(e, ids[0])),
	}
	out["help"] = newHelpScreen(e, out["table"])
	return out, e
}

// The footer of each screen and its `?` help are made from its bindings:
// each short binding's key and description is on the footer, every full
// binding is in the help, and no binding is shown without keys or text.
func TestHelpIsGeneratedFromTheBindings(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		screens, e := screensOf(t, lang)
		e.width, e.height = 200, 60
		for name, s := range screens {
			s.SetSize(200, 40)
			lines := strings.Split(ansi.Strip(s.View()), "\n")
			footer := lines[len(lines)-1]
			short := s.ShortHelp()
			if len(short) == 0 {
				t.Errorf("%s: no footer hint", name)
			}
			for _, h := range hintItems(short) {
				if !strings.Contains(footer, h.Key+" "+h.Desc) {
					t.Errorf("%s (%s): footer %q lacks %q", name, lang, footer, h.Key+" "+h.Desc)
				}
			}
			var full []key.Binding
			for _, g := range s.FullHelp() {
				full = append(full, g...)
			}
			for _, b := range short {
				if !containsBinding(full, b) {
					t.Errorf("%s: footer binding %q is not in the full help", name, b.Help().Key)
				}
			}
			hs := newHelpScreen(e, s)
			text := strings.Join(hs.lines(200, 60), "\n")
			for _, g := range s.helpGroups() {
				if !strings.Contains(text, g.title) {
					t.Errorf("%s: help lacks group %q", name, g.title)
				}
				for _, b := range g.bindings {
					h := b.Help()
					if len(b.Keys()) == 0 || h.Key == "" || h.Desc == "" {
						t.Errorf("%s: binding %v has no keys or no help", name, b.Keys())
					}
					if !strings.Contains(text, h.Key) || !strings.Contains(text, h.Desc) {
						t.Errorf("%s (%s): help lacks %q %q", name, lang, h.Key, h.Desc)
					}
					if missing := keysNotShown(b); len(missing) > 0 {
						t.Errorf("%s: binding shown as %q also takes %v", name, h.Key, missing)
					}
				}
			}
		}
	}
}

// keyNames is how help writes a key.
var keyNames = map[string]string{
	"up": "↑", "down": "↓", "left": "←", "right": "→", "pgup": "PgUp", "pgdown": "PgDn", " ": "space",
	"enter": "Enter", "esc": "Esc", "tab": "Tab", "shift+tab": "shift+Tab", "home": "Home", "end": "End",
}

// keysNotShown are the keys b takes that its help does not name.
func keysNotShown(b key.Binding) []string {
	shown := map[string]bool{}
	if b.Help().Key == "/" {
		shown["/"] = true
	}
	for _, k := range strings.Split(b.Help().Key, "/") {
		shown[k] = true
		// "1-9" shows a run of single keys.
		if len(k) == 3 && k[1] == '-' && k[0] < k[2] {
			for c := k[0]; c <= k[2]; c++ {
				shown[string(c)] = true
			}
		}
	}
	var missing []string
	for _, k := range b.Keys() {
		name := k
		if n, ok := keyNames[k]; ok {
			name = n
		}
		if !shown[name] {
			missing = append(missing, k)
		}
	}
	return missing
}

func containsBinding(bs []key.Binding, b key.Binding) bool {
	for _, x := range bs {
		if x.Help() == b.Help() && strings.Join(x.Keys(), " ") == strings.Join(b.Keys(), " ") {
			return true
		}
	}
	return false
}

// Screens match keys through their bindings, never by comparing a key's
// text: a key rebound in a binding is then rebound everywhere it is shown.
func TestNoScreenMatchesLiteralKeys(t *testing.T) {
	literal := regexp.MustCompile(`\.String\(\)\s*(==|!=)|switch\s+\w+\.String\(\)|case\s+"(esc|enter|tab|shift\+tab|up|down|pgup|pgdown|ctrl\+[a-z])"`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if literal.MatchString(line) {
				t.Errorf("%s:%d matches a key by its text: %s", f, i+1, strings.TrimSpace(line))
			}
		}
	}
}

// Keys typed while a screen reads what it shows are held and reach it once
// it has read; Esc instead goes back at once.
func TestKeysTypedWhileAScreenLoadsReachIt(t *testing.T) {
	st, ids := scShop(t)
	m := newTestModel(t, st, i18n.EN, 100, 30)
	load := pushed(t, m, "c")
	for _, r := range "quick call" {
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	if _, ok := m.top().(*contactForm); !ok || !strings.Contains(m.View(), "loading") {
		t.Fatalf("the form is not loading on top:\n%s", m.View())
	}
	drain(t, m, load)
	send(t, m, tea.KeyMsg{Type: tea.KeyCtrlS})
	if m.stack.depth() != 1 {
		t.Fatalf("form still open:\n%s", ansi.Strip(m.View()))
	}
	if cs := mustContacts(t, st, ids[0], 5); len(cs) != 1 || cs[0].Summary != "quick call" {
		t.Errorf("contacts %+v, want the summary typed while the form loaded", cs)
	}
}
