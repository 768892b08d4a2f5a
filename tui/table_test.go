package tui

import (
	"os"
	"regexp"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
)

func TestTextWidthMatchesAnsi(t *testing.T) {
	ranges := [][2]rune{{0x20, 0x7e}, {0xa0, 0x2ff}, {0x2000, 0x206f}, {0x3000, 0x30ff}, {0x3400, 0x3500}, {0x4e00, 0x9fff}, {0xff00, 0xffef}}
	for _, rg := range ranges {
		for r := rg[0]; r <= rg[1]; r++ {
			s := string(r)
			if got, want := textWidth(s), ansi.StringWidth(s); got != want {
				t.Errorf("U+%04X %q: width %d, ansi says %d", r, s, got, want)
			}
		}
	}
	for _, s := range []string{"王芳 B→A", "喜欢明前龙井，每月初补货", "Zoë “quoted” — ok…", "👍🏽 家", "e\u0301", "ＡＢＣ１２３", "、。「」"} {
		if got, want := textWidth(s), ansi.StringWidth(s); got != want {
			t.Errorf("%q: width %d, ansi says %d", s, got, want)
		}
	}
}

func TestFit(t *testing.T) {
	for _, tc := range []struct {
		s     string
		w     int
		right bool
		want  string
	}{
		{"abc", 5, false, "abc  "},
		{"abc", 5, true, "  abc"},
		{"abcdef", 4, false, "abc…"},
		{"王芳芳", 5, false, "王芳…"},
		{"王芳芳", 4, false, "王… "},
		{"王", 1, false, "…"},
		{"x", 0, false, ""},
	} {
		got := fit(tc.s, tc.w, tc.right)
		if got != tc.want {
			t.Errorf("fit(%q, %d) = %q, want %q", tc.s, tc.w, got, tc.want)
		}
		if tc.w > 0 && ansi.StringWidth(got) != tc.w {
			t.Errorf("fit(%q, %d) is %d wide", tc.s, tc.w, ansi.StringWidth(got))
		}
	}
	if got := cellText(store.Column{Key: "notes", Type: store.Text}, "a\nb\tc\x1b[31m", i18n.EN, tiering.DefaultRules()); got != `a b c\x1b[31m` {
		t.Errorf("cell text with control characters = %q, want them visible", got)
	}
	if thousands(1234567) != "1,234,567" || thousands(12) != "12" || thousands(-1234) != "-1,234" {
		t.Error("thousands")
	}
}

// Every "tui.*" string key used in this package's own files exists in the
// catalogue (which checks that both languages are there).
func TestStringsExist(t *testing.T) {
	re := regexp.MustCompile(`"(tui\.[a-z]+\.[a-z]+)"`)
	for _, f := range []string{"model.go", "table.go", "editor.go", "keys.go", "help.go", "styles.go", "command.go", "status.go"} {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			if !i18n.Has(m[1]) {
				t.Errorf("%s: string %s is not in i18n/strings_tui.go", f, m[1])
			}
		}
	}
}
