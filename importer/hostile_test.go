package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// workbookParts are the parts of a minimal workbook with one sheet, no
// styles and no shared strings: cells are inline strings or numbers.
func workbookParts(sheetData string) map[string]string {
	return map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + sheetData + `</sheetData></worksheet>`,
	}
}

// writeZip writes parts as a zip at path; big, when set, streams one more
// part of n bytes made by fill.
func writeZip(t *testing.T, path string, parts map[string]string, bigName string, fill func(w func(string))) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	for name, body := range parts {
		if name == bigName {
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if bigName != "" {
		w, err := zw.Create(bigName)
		if err != nil {
			t.Fatal(err)
		}
		body := parts[bigName]
		head, tail, _ := strings.Cut(body, "</sheetData>")
		write := func(s string) {
			if _, err := w.Write([]byte(s)); err != nil {
				t.Fatal(err)
			}
		}
		write(head)
		fill(write)
		write("</sheetData>" + tail)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

func inlineRow(r int, cells ...string) string {
	var b strings.Builder
	b.WriteString(`<row r="` + itoa(r) + `">`)
	for i, c := range cells {
		b.WriteString(`<c r="` + colLetters(i) + itoa(r) + `" t="inlineStr"><is><t>` + c + `</t></is></c>`)
	}
	b.WriteString(`</row>`)
	return b.String()
}

// importIn imports path into a fresh ledger with TMPDIR pointing at an
// empty folder, and checks that no temporary file is left there.
func importIn(t *testing.T, path string) (*store.Store, Report, error) {
	t.Helper()
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	st := newStore(t)
	rep, err := ImportFile(t.Context(), st, path, Options{Lang: i18n.EN})
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	for _, pattern := range []string{".*.tmp"} {
		if m, _ := filepath.Glob(filepath.Join(filepath.Dir(path), pattern)); len(m) > 0 {
			t.Errorf("temporary files left beside the sheet: %v", m)
		}
	}
	return st, rep, err
}

func mustRefuse(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("imported, want refused with %q", parts)
	}
	for _, l := range []i18n.Lang{i18n.EN, i18n.ZH} {
		msg := i18n.Message(err, l)
		if strings.Contains(msg, "nil pointer") || strings.Contains(msg, "runtime error") {
			t.Errorf("raw error: %s", msg)
		}
		if l == i18n.EN {
			for _, p := range parts {
				if !strings.Contains(msg, p) {
					t.Errorf("message %q does not say %q", msg, p)
				}
			}
		}
	}
}

func countCustomers(t *testing.T, st *store.Store) int {
	t.Helper()
	n, err := st.CountAll(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestXLSXWithoutStylesImports(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nostyles.xlsx")
	writeZip(t, path, workbookParts(inlineRow(1, "姓名", "电话")+inlineRow(2, "王芳", "13800138000")+
		`<row r="3"><c r="A3" t="inlineStr"><is><t>李雷</t></is></c><c r="B3"><v>13900139000</v></c></row>`), "", nil)
	st, rep, err := importIn(t, path)
	if err != nil {
		t.Fatal(i18n.Message(err, i18n.EN))
	}
	if rep.Added != 2 {
		t.Fatalf("added %d, want 2", rep.Added)
	}
	if got := customer(t, st, "李雷")["phone"]; got != "13900139000" {
		t.Errorf("李雷's phone = %q", got)
	}
}

func TestXLSXZipBombRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bomb.xlsx")
	row := `<row><c t="inlineStr"><is><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></is></c></row>`
	chunk := strings.Repeat(row, 1000)
	writeZip(t, path, workbookParts(inlineRow(1, "姓名")), "xl/worksheets/sheet1.xml", func(w func(string)) {
		for written := 0; written < 80<<20; written += len(chunk) {
			w(chunk)
		}
	})
	if fi, _ := os.Stat(path); fi.Size() > 1<<20 {
		t.Fatalf("the bomb is %d bytes: not a bomb", fi.Size())
	}
	st, _, err := importIn(t, path)
	mustRefuse(t, err, "zip bomb", "100 times")
	if n := countCustomers(t, st); n != 0 {
		t.Errorf("%d customers stored from a refused workbook", n)
	}
}

func TestXLSXGiantCellRefused(t *testing.T) {
	// A sheet large enough that excelize unpacks it to disk, holding one
	// cell of 2 MB: refused before a row is read.
	path := filepath.Join(t.TempDir(), "giant.xlsx")
	filler := inlineRow(2, "某某", "13800138000")
	writeZip(t, path, workbookParts(inlineRow(1, "姓名", "电话")), "xl/worksheets/sheet1.xml", func(w func(string)) {
		for written := 0; written < 17<<20; written += len(filler) {
			w(filler)
		}
		w(inlineRow(3, strings.Repeat("长", 700_000), "13900139000"))
	})
	st, _, err := importIn(t, path)
	mustRefuse(t, err, "more than 1 MB of text")
	if n := countCustomers(t, st); n != 0 {
		t.Errorf("%d customers stored from a refused workbook", n)
	}
}

func TestXLSXOneMegabyteCellRejectsItsRow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cell.xlsx")
	writeZip(t, path, workbookParts(inlineRow(1, "姓名", "备注")+inlineRow(2, "王芳", "好")+inlineRow(3, "李雷", strings.Repeat("x", 1<<20))), "", nil)
	st, rep, err := importIn(t, path)
	if err != nil {
		t.Fatal(i18n.Message(err, i18n.EN))
	}
	if rep.Added != 1 || rep.Rejected != 1 || len(rep.Rejects) != 1 || rep.Rejects[0].Line != 3 ||
		!strings.Contains(rep.Rejects[0].Reason, "a cell of 1048576 characters, more than the 32767") {
		t.Errorf("report %+v", rep.Rejects)
	}
	if countCustomers(t, st) != 1 {
		t.Error("the row with the long cell was stored")
	}
}

func TestXLSXHundredThousandColumnsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "wide.xlsx")
	var b strings.Builder
	b.WriteString(`<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c>`)
	for i := 1; i < 100_000; i++ {
		b.WriteString(`<c t="inlineStr"><is><t>c</t></is></c>`)
	}
	b.WriteString(`</row>`)
	writeZip(t, path, workbookParts(b.String()+inlineRow(2, "王芳")), "", nil)
	st, _, err := importIn(t, path)
	mustRefuse(t, err, "row 1 has 100000 columns, more than the 16384")
	if n := countCustomers(t, st); n != 0 {
		t.Errorf("%d customers stored", n)
	}
}

func TestXLSXManyEmptySharedStringsRefused(t *testing.T) {
	dir := t.TempDir()
	var b bytes.Buffer
	b.WriteString(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	for i := 0; i < 3000; i++ {
		b.WriteString(`<si><t/></si><x:si/>`)
	}
	b.WriteString(`</sst>`)
	if err := os.WriteFile(filepath.Join(dir, "excelize-1"), b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	// a file of -4 MB "holds" 1M - 1M strings: the bound is the base alone
	if err := checkUnpacked(dir, 0); err != nil {
		t.Fatalf("6000 strings refused: %v", err)
	}
	if err := checkUnpacked(dir, -4*(sharedStringsBase-5999)); err == nil {
		t.Fatal("6000 strings accepted where 5999 fit")
	}
}

func TestCSVControlCharactersRejectRows(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "客户.csv")
	data := "姓名,公司,备注\n王芳,茶行,好\n李雷,\x1b]0;pwned\x07,x\n张\x00三,a,b\n赵四,b,\"多\n行\"\n"
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	st, rep, err := importIn(t, path)
	if err != nil {
		t.Fatal(i18n.Message(err, i18n.EN))
	}
	if rep.Added != 2 || rep.Rejected != 2 {
		t.Fatalf("added %d rejected %d, want 2 and 2: %+v", rep.Added, rep.Rejected, rep.Rejects)
	}
	want := []string{`公司: Company "\x1b]0;pwned\a": contains the control character \x1b`, `姓名: name "张\x00三": contains the control character \x00`}
	for i, r := range rep.Rejects {
		if !strings.Contains(r.Reason, want[i]) {
			t.Errorf("reject %d: %q, want %q", i, r.Reason, want[i])
		}
		if strings.ContainsAny(r.Reason, "\x1b\x07\x00") {
			t.Errorf("reject reason carries raw control characters: %q", r.Reason)
		}
	}
	rejects, err := os.ReadFile(rep.RejectsPath)
	if err != nil {
		t.Fatal(err)
	}
	// the rejects file keeps the rows exactly, for fixing
	if !strings.Contains(string(rejects), "\x1b]0;pwned\x07") || !strings.Contains(string(rejects), "张\x00三") {
		t.Errorf("rejects file lost the rows: %q", rejects)
	}
	if got := customer(t, st, "赵四")["notes"]; got != "多\n行" {
		t.Errorf("multi-line note = %q", got)
	}
}

func TestCSVControlCharacterHeaderRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.csv")
	if err := os.WriteFile(path, []byte("姓名,\x1b[31m等级\n王芳,A\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	st, _, err := importIn(t, path)
	mustRefuse(t, err, "column B", `\x1b[31m等级`)
	if n := countCustomers(t, st); n != 0 {
		t.Errorf("%d customers stored", n)
	}
	if cols := len(st.Columns()); cols != len(newStore(t).Columns()) {
		t.Error("a column was added")
	}
}

func TestCSVBoundsRefused(t *testing.T) {
	dir := t.TempDir()
	long := filepath.Join(dir, "long.csv")
	if err := os.WriteFile(long, []byte("姓名,备注\n王芳,"+strings.Repeat("x", 2<<20)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := importIn(t, long)
	mustRefuse(t, err, "line 2 is longer than 1 MB")

	wide := filepath.Join(dir, "wide.csv")
	if err := os.WriteFile(wide, []byte("姓名"+strings.Repeat(",c", 100_000)+"\n王芳\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	st, _, err := importIn(t, wide)
	mustRefuse(t, err, "line 1 has 100001 columns, more than the 16384")
	if n := countCustomers(t, st); n != 0 {
		t.Errorf("%d customers stored", n)
	}

	many := filepath.Join(dir, "many.csv")
	if err := os.WriteFile(many, []byte("姓名"+strings.Repeat(",c", 600)+"\n王芳"+strings.Repeat(",x", 600)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	st, _, err = importIn(t, many)
	mustRefuse(t, err, "would add 600 new columns, more than the 500")
	if n := countCustomers(t, st); n != 0 {
		t.Errorf("%d customers stored", n)
	}

	cell := filepath.Join(dir, "cell.csv")
	if err := os.WriteFile(cell, []byte("姓名,备注\n王芳,好\n李雷,"+strings.Repeat("长", 340_000)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	st, rep, err := importIn(t, cell)
	if err != nil {
		t.Fatal(i18n.Message(err, i18n.EN))
	}
	if rep.Added != 1 || rep.Rejected != 1 || !strings.Contains(rep.Rejects[0].Reason, "a cell of 340000 characters") {
		t.Errorf("added %d rejected %d %+v", rep.Added, rep.Rejected, rep.Rejects)
	}
	if countCustomers(t, st) != 1 {
		t.Error("the long row was stored")
	}
}

func gbk(t *testing.T, s string) string {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCSVOneEncodingPerFile(t *testing.T) {
	dir := t.TempDir()
	mixed := filepath.Join(dir, "mixed.csv")
	data := "姓名,电话\n张三,13800138000\n" + gbk(t, "李四") + ",13900139000\n王五,13700137000\n" + gbk(t, "赵六") + ",13600136000\n"
	if err := os.WriteFile(mixed, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	st, _, err := importIn(t, mixed)
	mustRefuse(t, err, "lines 3, 5 are GB18030 but lines 1, 2, 4 are UTF-8", "nothing was imported")
	if n := countCustomers(t, st); n != 0 {
		t.Errorf("%d customers stored from a mixed file", n)
	}

	// A GBK file whose only Chinese on a line happens to be valid UTF-8
	// (女 is C5 AE in GBK, Ů in UTF-8) is still one GBK file.
	gb := filepath.Join(dir, "gbk.csv")
	data = gbk(t, "姓名,电话,性别\n王芳,13800138000,女\n") + "Tom,13900139000," + gbk(t, "女") + "\n"
	if err := os.WriteFile(gb, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	st, rep, err := importIn(t, gb)
	if err != nil {
		t.Fatal(i18n.Message(err, i18n.EN))
	}
	if rep.Encoding != EncGB18030 || rep.Added != 2 {
		t.Fatalf("encoding %s, added %d", rep.Encoding, rep.Added)
	}
	if got := customer(t, st, "Tom")["gender"]; got != "female" {
		t.Errorf("Tom's gender = %q, want female", got)
	}

	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("姓名\n王芳\nx\xff\xfe\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err = importIn(t, bad)
	mustRefuse(t, err, "lines 3 are neither UTF-8 nor GBK")

	bom := filepath.Join(dir, "bom.csv")
	if err := os.WriteFile(bom, []byte("\xEF\xBB\xBF姓名\n王芳\n"+gbk(t, "李四")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err = importIn(t, bom)
	mustRefuse(t, err, "starts with the UTF-8 mark but lines 3 are not UTF-8")
}

func TestInterruptedImportLeavesNothing(t *testing.T) {
	// a rejects list left by a killed import is removed by the next one
	dir := t.TempDir()
	path := filepath.Join(dir, "c.csv")
	if err := os.WriteFile(path, []byte("姓名,电话\n王芳,123\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	left := filepath.Join(dir, ".c.csv.rejects.csv.123456.tmp")
	if err := os.WriteFile(left, []byte("王芳,123\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, rep, err := importIn(t, path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	if rep.Rejected != 1 {
		t.Fatalf("rejected %d", rep.Rejected)
	}
	if _, err := os.Stat(left); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the leftover %s is still there", left)
	}
}
