package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The first import, which creates the ledger, is written through a
// rollback journal rather than the write-ahead log. A kill -9 while that
// journal is hot leaves nothing of the import: the next kehu finds the
// ledger empty and sound (SQLite rolls the journal back as it opens it,
// and may leave the file behind with its header zeroed, which marks it
// spent), and the same sheet then imports in full, back on the log.
func TestKillFirstImportWhileJournalled(t *testing.T) {
	l := newLedger(t)
	const rows = 20000
	var b strings.Builder
	b.WriteString("客户名称,手机,消费金额,购买次数,最近购买日期\n")
	for i := range rows {
		fmt.Fprintf(&b, "导入%d,139%08d,%d.50,%d,2026-10-%02d\n", i, i, 100+i%900, 1+i%9, 1+i%28)
	}
	sheet := filepath.Join(t.TempDir(), "老表格.csv")
	writeFile(t, sheet, b.String())

	cmd, errb, done := startKehu(t, l.env, "import", sheet)
	journal := l.path + "-journal"
	hot := false
	deadline := time.Now().Add(30 * time.Second)
	for !hot && time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("the import ended (%v) before its rollback journal was seen: %s", err, errb.String())
		default:
		}
		// More than a page: the import's journal, not the header-only one
		// SQLite writes while it creates the file.
		if fi, err := os.Stat(journal); err == nil && fi.Size() > 4096 {
			hot = true
			break
		}
		time.Sleep(time.Millisecond)
	}
	if !hot {
		t.Fatal("no rollback journal beside the ledger within 30 s of the import's start")
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Fatal(err)
	}
	if err := <-done; err == nil {
		t.Fatal("the import finished before the kill reached it")
	}

	if n := sound(t, l.path); n != 0 {
		t.Fatalf("%d customers after a first import killed inside its transaction, want 0", n)
	}
	l.ok("import", sheet)
	if n := sound(t, l.path); n != rows {
		t.Fatalf("%d customers after importing the sheet again, want %d", n, rows)
	}
	// The file format's read and write versions (header bytes 18 and 19)
	// are 2 for a ledger on its write-ahead log, 1 on a rollback journal.
	head, err := os.ReadFile(l.path)
	if err != nil {
		t.Fatal(err)
	}
	if head[18] != 2 || head[19] != 2 {
		t.Errorf("the ledger is not back on its write-ahead log: format versions %d, %d", head[18], head[19])
	}
}
