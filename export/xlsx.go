package export

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/internal/tmpfile"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
	"github.com/xuri/excelize/v2"
)

// MaxRows is the number of data rows an XLSX sheet holds below its header.
const MaxRows = excelize.TotalRows - 1

// Sheet names in English; a Chinese export names its sheets in Chinese
// (sheetName). The importer finds the customers sheet under either name.
const (
	SheetCustomers = "Customers"
	SheetPurchases = "Purchases"
	SheetContacts  = "Contacts"
	SheetTiers     = "Tiers"
)

// Number formats.
const (
	fmtMoney    = "#,##0.00"
	fmtDate     = "yyyy-mm-dd"
	fmtDateTime = "yyyy-mm-dd hh:mm:ss"
	fmtMinute   = "yyyy-mm-dd hh:mm"
	fmtScore    = "0.0"
	fmtPercent  = "0.0%"
)

// xstyles are the style ids of one workbook.
type xstyles struct {
	header, money, date, dateTime, minute, score, percent, bold, boldMoney int
	grade                                                                  map[string]int
}

func newStyles(f *excelize.File, rules tiering.Rules) (xstyles, error) {
	var s xstyles
	var err error
	mk := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	code := func(c string) *string { return &c }
	s.header = mk(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "center"},
	})
	s.money = mk(&excelize.Style{CustomNumFmt: code(fmtMoney)})
	s.date = mk(&excelize.Style{CustomNumFmt: code(fmtDate)})
	s.dateTime = mk(&excelize.Style{CustomNumFmt: code(fmtDateTime)})
	s.minute = mk(&excelize.Style{CustomNumFmt: code(fmtMinute)})
	s.score = mk(&excelize.Style{CustomNumFmt: code(fmtScore)})
	s.percent = mk(&excelize.Style{CustomNumFmt: code(fmtPercent)})
	s.bold = mk(&excelize.Style{Font: &excelize.Font{Bold: true}})
	s.boldMoney = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, CustomNumFmt: code(fmtMoney)})
	s.grade = map[string]int{}
	for _, g := range tiering.Grades() {
		hex := strings.TrimPrefix(rules.Color(g), "#")
		s.grade[g] = mk(&excelize.Style{
			Font:      &excelize.Font{Bold: true, Color: contrast(hex)},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{hex}},
			Alignment: &excelize.Alignment{Horizontal: "center"},
		})
	}
	if err != nil {
		return s, fmt.Errorf("xlsx styles: %w", err)
	}
	return s, nil
}

// contrast picks black or white text for a fill colour given as RRGGBB.
func contrast(hex string) string {
	v, err := strconv.ParseUint(hex, 16, 32)
	if err != nil || len(hex) != 6 {
		return "000000"
	}
	r, g, b := float64(v>>16&0xff), float64(v>>8&0xff), float64(v&0xff)
	if 0.299*r+0.587*g+0.114*b < 140 {
		return "FFFFFF"
	}
	return "000000"
}

// xlsxWriter writes one workbook.
type xlsxWriter struct {
	ctx   context.Context
	st    *store.Store
	q     store.Query
	opts  Options
	lang  i18n.Lang
	f     *excelize.File
	sty   xstyles
	rules tiering.Rules
	long  bool // a text cell was longer than Excel keeps
	// total is the number of customers counted before the export began,
	// the customers sheet's rows in its dimension.
	total int
	// xmlBytes over-estimates the XML of the largest sheet so far.
	xmlBytes int64
}

func writeXLSX(ctx context.Context, st *store.Store, q store.Query, opts Options, w io.Writer) (int, error) {
	total, err := st.Count(ctx, q)
	if err != nil {
		return 0, err
	}
	if total > opts.limit() {
		return 0, i18n.Errorf("export.toomany", total, opts.limit())
	}
	rules, err := st.Rules(ctx)
	if err != nil {
		return 0, err
	}
	// excelize spills large sheets to temporary files holding customers'
	// names and phones: they go in a private folder removed when the export
	// ends, and by the next export if this process is killed.
	tmp, removeTmp, err := tmpfile.Dir(tmpPrefix)
	if err != nil {
		return 0, fmt.Errorf("xlsx: temporary folder: %w", err)
	}
	defer removeTmp()
	f := excelize.NewFile(excelize.Options{TmpDir: tmp})
	defer f.Close()
	x := &xlsxWriter{ctx: ctx, st: st, q: q, opts: opts, lang: opts.lang(), f: f, rules: rules}
	if x.sty, err = newStyles(f, rules); err != nil {
		return 0, err
	}
	x.total = total
	if err := f.SetSheetName("Sheet1", x.sheetName(SheetCustomers)); err != nil {
		return 0, fmt.Errorf("xlsx: %w", err)
	}
	n, err := x.customers()
	if err != nil {
		return 0, err
	}
	if err := x.purchases(); err != nil {
		return 0, err
	}
	if err := x.contacts(); err != nil {
		return 0, err
	}
	if err := x.tiers(); err != nil {
		return 0, err
	}
	if err := x.profile(n); err != nil {
		return 0, err
	}
	if x.long {
		opts.warn("export.longcell", excelize.TotalCellChars)
	}
	if err := x.write(w); err != nil {
		return 0, fmt.Errorf("write xlsx: %w", err)
	}
	if opts.Progress != nil {
		opts.Progress(n)
	}
	return n, nil
}

// tmpPrefix names the private temporary folders of XLSX exports.
const tmpPrefix = "kehu-xlsx-export-"

// zip64Limit is the size of a sheet's XML beyond which the zip entry
// needs zip64 headers that only excelize's own buffered writer patches in.
const zip64Limit = 3 << 30

// write zips the workbook into w. excelize builds the whole archive in
// memory; unless a sheet's XML could pass 4 GiB (see zip64Limit), the
// archive goes straight to w instead, compressed at deflate's best speed
// on every core (parallelDeflate): several times faster, and memory stays
// flat.
func (x *xlsxWriter) write(w io.Writer) error {
	if x.xmlBytes >= zip64Limit {
		_, err := x.f.WriteTo(w)
		return err
	}
	x.f.ZipWriter = func(io.Writer) excelize.ZipWriter {
		zw := zip.NewWriter(w)
		zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
			return newParallelDeflate(out), nil
		})
		return zw
	}
	_, err := x.f.WriteTo(io.Discard) // the archive went to w; excelize's buffer stays empty
	return err
}

// sheetKeys name the sheets in the catalogue.
var sheetKeys = map[string]string{
	SheetCustomers: "export.sheet.customers", SheetPurchases: "export.sheet.purchases",
	SheetContacts: "export.sheet.contacts", SheetTiers: "export.sheet.tiers", SheetProfile: "export.sheet.profile",
	SheetProfileAll: "export.sheet.profile_all",
}

// sheetName is the name of a sheet (given by its English name) in the
// export's language.
func (x *xlsxWriter) sheetName(name string) string {
	if key, ok := sheetKeys[name]; ok {
		return x.lang.T(key)
	}
	return name
}

// sheet starts a streamed sheet with a bold frozen header and widths.
// rows is the number of rows below the header: the stream writes the
// sheet's dimension (its used range) before any row, so it is known first.
func (x *xlsxWriter) sheet(name string, head []string, widths []float64, rows int) (*excelize.StreamWriter, error) {
	if name != x.sheetName(SheetCustomers) {
		if _, err := x.f.NewSheet(name); err != nil {
			return nil, fmt.Errorf("xlsx sheet %s: %w", name, err)
		}
	}
	if err := x.f.SetSheetDimension(name, dimension(len(head), rows)); err != nil {
		return nil, fmt.Errorf("xlsx sheet %s: %w", name, err)
	}
	sw, err := x.f.NewStreamWriter(name)
	if err != nil {
		return nil, fmt.Errorf("xlsx sheet %s: %w", name, err)
	}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return nil, fmt.Errorf("xlsx sheet %s: %w", name, err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return nil, fmt.Errorf("xlsx sheet %s: %w", name, err)
	}
	cells := make([]any, len(head))
	for i, h := range head {
		cells[i] = excelize.Cell{StyleID: x.sty.header, Value: h}
	}
	if err := sw.SetRow("A1", cells, excelize.RowOpts{Height: 20}); err != nil {
		return nil, fmt.Errorf("xlsx sheet %s: %w", name, err)
	}
	return sw, nil
}

// dimension is the used range of a sheet of ncols columns with rows rows
// below its header: A1:F63 for 62 rows of 6 columns.
func dimension(ncols, rows int) string {
	last, err := excelize.CoordinatesToCellName(max(ncols, 1), rows+1)
	if err != nil {
		return "A1"
	}
	return "A1:" + last
}

// finish adds the autofilter over rows data rows and flushes the sheet.
func (x *xlsxWriter) finish(sw *excelize.StreamWriter, name string, ncols, rows int) error {
	if ncols > 0 {
		last, err := excelize.CoordinatesToCellName(ncols, rows+1)
		if err != nil {
			return fmt.Errorf("xlsx sheet %s: %w", name, err)
		}
		if err := x.f.AutoFilter(name, "A1:"+last, nil); err != nil {
			return fmt.Errorf("xlsx sheet %s: %w", name, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("xlsx sheet %s: %w", name, err)
	}
	return nil
}

func (x *xlsxWriter) text(s string) string {
	if len(s) > excelize.TotalCellChars/2 && len(utf16.Encode([]rune(s))) > excelize.TotalCellChars {
		x.long = true
	}
	return s
}

// cell turns a stored value into a typed XLSX cell.
func (x *xlsxWriter) cell(c store.Column, v any) any {
	if v == nil {
		return nil
	}
	switch c.Type {
	case store.Money:
		if n, ok := v.(int64); ok {
			return excelize.Cell{StyleID: x.sty.money, Value: fenToYuan(n)}
		}
	case store.Int:
		if n, ok := v.(int64); ok {
			return n
		}
	case store.Number:
		if f, ok := v.(float64); ok {
			if c.Key == "score" {
				return excelize.Cell{StyleID: x.sty.score, Value: f}
			}
			return f
		}
	case store.Date:
		if s, ok := v.(string); ok {
			if s == "" {
				return nil
			}
			if d, ok := serial(s, "2006-01-02"); ok {
				return excelize.Cell{StyleID: x.sty.date, Value: d}
			}
		}
	case store.DateTime:
		if s, ok := v.(string); ok {
			if s == "" {
				return nil
			}
			if d, ok := serial(s, "2006-01-02 15:04:05"); ok {
				return excelize.Cell{StyleID: x.sty.dateTime, Value: d}
			}
		}
	case store.YesNo:
		if b, ok := v.(bool); ok {
			return b
		}
	case store.Grade:
		if s, ok := v.(string); ok && c.Key == "grade" {
			if id, ok := x.sty.grade[s]; ok {
				return excelize.Cell{StyleID: id, Value: s}
			}
		}
	}
	s := text(c, v, x.lang)
	if s == "" {
		return nil
	}
	return x.text(s)
}

// fenToYuan is the nearest float64 to fen/100 (exact for any amount a shop
// has), which Excel shows and a re-import reads back as the same decimal.
func fenToYuan(fen int64) float64 { return float64(fen) / 100 }

func (x *xlsxWriter) customers() (int, error) {
	cols, err := x.st.QueryColumns(x.q)
	if err != nil {
		return 0, err
	}
	sample, err := x.st.Window(x.ctx, x.q, 0, 200)
	if err != nil {
		return 0, err
	}
	head := headers(cols, x.opts)
	widths := make([]float64, len(cols))
	for i, c := range cols {
		w := textWidth(head[i]) + 3 // the autofilter button
		switch c.Type {
		case store.Date:
			w = max(w, 11)
		case store.DateTime:
			w = max(w, 19)
		case store.Grade:
			w = max(w, 6)
		}
		for _, r := range sample {
			s := text(c, r.Values[i], x.lang)
			if c.Type == store.Money {
				s += ",,," // thousands separators
			}
			w = max(w, textWidth(s)+1)
		}
		widths[i] = float64(min(max(w, 6), 60))
	}
	name := x.sheetName(SheetCustomers)
	sw, err := x.sheet(name, head, widths, x.total)
	if err != nil {
		return 0, err
	}
	var sheetBytes int64
	produced := 0
	row := 1
	err = x.pipe(len(cols), func(ctx context.Context, emit func([]any) error) error {
		cells := make([]any, len(cols))
		return x.st.Each(ctx, x.q, func(r store.Row) error {
			produced++
			if produced > x.opts.limit() {
				return i18n.Errorf("export.toomany", produced, x.opts.limit())
			}
			for i, v := range r.Values {
				cells[i] = x.cell(cols[i], v)
				sheetBytes += cellXML
				if s, ok := v.(string); ok {
					sheetBytes += int64(len(s)) * 2 // escaping
				}
			}
			return emit(cells)
		})
	}, func(cells []any) error {
		row++
		if err := sw.SetRow(cellName(row), cells); err != nil {
			return fmt.Errorf("xlsx row %d: %w", row, err)
		}
		if (row-1)%progressEvery == 0 && x.opts.Progress != nil {
			x.opts.Progress(row - 1)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if err := x.finish(sw, name, len(cols), row-1); err != nil {
		return 0, err
	}
	x.xmlBytes = max(x.xmlBytes, sheetBytes)
	return row - 1, nil
}

// pipeBatch is how many rows travel together from the reader to the writer.
const pipeBatch = 512

// pipe runs produce in its own goroutine — reading the ledger and building
// the cells — while consume writes the rows to the sheet here: the two
// halves of an export overlap on two cores. emit copies the cells it is
// given. An error on either side stops both.
func (x *xlsxWriter) pipe(ncols int, produce func(ctx context.Context, emit func([]any) error) error, consume func([]any) error) error {
	ctx, cancel := context.WithCancel(x.ctx)
	defer cancel()
	const buffers = 4
	full := make(chan [][]any, buffers)
	free := make(chan [][]any, buffers)
	for i := 0; i < buffers; i++ {
		free <- make([][]any, 0, pipeBatch)
	}
	errc := make(chan error, 1)
	go func() {
		defer close(full)
		var cur [][]any
		take := func() error {
			select {
			case cur = <-free:
				cur = cur[:0]
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		send := func() error {
			select {
			case full <- cur:
				cur = nil
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		err := take()
		if err == nil {
			err = produce(ctx, func(cells []any) error {
				i := len(cur)
				cur = cur[:i+1]
				if cur[i] == nil {
					cur[i] = make([]any, ncols)
				}
				copy(cur[i], cells)
				if len(cur) < pipeBatch {
					return nil
				}
				if err := send(); err != nil {
					return err
				}
				return take()
			})
		}
		if err == nil && len(cur) > 0 {
			err = send()
		}
		errc <- err
	}()
	var cerr error
	for b := range full {
		for _, cells := range b {
			if cerr != nil {
				break
			}
			if cerr = consume(cells); cerr != nil {
				cancel()
			}
		}
		select {
		case free <- b:
		default:
		}
	}
	perr := <-errc
	if cerr != nil {
		return cerr
	}
	if perr != nil {
		return perr
	}
	return x.ctx.Err()
}

func cellName(row int) string { return "A" + strconv.Itoa(row) }

// cellXML bounds the XML of one cell besides its text: <c r="AB1048576"
// s="12" t="inlineStr"><is><t></t></is></c>.
const cellXML = 64

func dateCell(s, layout string, style int) any {
	if s == "" {
		return nil
	}
	if len(s) > len(layout) {
		s = s[:len(layout)]
	}
	d, ok := serial(s, layout)
	if !ok {
		return s
	}
	return excelize.Cell{StyleID: style, Value: d}
}

// excelEpoch is day 0 of Excel's 1900 date system (as Excel counts, with
// its phantom 1900-02-29, for every date from 1900-03-01 on).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// serial turns a stored date or date-time into the number Excel keeps for
// it: days since its epoch, the time of day as the fraction.
func serial(s, layout string) (float64, bool) {
	t, err := time.ParseInLocation(layout, s, time.UTC)
	if err != nil || t.Year() < 1900 || t.Before(time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)) {
		return 0, false
	}
	secs := t.Sub(excelEpoch).Seconds()
	return secs / 86400, true
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// textWidth is the width of s in Excel's column units: East Asian wide
// characters count two.
func textWidth(s string) int {
	w := 0
	for _, r := range s {
		if wide(r) {
			w += 2
		} else {
			w++
		}
	}
	return w
}

func wide(r rune) bool {
	switch {
	case r < 0x1100:
		return false
	case r <= 0x115F, r >= 0x2E80 && r <= 0xA4CF && r != 0x303F, r >= 0xAC00 && r <= 0xD7A3,
		r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F, r >= 0xFF00 && r <= 0xFF60,
		r >= 0xFFE0 && r <= 0xFFE6, r >= 0x1F300 && r <= 0x1F64F, r >= 0x20000 && r <= 0x3FFFD:
		return true
	}
	return false
}
