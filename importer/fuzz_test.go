package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
	"github.com/xuri/excelize/v2"
)

// maxFuzzRows bounds the rows read from one fuzz input.
const maxFuzzRows = 200

// readAll runs a book through what an import does before writing: header
// detection and mapping, the value scan, and every row's validation.
func readAll(t *testing.T, st *store.Store, b book) {
	p := &plan{st: st, opts: Options{Lang: i18n.ZH}, newKeys: map[string]bool{}, newLabels: map[string]bool{}}
	var rep Report
	if _, err := p.scan(t.Context(), b, &rep, nil); err != nil {
		return
	}
	if err := p.finish(); err != nil {
		return
	}
	src, err := b.rows()
	if err != nil {
		return
	}
	defer closeSource(src)
	for i := 0; i < maxFuzzRows; i++ {
		cells, err := src.Next()
		if errors.Is(err, io.EOF) || err != nil {
			return
		}
		for _, c := range cells {
			if !utf8.ValidString(c) {
				t.Fatalf("row %d: invalid UTF-8 cell %q", src.Line(), c)
			}
		}
		row, reasons := p.row(cells, src.Line())
		if len(reasons) == 0 {
			if name, _ := row.Values["name"].(string); name == "" && src.Line() > rep.HeaderLine && !blank(cells) {
				t.Fatalf("row %d accepted without a name: %v", src.Line(), row.Values)
			}
			// nothing injected: accepted text holds no control characters
			// (line breaks and tabs only where a field may span lines)
			for key, v := range row.Values {
				text, ok := v.(string)
				if !ok {
					continue
				}
				kind := validate.MultiLine
				if key == "name" || key == "phone" {
					kind = validate.Identity
				}
				if err := validate.Text(key, text, kind); err != nil {
					t.Fatalf("row %d: %s accepted with %v", src.Line(), key, err)
				}
				if utf8.RuneCountInString(text) > maxCellChars {
					t.Fatalf("row %d: %s accepted with %d characters", src.Line(), key, utf8.RuneCountInString(text))
				}
			}
		}
		for _, h := range p.header {
			if err := validate.Text("header", cleanHeader(h), validate.OneLine); err != nil {
				t.Fatalf("header accepted with %v", err)
			}
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("姓名,电话,消费金额\r\n王芳,13800138000,\"¥1,234.50\"\r\n"))
	f.Add([]byte("\xEF\xBB\xBF客户名称,联系方式,备注\n李雷,+86 139-0013-9000,\"多\n行\"\n"))
	f.Add([]byte("\xFF\xFEn\x00a\x00m\x00e\x00\t\x00p\x00h\x00o\x00n\x00e\x00\n\x00"))
	f.Add([]byte("\xd0\xd5\xc3\xfb,\xb5\xe7\xbb\xb0\r\n\xcd\xf5\xb7\xbc,13800138000\r\n")) // GBK 姓名,电话
	f.Add([]byte("name;phone;tags\n\"a\"\"b\";'=1+1;x,y\n"))
	f.Add([]byte("\"unclosed,name\n"))
	f.Add([]byte("姓名,公司\n王芳,\x1b]0;pwned\x07\n李\x00雷,x\n赵\u202e四,y\n"))
	f.Add([]byte("姓名,电话\n张三,13800138000\n\xc0\xee\xcb\xc4,13900139000\n")) // one GBK line in UTF-8
	f.Add([]byte("姓名\n王芳\n\xff\xfe\xfd\n"))
	f.Add([]byte("姓名,备注\n王芳,\"" + strings.Repeat("长", 40000) + "\"\n"))
	f.Add([]byte("姓名" + strings.Repeat(",c", 300) + "\n王芳\n"))
	st, err := store.Open(t0(f))
	if err != nil {
		f.Fatal(err)
	}
	defer st.Close()
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := detectCSV(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil })
		if err != nil {
			return
		}
		readAll(t, st, csvBook{c})
	})
}

func FuzzReadXLSX(f *testing.F) {
	x := excelize.NewFile()
	var buf bytes.Buffer
	date, err := x.NewStyle(&excelize.Style{NumFmt: 14})
	for _, step := range []error{
		err,
		x.SetSheetRow("Sheet1", "A1", &[]any{"客户名称", "手机", "最近购买日期", "消费金额"}),
		x.SetSheetRow("Sheet1", "A2", &[]any{"王芳", 13800138000, 46327, 1234.5}),
		x.SetCellStyle("Sheet1", "C2", "C2", date),
		x.Write(&buf),
		x.Close(),
	} {
		if step != nil {
			f.Fatal(step)
		}
	}
	f.Add(buf.Bytes())
	f.Add(buf.Bytes()[:buf.Len()/2])
	f.Add([]byte("PK\x03\x04garbage"))
	f.Add(rawWorkbook(f, workbookParts(inlineRow(1, "姓名", "公司")+inlineRow(2, "王芳", "\x1b[31m红")+inlineRow(3, "李\u202e雷", "x")))) // no styles.xml
	st, err := store.Open(t0(f))
	if err != nil {
		f.Fatal(err)
	}
	defer st.Close()
	f.Fuzz(func(t *testing.T, data []byte) {
		xf, err := openXLSX(bytes.NewReader(data), int64(len(data)), "")
		if err != nil {
			return
		}
		b := &xlsxBook{xlsxFile: xf}
		defer b.Close()
		readAll(t, st, b)
	})
}

// t0 is a ledger path in the fuzz target's temporary folder.
func t0(f *testing.F) string { return f.TempDir() + "/fuzz.db" }

// rawWorkbook zips parts into a workbook's bytes.
func rawWorkbook(f *testing.F, parts map[string]string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range parts {
		w, err := zw.Create(name)
		if err != nil {
			f.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			f.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		f.Fatal(err)
	}
	return b.Bytes()
}
