package tui

import (
	"os"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
)

// The README's key table is what go generate makes of the bindings today:
// a binding added, rebound or reworded without `go generate ./tui` fails here.
func TestREADMEKeyTableIsCurrent(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	got := string(readme)
	want, ok := SpliceKeyTable(got, KeyReference(i18n.EN))
	if !ok {
		t.Fatalf("README.md has no key table markers %q … %q", KeyTableStart, KeyTableEnd)
	}
	if got != want {
		t.Errorf("README.md's key table is stale: run go generate ./tui")
	}
}

// The reference lists every screen and, on each, every binding with its
// keys as help shows them.
func TestKeyReferenceListsEveryBinding(t *testing.T) {
	ref := KeyReference(i18n.EN)
	for _, want := range []string{
		"**The table**", "| `?` | help |", "| `q/ctrl+c` | quit |", "| `space/o` | open |",
		"**Customer detail (space or o)**", "| `w` | why this grade |", "| `Esc/q` | back |",
		"**Log a contact (c)**", "| `ctrl+s` | save |", "| `←` | choose |",
		"**Log a purchase (p)**", "| `→` | complete |",
		"**Agenda (A)**", "| `Esc/q/A` | back |", "| `r/ctrl+l` | reload |",
		"**Tier summary (t)**", "**Why this grade (w)**", "| `Esc/q/Enter/w` | back |",
		"**Tiering rules (R)**", "| `ctrl+p` | preview |", "**Help (?)**", "| `Esc/?/q` | cancel |",
	} {
		if !strings.Contains(ref, want) {
			t.Errorf("key reference lacks %q", want)
		}
	}
	zh := KeyReference(i18n.ZH)
	for _, want := range []string{"**表格**", "| `?` | 帮助 |", "**今日待办（A）**"} {
		if !strings.Contains(zh, want) {
			t.Errorf("Chinese key reference lacks %q", want)
		}
	}
}

func TestSpliceKeyTableKeepsTheRest(t *testing.T) {
	in := "intro\n" + KeyTableStart + "\nold table\n" + KeyTableEnd + "\noutro\n"
	out, ok := SpliceKeyTable(in, "new table\n")
	if !ok || out != "intro\n"+KeyTableStart+"\nnew table\n"+KeyTableEnd+"\noutro\n" {
		t.Errorf("spliced %q (%v)", out, ok)
	}
	if _, ok := SpliceKeyTable("no markers", "x"); ok {
		t.Error("spliced a README without markers")
	}
}
