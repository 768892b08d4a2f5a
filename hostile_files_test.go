package main

import (
	"archive/zip"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// minimal workbook parts: one sheet of inline strings, no styles
var bookParts = map[string]string{
	"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
	"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
	"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
	"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
}

// writeBook writes a workbook whose sheet XML is head, then fill's
// output, then the end of the sheet; extra adds parts.
func writeBook(t *testing.T, path, head string, fill func(w func(string)), extra map[string]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	put := func(name string, body func(w func(string))) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		body(func(s string) {
			if _, err := w.Write([]byte(s)); err != nil {
				t.Fatal(err)
			}
		})
	}
	for name, body := range bookParts {
		put(name, func(w func(string)) { w(body) })
	}
	for name, body := range extra {
		put(name, func(w func(string)) { w(body) })
	}
	put("xl/worksheets/sheet1.xml", func(w func(string)) {
		w(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + head)
		if fill != nil {
			fill(w)
		}
		w(`</sheetData></worksheet>`)
	})
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

func cellRow(cells ...string) string {
	var b strings.Builder
	b.WriteString("<row>")
	for _, c := range cells {
		b.WriteString(`<c t="inlineStr"><is><t>` + c + `</t></is></c>`)
	}
	b.WriteString("</row>")
	return b.String()
}

// TestHostileFilesBounded imports hostile files with the real binary: each
// is imported or refused with a message (never a raw runtime error), the
// process stays under 500 MB, and nothing is left in TMPDIR.
func TestHostileFilesBounded(t *testing.T) {
	dir := t.TempDir()
	bomb := filepath.Join(dir, "bomb.xlsx")
	junk := strings.Repeat(cellRow(strings.Repeat("A", 60)), 1000)
	writeBook(t, bomb, cellRow("姓名"), func(w func(string)) {
		for n := 0; n < 120<<20; n += len(junk) {
			w(junk)
		}
	}, nil)
	giant := filepath.Join(dir, "giant.xlsx")
	writeBook(t, giant, cellRow("姓名", "备注"), func(w func(string)) {
		row := cellRow("某某", "x")
		for n := 0; n < 20<<20; n += len(row) {
			w(row)
		}
		w(cellRow("巨", strings.Repeat("长", 3<<20)))
	}, nil)
	// shared strings that compress just under the bomb limit: part of the
	// sheet references them, excelize indexes them all
	sst := filepath.Join(dir, "sst.xlsx")
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	for i := 0; i < 1_200_000; i++ {
		sb.WriteString("<si><t>")
		sb.WriteString(itoa36(i))
		sb.WriteString("</t></si>")
	}
	sb.WriteString("</sst>")
	writeBook(t, sst, cellRow("姓名"), func(w func(string)) {
		for i := 0; i < 1000; i++ {
			w(`<row><c t="s"><v>` + strconv.Itoa(i) + `</v></c></row>`)
		}
	}, map[string]string{"xl/sharedStrings.xml": sb.String()})
	wide := filepath.Join(dir, "wide.xlsx")
	writeBook(t, wide, "", func(w func(string)) {
		w("<row>")
		for i := 0; i < 100_000; i++ {
			w(`<c t="inlineStr"><is><t>c</t></is></c>`)
		}
		w("</row>")
	}, nil)
	nostyles := filepath.Join(dir, "nostyles.xlsx")
	writeBook(t, nostyles, cellRow("姓名", "电话")+cellRow("王芳", "13800138000"), nil, nil)
	nul := filepath.Join(dir, "nul.csv")
	writeFile(t, nul, "姓名,备注\n王芳,好\n李\x00雷,x\n")
	invalid := filepath.Join(dir, "invalid.csv")
	writeFile(t, invalid, "姓名\n王芳\n\xff\xfe\xfd\n")

	for _, tc := range []struct {
		path string
		code int
		msg  string
	}{
		{bomb, 1, "zip bomb"},
		{giant, 1, "more than 1 MB of text"},
		{sst, 0, ""},
		{wide, 1, "100000 columns"},
		{nostyles, 0, ""},
		{nul, 3, `contains the control character \x00`},
		{invalid, 1, "neither UTF-8 nor GBK"},
	} {
		if fi, err := os.Stat(tc.path); err != nil || fi.Size() > 10<<20 {
			t.Fatalf("%s: %v bytes, want a file of at most 10 MB", tc.path, fi.Size())
		}
		l := newLedger(t)
		tmp := t.TempDir()
		l.env = append(l.env, "TMPDIR="+tmp)
		r := l.run("", "import", tc.path)
		name := filepath.Base(tc.path)
		if r.code != tc.code {
			t.Errorf("%s: exit %d, want %d\n%s%s", name, r.code, tc.code, r.out, r.err)
		}
		if !strings.Contains(r.err+r.out, tc.msg) || strings.Contains(r.err, "runtime error") || strings.Contains(r.err, "nil pointer") {
			t.Errorf("%s: output does not say %q:\n%s%s", name, tc.msg, r.out, r.err)
		}
		if r.maxRSS > 500<<20 {
			t.Errorf("%s: the import used %d MB of memory", name, r.maxRSS>>20)
		}
		if left, _ := os.ReadDir(tmp); len(left) > 0 {
			t.Errorf("%s: left in TMPDIR: %v", name, left)
		}
		t.Logf("%s: %d KB file, exit %d, %d MB peak", name, fileKB(tc.path), r.code, r.maxRSS>>20)
	}
}

func itoa36(i int) string {
	const digits = "0123456789abcdefghijklmnopqrstuvwxyz"
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 36 {
		b = append([]byte{digits[i%36]}, b...)
	}
	return string(b)
}

func fileKB(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return -1
	}
	return fi.Size() >> 10
}

// maxRSS is a finished child's peak resident memory in bytes.
func maxRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss << 10 // KB on Linux
	}
	return 0
}

// TestInterruptedExportLeavesNothing sends SIGINT and SIGTERM to exports
// under way: the old file stays as it was, and neither a temporary file
// beside it nor excelize's in TMPDIR is left.
func TestInterruptedExportLeavesNothing(t *testing.T) {
	l := newLedger(t)
	l.ok("demo", "--customers", "20000", "--seed", "5")
	dir := t.TempDir()
	tmp := t.TempDir()
	for _, tc := range []struct {
		sig  syscall.Signal
		file string
	}{{syscall.SIGINT, "a.xlsx"}, {syscall.SIGTERM, "b.xlsx"}, {syscall.SIGINT, "c.csv"}} {
		out := filepath.Join(dir, tc.file)
		writeFile(t, out, "old")
		cmd := exec.Command(kehuBin, "export", "--out", out)
		cmd.Env = append(append([]string{"PATH=" + os.Getenv("PATH")}, l.env...), "TMPDIR="+tmp)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// wait until the export has started writing
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			if m, _ := filepath.Glob(filepath.Join(dir, "."+tc.file+".*.tmp")); len(m) > 0 {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		if err := cmd.Process.Signal(tc.sig); err != nil {
			t.Fatal(err)
		}
		err := cmd.Wait()
		if err == nil {
			t.Logf("%s: the export finished before the signal", tc.file)
		}
		if data, _ := os.ReadFile(out); err != nil && string(data) != "old" {
			t.Errorf("%s: an interrupted export changed the file", tc.file)
		}
		if m, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(m) > 0 {
			t.Errorf("%s: left %v", tc.file, m)
		}
		if left, _ := os.ReadDir(tmp); len(left) > 0 {
			t.Errorf("%s: left in TMPDIR: %v", tc.file, left)
		}
	}
}
