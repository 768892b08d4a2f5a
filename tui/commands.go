package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// cmdForm is one form of a `:` command: the words that start it (what Tab
// completes) and the catalogue key of its usage and description.
type cmdForm struct {
	words string // "col add"
	id    string // "col.add": i18n keys cmd.u.<id> (usage) and cmd.d.<id>
}

// commands are the `:` commands in the order `:` and `?` list them.
var commands = []cmdForm{
	{"view save", "view.save"}, {"view", "view.load"}, {"view list", "view.list"}, {"view delete", "view.delete"},
	{"col add", "col.add"}, {"col rename", "col.rename"}, {"col hide", "col.hide"}, {"col show", "col.show"},
	{"col move", "col.move"}, {"col width", "col.width"},
	{"lang", "lang"}, {"import", "import"}, {"regrade", "regrade"}, {"help", "help"}, {"quit", "quit"},
}

// commandUsage is a command's usage in l, "col add 列名 类型 [选项]".
func commandUsage(id string, l i18n.Lang) string { return l.T("cmd.u." + id) }

// commandBindings are the commands as help entries, so `?` and the README
// list them beside the keys.
func commandBindings(l i18n.Lang) []key.Binding {
	out := make([]key.Binding, len(commands))
	for i, c := range commands {
		u := ":" + commandUsage(c.id, l)
		out[i] = key.NewBinding(key.WithKeys(u), key.WithHelp(u, l.T("cmd.d."+c.id)))
	}
	return out
}

// typeWords are the column types `:col add` takes, in l.
func typeWords(l i18n.Lang) []string {
	types := []store.Type{store.Text, store.Number, store.Money, store.Date, store.Choice, store.YesNo}
	out := make([]string, len(types))
	for i, t := range types {
		out[i] = l.T("coltype." + string(t))
	}
	return out
}

// completions are what may follow the command line typed so far: command
// forms whose words start with it, or, after `col add NAME `, the types.
func completions(line string, l i18n.Lang) []string {
	low := strings.ToLower(strings.TrimLeft(line, " "))
	if f := strings.Fields(low); len(f) >= 3 && f[0] == "col" && f[1] == "add" && strings.HasSuffix(low, " ") || len(f) >= 4 && f[0] == "col" && f[1] == "add" {
		last := ""
		if !strings.HasSuffix(low, " ") {
			last = f[len(f)-1]
		}
		head := strings.TrimSuffix(line, last)
		var out []string
		for _, w := range typeWords(l) {
			if strings.HasPrefix(strings.ToLower(w), last) {
				out = append(out, head+w)
			}
		}
		return out
	}
	var out []string
	for _, c := range commands {
		if strings.HasPrefix(c.words, low) && c.words != low {
			out = append(out, c.words)
		}
	}
	return out
}

// complete is line completed as far as the candidates agree, with a space
// after a whole command that takes more.
func complete(line string, l i18n.Lang) string {
	cs := completions(line, l)
	if len(cs) == 0 {
		return line
	}
	p := cs[0]
	for _, c := range cs[1:] {
		for !strings.HasPrefix(c, p) {
			p = p[:len(p)-1]
		}
	}
	if len(cs) == 1 {
		p += " "
	}
	if len(p) < len(line) {
		return line
	}
	return p
}

// commandHelpLine is the line under the `:` prompt: the commands that fit
// what is typed, with their usage, as many as the width holds.
func (m *tableScreen) commandHelpLine() string {
	l := m.e.lang
	typed := strings.ToLower(strings.TrimSpace(m.prompt.Value()))
	var parts []string
	for _, c := range commands {
		if typed == "" || strings.HasPrefix(c.words, strings.Fields(typed)[0]) || strings.HasPrefix(typed, c.words) {
			parts = append(parts, commandUsage(c.id, l))
		}
	}
	if f := strings.Fields(typed); len(f) >= 2 && f[0] == "col" && f[1] == "add" {
		parts = []string{commandUsage("col.add", l), l.T("tui.cmd.types", strings.Join(typeWords(l), " "))}
	}
	text := l.T("tui.cmd.tab") + "  " + strings.Join(parts, " · ")
	return fitStyled(" "+m.e.sty.dim.Render(fit(text, m.e.width-1, false)), m.e.width)
}
