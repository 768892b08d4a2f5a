package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestExportNamesAbsolutePath: `kehu export --out NAME` run in a folder says
// the file's absolute path, so the owner knows which folder it went to.
func TestExportNamesAbsolutePath(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13800138000")
	dir := t.TempDir()
	for _, tc := range []struct{ lang, name, want string }{
		{"en", "list.csv", "exported 1 customers to " + filepath.Join(dir, "list.csv") + "\n"},
		{"zh", "客户.xlsx", "已导出 1 位客户到 " + filepath.Join(dir, "客户.xlsx") + "\n"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		cmd := exec.CommandContext(ctx, kehuBin, "--lang", tc.lang, "export", "--out", tc.name)
		cmd.Dir = dir
		cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, l.env...)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		cancel()
		if err != nil {
			t.Fatalf("export %s: %v\n%s", tc.name, err, errb.String())
		}
		if out.String() != tc.want {
			t.Errorf("message %q, want %q", out.String(), tc.want)
		}
		if _, err := os.Stat(filepath.Join(dir, tc.name)); err != nil {
			t.Errorf("%s not written in the working folder: %v", tc.name, err)
		}
	}
}

// TestStatementNamesAbsolutePath: `kehu statement -o NAME` says the file's
// absolute path too, as export does.
func TestStatementNamesAbsolutePath(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13800138000")
	l.ok("topup", "王芳", "100")
	dir := t.TempDir()
	for _, tc := range []struct{ lang, name, want string }{
		{"en", "wang.csv", "wrote 1 entries to " + filepath.Join(dir, "wang.csv") + "\n"},
		{"zh", "王芳-对账单.xlsx", "已写出 1 笔到 " + filepath.Join(dir, "王芳-对账单.xlsx") + "\n"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		cmd := exec.CommandContext(ctx, kehuBin, "--lang", tc.lang, "statement", "王芳", "-o", tc.name)
		cmd.Dir = dir
		cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, l.env...)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		cancel()
		if err != nil {
			t.Fatalf("statement -o %s: %v\n%s", tc.name, err, errb.String())
		}
		if out.String() != tc.want {
			t.Errorf("message %q, want %q", out.String(), tc.want)
		}
		if _, err := os.Stat(filepath.Join(dir, tc.name)); err != nil {
			t.Errorf("%s not written in the working folder: %v", tc.name, err)
		}
	}
}
