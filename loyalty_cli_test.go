package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Loyalty switched on in the rules file grades from referrals, and a
// grade's label works in filters: 王芳 first bought 800 days ago (2 points
// of tenure) and again 10 days ago (1 month of the last 12: none), so her
// loyalty is 3 (50 points, C); one referral makes it 4 (75 points, B).
func TestLoyaltyFromTheRulesFileAndLabelsInFilters(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳")
	l.ok("buy", "王芳", "--amount", "100", "--date", "2024-09-13")
	l.ok("buy", "王芳", "--amount", "100", "--date", "2026-11-12")
	file := filepath.Join(filepath.Dir(l.path), "rules.toml")
	rules := "[weights]\nr = 0\nf = 0\nm = 0\nloyalty = 1\n\n[grades.B]\nlabel = \"重要客户\"\n"
	if err := os.WriteFile(file, []byte(rules), 0o600); err != nil {
		t.Fatal(err)
	}
	l.ok("rules", "import", file, "--apply")
	if csv := l.ok("export", "--columns", "name,grade,score", "--header", "keys"); csv != "name,grade,score\r\n王芳,C,50.0\r\n" {
		t.Errorf("before the referral: %q", csv)
	}
	l.ok("add", "李雷", "--set", "referred_by=王芳")
	if csv := l.ok("export", "--where", "grade=重要客户", "--columns", "name,grade,score", "--header", "keys"); csv != "name,grade,score\r\n王芳,B,75.0\r\n" {
		t.Errorf("grade=重要客户 after the referral: %q", csv)
	}
	out := l.ok("tiers", "--explain", "王芳", "--lang", "zh")
	if !strings.Contains(out, "忠诚度：4/5 分 = 1 + 2（首次购买至今 800 天）+ 0（近 12 个月中 1 个月有购买）+ 1（推荐了 1 位）− 0（0 条未处理投诉），权重 1") {
		t.Errorf("explain:\n%s", out)
	}
}
