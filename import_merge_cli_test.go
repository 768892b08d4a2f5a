package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// kehu import --merge-duplicates merges rows with an existing customer's
// WeChat id or email (case aside) into that customer; a row that only looks
// like one by its name is added, and the dry run still lists it.
func TestImportMergeDuplicates(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13912345678")
	l.ok("add", "李雷", "--set", "wechat=lilei88")
	l.ok("add", "张伟", "--email", "zw@example.com")
	l.ok("add", "陈静", "--company", "静心茶社")
	sheet := filepath.Join(t.TempDir(), "shop2.csv")
	csv := "姓名,手机,微信,邮箱,公司\n" +
		"王 芳,+86 139-1234-5678,,,西湖茶叶\n" + // same phone: the usual match updates #1
		"Li Lei,,LiLei88,,\n" + // #2's WeChat: merged
		"张伟伟,,,ZW@Example.com,\n" + // #3's email: merged
		"陈 静,,,,静心茶社\n" + // only the name form: added, never merged unseen
		"赵六,13700000000,,,\n" // nobody: added
	if err := os.WriteFile(sheet, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}

	dry := l.ok("import", sheet, "--merge-duplicates", "--dry-run")
	for _, want := range []string{"5 rows: 2 added, 1 updated, 0 unchanged, 0 rejected, 2 merged into customers", "陈 静 ~ #4 陈静"} {
		if !strings.Contains(dry, want) {
			t.Errorf("dry run does not say %q:\n%s", want, dry)
		}
	}
	if n := l.countAll(); n != 4 {
		t.Fatalf("the dry run wrote: %d customers", n)
	}

	zh := l.ok("--lang", "zh", "import", sheet, "--merge-duplicates", "--dry-run")
	if !strings.Contains(zh, "共 5 行：新增 2，更新 1，未变 0，拒绝 0，并入电话、微信或邮箱相同的已有客户 2") {
		t.Errorf("Chinese summary:\n%s", zh)
	}

	out := l.ok("import", sheet, "--merge-duplicates")
	if !strings.Contains(out, "5 rows: 2 added, 1 updated, 0 unchanged, 0 rejected, 2 merged into customers") {
		t.Errorf("import says:\n%s", out)
	}
	// Importing the same sheet again adds and merges nobody: every row is
	// now a customer by the usual match.
	if again := l.ok("import", sheet, "--merge-duplicates"); !strings.Contains(again, "5 rows: 0 added, 0 updated, 5 unchanged, 0 rejected") {
		t.Errorf("the second import says:\n%s", again)
	}
	if n := l.countAll(); n != 6 {
		t.Fatalf("after the import %d customers, want 4 + 2 added", n)
	}
	if got := l.field(2, "wechat"); !strings.EqualFold(got, "lilei88") {
		t.Errorf("#2's WeChat is %q", got)
	}
	if got := l.field(2, "name"); got != "Li Lei" {
		t.Errorf("#2's name is %q, want the sheet's Li Lei (the newer non-empty value)", got)
	}
	if got := l.field(3, "name"); got != "张伟伟" {
		t.Errorf("#3's name is %q, want the sheet's 张伟伟", got)
	}

	// Without the flag the same sheet on a fresh ledger adds the rows.
	l2 := newLedger(t)
	l2.ok("add", "李雷", "--set", "wechat=lilei88")
	out = l2.ok("import", sheet)
	if !strings.Contains(out, "5 rows: 5 added, 0 updated, 0 unchanged, 0 rejected") || strings.Contains(out, "merged") {
		t.Errorf("import without --merge-duplicates says:\n%s", out)
	}

}
