package tui

//go:generate go run ../tools/keytable -readme ../README.md

import (
	"strings"

	"github.com/kehu-app/kehu/i18n"
)

// KeyTableStart and KeyTableEnd mark the key table in the README, which
// go generate rewrites from the bindings (KeyReference).
const (
	KeyTableStart = "<!-- keys:start: generated from the TUI's key bindings by `go generate ./tui`; do not edit -->"
	KeyTableEnd   = "<!-- keys:end -->"
)

// screenKeys is one screen of the key reference: its name and its bindings.
type screenKeys struct {
	name   string
	groups []keyGroup
}

// referenceScreens are the screens as the key reference lists them, built
// from the same constructors the TUI uses, so the reference cannot drift
// from the keys.
func referenceScreens(l i18n.Lang) []screenKeys {
	c := &common{lang: l, keys: newKeyMap(l)}
	e := env{common: c}
	out := []screenKeys{{l.T("keys.screen.table"), c.keys.groups(l)}}
	for _, s := range []struct {
		name string
		s    screen
	}{
		{"keys.screen.detail", newDetail(e, 0)},
		{"keys.screen.contact", newContactForm(e, 0)},
		{"keys.screen.purchase", newPurchaseForm(e, 0)},
		{"keys.screen.account", newAccountForm(e, 0)},
		{"keys.screen.statement", newStatement(e, 0)},
		{"keys.screen.agenda", newAgenda(e)},
		{"keys.screen.summary", newSummary(e)},
		{"keys.screen.explain", newExplain(e, 0)},
		{"keys.screen.rules", newRules(e)},
		{"keys.screen.duplicates", newDuplicates(e)},
		{"keys.screen.merge", newMergeConfirm(e, 0, 0)},
		{"keys.screen.help", newHelpScreen(e, &tableScreen{e: e})},
	} {
		out = append(out, screenKeys{l.T(s.name), s.s.helpGroups()})
	}
	return out
}

// KeyReference is the key table of every screen, as Markdown in lang: one
// table per screen, a row per binding under the title of its group.
func KeyReference(lang i18n.Lang) string {
	var b strings.Builder
	for i, s := range referenceScreens(lang) {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString("**" + s.name + "**\n\n| " + lang.T("keys.head.keys") + " | " + lang.T("keys.head.action") + " |\n|---|---|\n")
		for _, g := range s.groups {
			b.WriteString("| *" + g.title + "* | |\n")
			for _, kb := range g.bindings {
				h := kb.Help()
				b.WriteString("| `" + h.Key + "` | " + h.Desc + " |\n")
			}
		}
	}
	return b.String()
}

// SpliceKeyTable returns readme with the text between the key table's
// markers replaced by table; ok is false when the markers are missing.
func SpliceKeyTable(readme, table string) (string, bool) {
	i := strings.Index(readme, KeyTableStart)
	j := strings.Index(readme, KeyTableEnd)
	if i < 0 || j < i {
		return readme, false
	}
	return readme[:i+len(KeyTableStart)] + "\n" + table + readme[j:], true
}
