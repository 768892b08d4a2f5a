package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/internal/tmpfile"
	"github.com/xuri/excelize/v2"
)

// xlsxFile is an open workbook prepared for reading one sheet.
type xlsxFile struct {
	f      *excelize.File
	sheet  string
	rmTemp func() // removes the folder of excelize's temporary files
}

// tmpPrefix names the private folders of excelize's temporary files while a
// workbook is read: removed at Close, and by the next import if this one
// was killed, so no unpacked customer data stays in the temporary folder.
const tmpPrefix = "kehu-xlsx-import-"

// openXLSX opens the workbook r (size bytes) and picks the sheet: the one
// named, else one called Customers or 客户 (kehu's own export), else the
// first. A workbook that would unpack to more than kehu reads (see
// checkZip, checkUnpacked) is refused with a message naming the limit.
// Cells with a date or time number format are read back as ISO dates
// (2026-11-22, or 2026-11-22 14:05:00 when the format shows a time);
// other numbers are read as plain decimals, without thousands separators
// or currency signs.
func openXLSX(r io.ReaderAt, size int64, sheet string) (x *xlsxFile, err error) {
	if err := checkZip(r, size); err != nil {
		return nil, err
	}
	dir, rmTemp, err := tmpfile.Dir(tmpPrefix)
	if err != nil {
		return nil, fmt.Errorf("read xlsx: temporary folder: %w", err)
	}
	var f *excelize.File
	defer func() {
		if p := recover(); p != nil {
			x, err = nil, fmt.Errorf("read xlsx: damaged workbook (%v)", p)
		}
		if err != nil {
			if f != nil {
				f.Close()
			}
			rmTemp()
		}
	}()
	opts := excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: xmlInMemory, TmpDir: dir}
	f, err = excelize.OpenReader(io.NewSectionReader(r, 0, size), opts)
	if err != nil {
		return nil, fmt.Errorf("read xlsx: %w", err)
	}
	if err := checkUnpacked(dir, size); err != nil {
		return nil, err
	}
	x = &xlsxFile{f: f, rmTemp: rmTemp}
	names := f.GetSheetList()
	if len(names) == 0 {
		return nil, i18n.Errorf("import.nosheet")
	}
	switch {
	case sheet != "":
		for _, n := range names {
			if strings.EqualFold(strings.TrimSpace(n), strings.TrimSpace(sheet)) {
				x.sheet = n
			}
		}
		if x.sheet == "" {
			return nil, i18n.Errorf("import.nosuchsheet", sheet, strings.Join(names, ", "))
		}
	default:
		x.sheet = names[0]
		for _, n := range names {
			if n == "Customers" || n == "客户" {
				x.sheet = n
				break
			}
		}
	}
	if err := x.plainNumbers(); err != nil {
		return nil, fmt.Errorf("read xlsx styles: %w", err)
	}
	return x, nil
}

// Close closes the workbook and removes its temporary files.
func (x *xlsxFile) Close() error {
	err := x.f.Close()
	x.rmTemp()
	return err
}

// plainNumbers rewrites, in memory only, the number formats of the
// workbook's cell styles: date and time formats become ISO, and number
// formats (thousands separators, currency, accounting, decimals) and
// General itself become a format id no workbook defines, for which excelize
// returns the cell's value as it reads it (numbers already written plainly,
// 1234.5, strings as they are) instead of formatting it: so the reader gets
// dates as 2026-11-22 and amounts as 1234.5 whatever the sheet showed, and
// saves excelize parsing a format code for each such cell. Percentages and
// text formats are left alone.
func (x *xlsxFile) plainNumbers() (err error) {
	f := x.f
	if !hasCellStyles(f) {
		// A workbook without styles (or without cell formats) has no
		// number formats to rewrite: excelize reads its cells as they are.
		// excelize cannot add a style to it (nil pointer dereference).
		return nil
	}
	defer func() {
		// a style table excelize cannot extend: read with its own formats
		if p := recover(); p != nil {
			err = nil
		}
	}()
	dateID, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("[$-409]yyyy-mm-dd")})
	if err != nil {
		return err
	}
	timeID, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("[$-409]yyyy-mm-dd hh:mm:ss")})
	if err != nil {
		return err
	}
	st := f.Styles
	if st == nil || st.CellXfs == nil {
		return nil
	}
	xfs := st.CellXfs.Xf
	if dateID >= len(xfs) || timeID >= len(xfs) || xfs[dateID].NumFmtID == nil || xfs[timeID].NumFmtID == nil {
		return errors.New("style table not as expected")
	}
	isoDate, isoTime := *xfs[dateID].NumFmtID, *xfs[timeID].NumFmtID
	custom := map[int]string{}
	if st.NumFmts != nil {
		for _, nf := range st.NumFmts.NumFmt {
			code := nf.FormatCode
			if nf.FormatCode16 != "" {
				code = nf.FormatCode16
			}
			custom[nf.NumFmtID] = code
		}
	}
	plain := 1 << 20 // an id neither built in nor custom (custom ids start at 164)
	for id := range custom {
		plain = max(plain, id+1)
	}
	for i := range xfs {
		if i == dateID || i == timeID || xfs[i].NumFmtID == nil {
			continue
		}
		id := *xfs[i].NumFmtID
		kind := builtinKind(id)
		if code, ok := custom[id]; ok && id >= 164 {
			kind = codeKind(code)
		}
		switch kind {
		case kindDate:
			xfs[i].NumFmtID = ptr(isoDate)
		case kindDateTime:
			xfs[i].NumFmtID = ptr(isoTime)
		case kindNumber:
			xfs[i].NumFmtID = ptr(plain)
		default:
			if id == 0 {
				xfs[i].NumFmtID = ptr(plain) // General
			}
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

// hasCellStyles reports whether the workbook's style part exists and lists
// cell formats.
func hasCellStyles(f *excelize.File) bool {
	v, ok := f.Pkg.Load("xl/styles.xml")
	if !ok {
		return false
	}
	b, ok := v.([]byte)
	return ok && bytes.Contains(b, []byte("cellXfs"))
}

type fmtKind int

const (
	kindKeep fmtKind = iota
	kindNumber
	kindDate
	kindDateTime
)

// builtinKind classifies Excel's built-in number formats (ECMA-376
// 18.8.30, with the CJK date formats 27-36 and 50-58).
func builtinKind(id int) fmtKind {
	switch {
	case id >= 1 && id <= 4, id >= 5 && id <= 8, id >= 37 && id <= 44:
		return kindNumber
	case id >= 14 && id <= 17, id >= 27 && id <= 31, id >= 50 && id <= 58:
		return kindDate
	case id == 22, id >= 18 && id <= 21, id >= 32 && id <= 36, id >= 45 && id <= 47:
		return kindDateTime
	}
	return kindKeep
}

// codeKind classifies a custom number format code: a date when it shows a
// year or a day, with a time when it also shows hours or seconds; a number
// when it is made of digit placeholders; anything with % or @ is kept.
func codeKind(code string) fmtKind {
	var b strings.Builder
	inQuote, inBracket := false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case inQuote:
			inQuote = c != '"'
		case inBracket:
			inBracket = c != ']'
		case c == '"':
			inQuote = true
		case c == '[':
			inBracket = true
		case c == '\\' || c == '_' || c == '*':
			i++ // escaped, padding or fill character
		case c == ';':
			i = len(code) // the positive section decides
		default:
			b.WriteByte(c | 0x20)
		}
	}
	s := b.String()
	switch {
	case strings.ContainsAny(s, "%@"):
		return kindKeep
	case strings.ContainsAny(s, "yd"):
		if strings.ContainsAny(s, "hs") {
			return kindDateTime
		}
		return kindDate
	case strings.ContainsAny(s, "hs"):
		return kindDateTime
	case strings.ContainsAny(s, "0#?"):
		return kindNumber
	}
	return kindKeep
}

// rows starts a pass over the sheet.
func (x *xlsxFile) rows() (*xlsxSource, error) {
	r, err := x.f.Rows(x.sheet)
	if err != nil {
		return nil, fmt.Errorf("read xlsx sheet %s: %w", x.sheet, err)
	}
	return &xlsxSource{r: r}, nil
}

// xlsxBook is a sheet read once: the first pass copies every row it reads
// (with its row number) into a private temporary CSV, removed at Close, and
// the second pass reads that copy instead of the workbook. Parsing a
// sheet's XML and number formats costs many times what reading CSV does
// (a 100,000-row sheet: ~15 s against ~0.3 s here). A first pass that
// does not reach the end (an error, a cancel) leaves the second to read
// the workbook again, as does a temporary folder that cannot be written.
type xlsxBook struct {
	*xlsxFile
	spill    *os.File
	unlinked bool // spill has no name left to remove
	complete bool // the first pass read the sheet to its end into spill
}

func (b *xlsxBook) rows() (source, error) {
	if b.complete {
		if _, err := b.spill.Seek(0, io.SeekStart); err != nil {
			return nil, fmt.Errorf("read xlsx copy: %w", err)
		}
		r := csv.NewReader(bufio.NewReaderSize(b.spill, 64<<10))
		r.FieldsPerRecord, r.ReuseRecord = -1, true
		return &spillSource{r: r}, nil
	}
	src, err := b.xlsxFile.rows()
	if err != nil || b.spill != nil {
		return src, err
	}
	f, err := os.CreateTemp("", "kehu-import-*.csv")
	if err != nil {
		return src, nil // no copy: the next pass reads the sheet again
	}
	// Unlinked at once (it stays readable through f): however the import
	// ends, killed included, the copy of the customers goes with it.
	// Where an open file cannot be removed, Close removes it.
	if os.Remove(f.Name()) == nil {
		b.unlinked = true
	}
	b.spill = f
	buf := bufio.NewWriterSize(f, 64<<10)
	return &teeSource{xlsxSource: src, book: b, buf: buf, w: csv.NewWriter(buf)}, nil
}

func (b *xlsxBook) Close() error {
	if b.spill != nil {
		b.spill.Close()
		if !b.unlinked {
			os.Remove(b.spill.Name())
		}
	}
	return b.xlsxFile.Close()
}

// teeSource is a first pass over a sheet that copies its rows for the next.
type teeSource struct {
	*xlsxSource
	book *xlsxBook
	buf  *bufio.Writer
	w    *csv.Writer // nil once a write failed: no copy then
	rec  []string
}

func (t *teeSource) Next() ([]string, error) {
	row, err := t.xlsxSource.Next()
	if t.w == nil {
		return row, err
	}
	if errors.Is(err, io.EOF) {
		t.w.Flush()
		t.book.complete = t.w.Error() == nil && t.buf.Flush() == nil
		t.w = nil
		return row, err
	}
	if err != nil {
		t.w = nil
		return row, err
	}
	t.rec = append(append(t.rec[:0], strconv.Itoa(t.Line())), row...)
	if t.w.Write(t.rec) != nil {
		t.w = nil
	}
	return row, nil
}

// spillSource reads a sheet's rows back from its copy.
type spillSource struct {
	r    *csv.Reader
	line int
}

func (s *spillSource) Next() ([]string, error) {
	rec, err := s.r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		return nil, fmt.Errorf("read xlsx copy: %w", err)
	}
	if s.line, err = strconv.Atoi(rec[0]); err != nil {
		return nil, fmt.Errorf("read xlsx copy: %w", err)
	}
	return rec[1:], nil
}

func (s *spillSource) Line() int { return s.line }

// xlsxSource is one pass over a sheet.
type xlsxSource struct {
	r    *excelize.Rows
	line int
}

func (s *xlsxSource) Next() (row []string, err error) {
	defer func() {
		if p := recover(); p != nil {
			row, err = nil, fmt.Errorf("read xlsx row %d: damaged sheet (%v)", s.line+1, p)
		}
	}()
	if !s.r.Next() {
		if err := s.r.Error(); err != nil {
			return nil, fmt.Errorf("read xlsx row %d: %w", s.line+1, err)
		}
		return nil, io.EOF
	}
	s.line++
	row, err = s.r.Columns()
	if err != nil {
		return nil, fmt.Errorf("read xlsx row %d: %w", s.line, err)
	}
	if len(row) > maxColumns {
		return nil, i18n.Errorf("import.xlsx.columns", s.line, len(row), maxColumns)
	}
	for i, v := range row {
		row[i] = tidyNumber(v)
	}
	return row, nil
}

func (s *xlsxSource) Line() int { return s.line }

func (s *xlsxSource) Close() error { return s.r.Close() }

// tidyNumber rounds a number carrying binary floating-point noise (as
// 12.340000000000002, the result of a formula) to the 15 significant
// digits Excel shows.
func tidyNumber(v string) string {
	dot := strings.IndexByte(v, '.')
	if dot < 0 || len(v)-dot <= 10 {
		return v
	}
	for i, c := range v {
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' && i == 0) {
			return v
		}
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(f, 0) || math.Abs(f) >= 1e15 || math.Abs(f) < 1e-4 {
		return v
	}
	return strconv.FormatFloat(f, 'g', 15, 64)
}
