package main

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// damageStoredRules overwrites the ledger's stored grading rules with text
// that is no longer JSON, as a hand edit or a faulty tool would leave it.
func damageStoredRules(t *testing.T, path string) {
	t.Helper()
	putSetting(t, path, "tiering.rules", `{"window_days": 36`)
}

// putSetting writes a setting of the ledger at path behind kehu's back.
func putSetting(t *testing.T, path, key, value string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`INSERT INTO settings(key, value) VALUES(?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
		t.Fatal(err)
	}
}

// Damaged stored rules stop every grading command with a message that says
// how to repair them, and importing a good rules file with --apply repairs
// the ledger: the rules are stored and everyone regraded as of today.
func TestDamagedStoredRulesRepairedByImport(t *testing.T) {
	l, dir := damagedRulesShop(t)
	// The next day: every grading command must first regrade.
	l.env = append(l.env, "KEHU_NOW=2026-11-23 10:00:00")

	enHint := "The grading rules stored in the ledger are damaged"
	zhHint := "账本中保存的分级规则已损坏"
	for _, args := range [][]string{
		{"tiers"},
		{"export", "--columns", "name,grade"},
		{"regrade"},
		{"rules", "show"},
		{"rules", "export", filepath.Join(dir, "out.toml")},
	} {
		r := l.fails(1, []string{enHint, "kehu rules import FILE --apply"}, append([]string{"--lang", "en"}, args...)...)
		if strings.Contains(r.err, "invalid character") || strings.Contains(r.err, "unexpected end") || strings.Contains(r.err, "JSON") {
			t.Errorf("kehu %v: raw decoder text reaches the user:\n%s", args, r.err)
		}
		l.fails(1, []string{zhHint, "kehu rules import FILE --apply"}, append([]string{"--lang", "zh"}, args...)...)
	}
	if _, err := os.Stat(filepath.Join(dir, "out.toml")); err == nil {
		t.Error("rules export wrote a file from damaged rules")
	}

	// Spend alone against absolute lines: 甲 3000 yuan scores 4 (75 points,
	// B), 乙 600 scores 3 (50 points, C), 丙 never bought (D).
	good := filepath.Join(dir, "good.toml")
	text := "[weights]\nr = 0.0\nf = 0.0\nm = 1.0\n\n[dimensions.m]\nmode = 'absolute'\nthresholds = [100, 500, 2000, 10000]\n"
	if err := os.WriteFile(good, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	// The preview works and says that applying replaces the damaged rules.
	r := l.run("", "--lang", "en", "rules", "import", good)
	if r.code != 0 || !strings.Contains(r.err, enHint) || !strings.Contains(r.out, "  C→B  1  甲\n") || !strings.Contains(r.out, "Nothing changed: run again with --apply") {
		t.Errorf("preview on damaged rules: exit %d\nstdout: %s\nstderr: %s", r.code, r.out, r.err)
	}
	r = l.run("", "--lang", "zh", "rules", "import", good)
	if r.code != 0 || !strings.Contains(r.err, "账本中保存的分级规则已损坏：--apply 会用此文件替换它们") {
		t.Errorf("Chinese preview on damaged rules: exit %d\nstdout: %s\nstderr: %s", r.code, r.out, r.err)
	}
	l.fails(1, []string{enHint}, "--lang", "en", "tiers")

	out := l.ok("--lang", "en", "rules", "import", good, "--apply")
	if !strings.Contains(out, "Rules applied") {
		t.Errorf("apply:\n%s", out)
	}
	if csv := l.ok("export", "--columns", "name,grade", "--header", "keys"); csv != "name,grade\r\n甲,B\r\n乙,C\r\n丙,D\r\n" {
		t.Errorf("grades after repair:\n%s", csv)
	}
	l.ok("tiers")
	if shown := l.ok("rules", "show"); !strings.Contains(shown, "[dimensions.m]\nmode = 'absolute'") {
		t.Errorf("rules show after repair:\n%s", shown)
	}
}

// Rules damaged on the day the ledger was last graded (no regrade due) are
// refused as well, and a file with no keys, as the message says, puts the
// default rules back.
func TestDamagedStoredRulesSameDayRepairedWithDefaults(t *testing.T) {
	l, dir := damagedRulesShop(t)
	l.fails(1, []string{"The grading rules stored in the ledger are damaged", "a FILE with no keys gives the default rules"}, "--lang", "en", "rules", "show")
	empty := filepath.Join(dir, "empty.toml")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	l.ok("--lang", "zh", "rules", "import", empty, "--apply")
	// A full grading under the defaults, as 'kehu regrade' gives on a
	// healthy ledger with these purchases: equal recency and frequency,
	// 甲's larger spend in the top spend quintile, 60 points (B); 乙 40
	// points (C); 丙 never bought (D).
	if csv := l.ok("export", "--columns", "name,grade,score", "--header", "keys"); csv != "name,grade,score\r\n甲,B,60.0\r\n乙,C,40.0\r\n丙,D,0.0\r\n" {
		t.Errorf("grades after repair:\n%s", csv)
	}
	if shown := l.ok("rules", "show"); !strings.Contains(shown, "window_days = 365") {
		t.Errorf("rules show after repair:\n%s", shown)
	}
}

// threeBuyersShop is a ledger of three customers: 甲 spent 3000, 乙 600,
// both on 2026-11-01, and 丙 nothing.
func threeBuyersShop(t *testing.T) *ledger {
	t.Helper()
	l := newLedger(t)
	l.ok("add", "甲")
	l.ok("add", "乙")
	l.ok("add", "丙")
	l.ok("buy", "甲", "--amount", "3000", "--date", "2026-11-01")
	l.ok("buy", "乙", "--amount", "600", "--date", "2026-11-01")
	return l
}

// damagedRulesShop is threeBuyersShop with its stored rules then damaged,
// and the ledger's folder.
func damagedRulesShop(t *testing.T) (*ledger, string) {
	t.Helper()
	l := threeBuyersShop(t)
	damageStoredRules(t, l.path)
	return l, filepath.Dir(l.path)
}

// Damaged stored cut points (the quintile lines of the last full regrade,
// which every full regrade writes afresh) stop nothing and show no decoder
// text: the next command that reads grades regrades everyone, which writes
// them again. A twin ledger, regraded on purpose where the other's cut
// points are damaged, ends with the same grades and scores.
func TestDamagedStoredCutsAreComputedAgain(t *testing.T) {
	damaged, twin := threeBuyersShop(t), threeBuyersShop(t)
	storedCuts := func(l *ledger) string {
		db, err := sql.Open("sqlite", "file:"+l.path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var cuts string
		if err := db.QueryRow("SELECT value FROM settings WHERE key = 'tiering.cuts'").Scan(&cuts); err != nil {
			t.Fatal(err)
		}
		return cuts
	}
	damage := func() { putSetting(t, damaged.path, "tiering.cuts", `{"R": [3, 7`) }
	for _, args := range [][]string{{"tiers"}, {"agenda"}, {"buy", "丙", "--amount", "0.5", "--date", "2026-11-22"}} {
		damage()
		r := damaged.run("", append([]string{"--lang", "en"}, args...)...)
		if r.code != 0 {
			t.Errorf("kehu %v after the cut points were damaged: exit %d\n%s", args, r.code, r.err)
		}
		if strings.Contains(r.err, "invalid character") || strings.Contains(r.err, "unexpected end") || strings.Contains(r.err, "JSON") || strings.Contains(r.err, "cuts") {
			t.Errorf("kehu %v: raw decoder text reaches the user:\n%s", args, r.err)
		}
		twin.ok("regrade")
		twin.ok(args...)
	}
	damage()
	got := damaged.ok("export", "--columns", "name,grade,score", "--header", "keys")
	twin.ok("regrade")
	if want := twin.ok("export", "--columns", "name,grade,score", "--header", "keys"); got != want {
		t.Errorf("grades after the damage:\n%s\nwant those of the twin regraded on purpose:\n%s", got, want)
	}
	if cuts := storedCuts(damaged); !json.Valid([]byte(cuts)) || cuts != storedCuts(twin) {
		t.Errorf("stored cut points after the regrade: %q, want them written again as the twin's %q", cuts, storedCuts(twin))
	}
}
