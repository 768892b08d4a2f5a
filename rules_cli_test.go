package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
)

func TestRulesFileExportImportApply(t *testing.T) {
	l := newLedger(t)
	dir := filepath.Dir(l.path)
	file := filepath.Join(dir, "rules.toml")
	l.fails(1, []string{"no ledger"}, "rules", "export", file)

	l.ok("add", "甲")
	l.ok("add", "乙")
	l.ok("buy", "甲", "--amount", "3000", "--date", "2026-11-01")
	l.ok("buy", "乙", "--amount", "600", "--date", "2026-11-01")
	// Two buyers on the same day: 甲's spend is the higher (M 4 of the
	// quintiles, 60 points, B), 乙's the lower (M 2, 40 points, C). The export
	// grades them against each other, not against the cut points of the
	// empty ledger each purchase was first graded with.
	if csv := l.ok("export", "--columns", "name,grade", "--header", "keys"); csv != "name,grade\r\n甲,B\r\n乙,C\r\n" {
		t.Fatalf("grades before:\n%s", csv)
	}
	// The new rules grade on spend alone, against absolute thresholds: 甲
	// 3000 yuan scores 4 (75 points), 乙 600 scores 3 (50 points); with
	// the grade lines at 70 and 40, 甲 is A (labelled VIP) and 乙 B.
	l.ok("rules", "export", file)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	for old, new := range map[string]string{
		"[weights]\nr = 0.3\nf = 0.3\nm = 0.4": "[weights]\nr = 0.0\nf = 0.0\nm = 1.0",
		"[dimensions.m]\nmode = 'quintile'":    "[dimensions.m]\nmode = 'absolute'",
		"[grades.A]\nlabel = 'A'":              "[grades.A]\nlabel = 'VIP'",
		"[grade_lines]\na = 80.0\nb = 60.0":    "[grade_lines]\na = 70.0\nb = 40.0",
		"[grades.B]\nlabel = 'B'\ncolor = '#2e8b57'\ncadence_days = 30\nchannels = ['phone', 'wechat']": "[grades.B]\nlabel = 'B'\ncolor = '#2e8b57'\ncadence_days = 30\nchannels = ['email']",
	} {
		if !strings.Contains(text, old) {
			t.Fatalf("exported file lacks %q:\n%s", old, text)
		}
		text = strings.Replace(text, old, new, 1)
	}
	if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	before := l.snapshot()
	out := l.ok("rules", "import", file)
	if !strings.Contains(out, "These rules move 2 of 2 customers to another grade:\n  B→A  1  甲\n  C→B  1  乙\n") || !strings.Contains(out, "Nothing changed: run again with --apply") {
		t.Errorf("preview:\n%s", out)
	}
	if l.snapshot() != before {
		t.Error("import without --apply changed the ledger")
	}
	out = l.ok("rules", "import", file, "--apply", "--lang", "zh")
	if !strings.Contains(out, "规则已应用：2 位客户等级变化") {
		t.Errorf("apply:\n%s", out)
	}
	csv := l.ok("export", "--columns", "name,grade", "--header", "keys")
	if csv != "name,grade\r\n甲,A\r\n乙,B\r\n" {
		t.Errorf("grades after apply:\n%s", csv)
	}
	shown := l.ok("rules", "show")
	if !strings.Contains(shown, "label = 'VIP'") || !strings.Contains(shown, "channels = ['email']") {
		t.Errorf("rules show:\n%s", shown)
	}

	// A file with mistakes changes nothing and names each line.
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("window_days = 365\n\n[grades.A]\ndiscount = 150\nchanels = ['visit']\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	before = l.snapshot()
	l.fails(1, []string{"bad.toml has 1 problem(s); nothing was changed:", "line 5: grades.A.chanels: unknown key"}, "rules", "import", bad, "--apply")
	if err := os.WriteFile(bad, []byte("window_days = 365\n\n[grades.A]\ndiscount = 150\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	l.fails(1, []string{"第 4 行：grades.A.discount: 必须在 0 到 100 之间（现为 150）"}, "rules", "import", bad, "--apply", "--lang", "zh")
	if l.snapshot() != before {
		t.Error("a refused rules file changed the ledger")
	}
	l.fails(1, []string{"no rules file"}, "rules", "import", filepath.Join(dir, "none.toml"))
}

// A rules file with mistakes is told in Chinese, each problem with its
// line, when the language is given before the command.
func TestRulesImportInChineseWithLines(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "甲")
	bad := filepath.Join(filepath.Dir(l.path), "bad.toml")
	text := "window_days = 0\n\n[dimensions.r]\nmode = 'absolute'\nthresholds = [7, 30, 90, 180]\n\n[grades.B]\ncolor = 'green'\nchannels = ['fax']\n"
	if err := os.WriteFile(bad, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	before := l.snapshot()
	r := l.fails(1, []string{
		"bad.toml 有 4 处问题，未做任何更改：",
		"第 1 行：window_days: 必须在 1 到 3650 之间（现为 0）",
		"第 5 行：dimensions.r.thresholds: 阈值不能递增：距上次购买的天数，从 2 分到 5 分，如 [180, 90, 30, 7]",
		`第 8 行：grades.B.color: 必须是十六进制颜色，如 #d4a017（现为 "green"）`,
		`第 9 行：grades.B.channels: 未知渠道 "fax"：可用 phone, wechat, sms, email, visit, other`,
	}, "--lang", "zh", "rules", "import", bad)
	if strings.Contains(r.err, "must") || strings.Contains(r.err, "line ") {
		t.Errorf("English in the Chinese report:\n%s", r.err)
	}
	if l.snapshot() != before {
		t.Error("a refused rules file changed the ledger")
	}
}

// Rules stored in the ledger that fail their checks (a ledger written by
// hand or by a faulty tool) are refused with the problem in the reader's
// language, not in English only.
func TestStoredBadRulesToldInChinese(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "甲")
	st, err := store.Open(l.path)
	if err != nil {
		t.Fatal(err)
	}
	rules := tiering.DefaultRules()
	rules.Policies["A"] = tiering.Policy{Discount: 150}
	rules.Labels["B"] = "重\t要"
	if err := st.SetSetting(context.Background(), "tiering.rules", rules); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	l.fails(1, []string{"分级规则：labels.B 不能包含换行、制表符等控制字符\npolicies.A.discount 必须是 0 到 100 之间的百分数（现为 150）"}, "--lang", "zh", "rules", "show")
	l.fails(1, []string{"tiering rules: labels.B must not contain control characters such as newlines or tabs\npolicies.A.discount must be a percent between 0 and 100 (got 150)"}, "--lang", "en", "rules", "show")
}
