// Package importer brings a shop owner's existing sheet into the ledger:
// CSV (UTF-8 with or without BOM, UTF-16 with BOM, or GB18030/GBK, comma,
// tab or semicolon separated) and XLSX (read as a stream; date cells become
// ISO dates whatever their number format).
//
// Headers are matched by column key, English or Chinese label and common
// aliases (客户名称, 联系方式, 最近购买日期...); --map overrides. Values are
// validated as everywhere else (store.ParseValue); placeholder dashes and
// empty cells are empty. A column kehu does not know becomes a custom
// column (typed when its values clearly are dates, amounts, numbers or
// yes/no, else text); nothing is dropped. A column whose name belongs to a
// computed column (等级, 评分...) or that holds values foreign to the
// built-in column of its name (客户类型 holding VIP/重要 instead of
// 个人/企业) is kept as a custom column named "<header>（原表）" beside the
// computed one. Only a file kehu exported itself (it carries at least two
// of grade, score, segment and stage under kehu's own names) has its
// computed columns skipped, since the ledger computes them again.
//
// Summary columns (total spend, purchase count, last purchase date) become
// the customer's opening balance. Rows whose values fail validation go to
// FILE.rejects.csv (the row's cells and the reason); the good rows go in one
// transaction. A row matching a customer (phone, else name and company)
// updates it, so importing the same file again adds nobody.
package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/kehu-app/kehu/export"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/internal/tmpfile"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// Options configure ImportFile.
type Options struct {
	// Sheet names the XLSX sheet to read (default: Customers or 客户 when
	// present, else the first sheet).
	Sheet string
	// Map sends a column of the file (its header, or its letter such as C)
	// to a field: a column key, label or alias; "-" skips the column.
	Map map[string]string
	// DryRun reads and validates everything and reports what would happen,
	// writing nothing (no ledger change, no rejects file).
	DryRun bool
	// Lang is the language of reject reasons and of new columns' names.
	Lang i18n.Lang
	// Progress, when set, is called now and then, one call at a time, with
	// the stage the import is in and how far it is (see the Stage values).
	Progress func(stage Stage, done, total int)
}

// Stage is a step of an import, as Options.Progress reports it.
type Stage string

// The stages, in order.
const (
	StageRead    Stage = "read"    // the first pass: rows read so far (total 0: not known yet)
	StageWrite   Stage = "write"   // rows checked and written, of the rows in the file
	StageIndexes Stage = "indexes" // a large import building the ledger's indexes again, of total
)

// Mapping kinds: where a column of the file goes.
const (
	KindField   = "field"   // a built-in column
	KindOpening = "opening" // a summary column: opening balance
	KindCustom  = "custom"  // an existing custom column
	KindNew     = "new"     // a custom column the import creates
	KindSkip    = "skip"    // not imported (--map COLUMN=-, or computed by kehu)
)

// Mapping says where one column of the file goes.
type Mapping struct {
	Column int        // 0-based position in the file
	Header string     // as in the file
	Kind   string     // KindField, KindOpening, KindCustom, KindNew or KindSkip
	Target string     // column key (KindOpening: total_spend, purchases or last_purchase)
	Type   store.Type // the target's type
	Note   string     // why a column was skipped or kept aside, in Options.Lang
}

// Reject is a row that was not imported.
type Reject struct {
	Line   int // the row's number in the sheet (the header is usually 1)
	Reason string
}

// MaxRejectSamples is how many rejects a Report lists.
const MaxRejectSamples = 20

// Report says what an import did, or would do in a dry run.
type Report struct {
	File        string
	Format      string // "csv" or "xlsx"
	Encoding    string // CSV only
	Sheet       string // XLSX only
	HeaderLine  int    // the row holding the headers
	Rows        int    // data rows read (blank rows not counted)
	Added       int
	Updated     int // rows that changed an existing customer
	Unchanged   int // rows matching a customer with nothing new
	Rejected    int
	RejectsPath string   // FILE.rejects.csv, when rows were rejected (not in a dry run)
	NewColumns  []string // labels of the custom columns created
	Columns     []Mapping
	Rejects     []Reject // the first MaxRejectSamples rejects
	DryRun      bool
	Regrade     store.RegradeReport
	Duplicates  []store.ImportDuplicate // dry run: rows that look like customers already there
}

// book is an opened file: each call of rows starts a pass over its sheet.
type book interface {
	rows() (source, error)
	Close() error
}

type csvBook struct{ *csvFile }

func (b csvBook) rows() (source, error) { return b.csvFile.rows() }
func (b csvBook) Close() error          { return nil }

// closer is implemented by sources holding a file open.
type closer interface{ Close() error }

func closeSource(s source) {
	if c, ok := s.(closer); ok {
		c.Close()
	}
}

// RejectsPath is where the rejected rows of path are written.
func RejectsPath(path string) string { return path + ".rejects.csv" }

// ImportFile imports the CSV or XLSX file at path into st.
func ImportFile(ctx context.Context, st *store.Store, path string, opts Options) (Report, error) {
	rep := Report{File: path, DryRun: opts.DryRun}
	if opts.Lang == "" {
		opts.Lang = i18n.EN
	}
	b, err := openBook(path, opts.Sheet, &rep)
	if err != nil {
		return rep, err
	}
	defer b.Close()
	err = run(ctx, st, b, opts, RejectsPath(path), &rep)
	return rep, err
}

// openError says why the file to import cannot be opened, in the user's
// words rather than the operating system's.
func openError(path string, err error) error {
	key := "input.file.cantopen"
	switch {
	case errors.Is(err, fs.ErrNotExist):
		key = "input.file.missing"
	case errors.Is(err, fs.ErrPermission):
		key = "input.file.denied"
	}
	return i18n.Errorf(key, path)
}

// openBook opens path as CSV or XLSX, by extension, else by content.
func openBook(path, sheet string, rep *Report) (book, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, openError(path, err)
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		f.Close()
		return nil, i18n.Errorf("input.file.isdir", path)
	}
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case ext == ".xls" || bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		f.Close()
		return nil, i18n.Errorf("import.xls", path)
	case ext == ".xlsx" || ext == ".xlsm" || bytes.HasPrefix(head, []byte("PK\x03\x04")):
		fi, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("import: %w", err)
		}
		x, err := openXLSX(f, fi.Size(), sheet)
		f.Close()
		if err != nil {
			return nil, err
		}
		rep.Format, rep.Sheet = "xlsx", x.sheet
		return &xlsxBook{xlsxFile: x}, nil
	}
	f.Close()
	c, err := detectCSV(func() (io.ReadCloser, error) { return os.Open(path) })
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	rep.Format, rep.Encoding = "csv", c.encoding
	return csvBook{c}, nil
}

// column is the plan for one column of the file.
type column struct {
	Mapping
	col      store.Column // target column (field, custom, new)
	check    bool         // a built-in choice column whose values must fit it, else it is kept aside
	st       stats
	label    string // label of a new column
	explicit bool   // set by --map
}

// plan is how rows of the file become ledger rows.
type plan struct {
	st        *store.Store
	opts      Options
	cols      []*column
	header    []string
	kehu      bool // the file is a kehu export
	newKeys   map[string]bool
	newLabels map[string]bool
}

func run(ctx context.Context, st *store.Store, b book, opts Options, rejectsPath string, rep *Report) error {
	p := &plan{st: st, opts: opts, newKeys: map[string]bool{}, newLabels: map[string]bool{}}
	preview, err := st.NewImportPreview(ctx)
	if err != nil {
		return err
	}
	total, err := p.scan(ctx, b, rep, preview)
	if err != nil {
		return err
	}
	if err := p.finish(); err != nil {
		return err
	}
	for _, c := range p.cols {
		rep.Columns = append(rep.Columns, c.Mapping)
	}
	rw := &rejectWriter{path: rejectsPath, header: p.header, lang: opts.Lang, off: opts.DryRun}
	defer rw.abort()
	src, err := b.rows()
	if err != nil {
		return err
	}
	defer closeSource(src)
	// The file is read and checked in its own goroutine while the ledger
	// writes: parsing and SQLite overlap.
	type item struct {
		row store.ImportRow
		err error
	}
	ch := make(chan item, 1024)
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(1)
	done := 0
	go func() {
		defer wg.Done()
		defer close(ch)
		send := func(it item) bool {
			select {
			case ch <- it:
				return true
			case <-pctx.Done():
				return false
			}
		}
		for {
			if pctx.Err() != nil {
				return
			}
			cells, err := src.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				send(item{err: err})
				return
			}
			line := src.Line()
			if line <= rep.HeaderLine || blank(cells) {
				continue
			}
			rep.Rows++
			done++
			if opts.Progress != nil && done%1000 == 0 {
				opts.Progress(StageWrite, done, total)
			}
			row, reasons := p.row(cells, line)
			if len(reasons) > 0 {
				rep.Rejected++
				reason := p.lang().T("import.rowreason", line, strings.Join(reasons, p.lang().T("import.sep")))
				if len(rep.Rejects) < MaxRejectSamples {
					rep.Rejects = append(rep.Rejects, Reject{Line: line, Reason: reason})
				}
				if err := rw.write(cells, reason); err != nil {
					send(item{err: err})
					return
				}
				continue
			}
			if !send(item{row: row}) {
				return
			}
		}
	}()
	// stop ends the reader and waits for it: after stop, rep and rw are ours.
	stop := func() {
		cancel()
		for range ch {
		}
		wg.Wait()
	}
	rows := func(yield func(store.ImportRow, error) bool) {
		for it := range ch {
			if !yield(it.row, it.err) {
				return
			}
		}
	}
	var keys []string
	var newCols []store.ImportColumn
	for _, c := range p.cols {
		switch c.Kind {
		case KindField, KindCustom:
			keys = append(keys, c.Target)
		case KindNew:
			keys = append(keys, c.Target)
			newCols = append(newCols, store.ImportColumn{Key: c.Target, Label: c.label, Type: c.Type})
		}
	}
	indexing := false
	var indexes func(d, n int)
	if opts.Progress != nil {
		indexes = func(d, n int) {
			if !indexing {
				// every row is read (the reader has closed ch): say so first
				indexing = true
				opts.Progress(StageWrite, done, total)
			}
			opts.Progress(StageIndexes, d, n)
		}
	}
	res, err := st.ImportRows(ctx, store.ImportOptions{
		Keys: keys, Columns: newCols, DryRun: opts.DryRun, Rows: total, Preview: preview,
		Reason: "import " + filepath.Base(rep.File), Indexes: indexes,
	}, rows)
	stop()
	if err != nil {
		return err
	}
	if opts.Progress != nil && !indexing {
		opts.Progress(StageWrite, done, total)
	}
	rep.Added, rep.Updated, rep.Unchanged, rep.Regrade = res.Added, res.Updated, res.Unchanged, res.Regrade
	rep.Duplicates = res.Duplicates
	for _, c := range newCols {
		rep.NewColumns = append(rep.NewColumns, c.Label)
	}
	if opts.DryRun {
		return nil
	}
	if rep.Rejected > 0 {
		if err := rw.commit(); err != nil {
			return err
		}
		rep.RejectsPath = rejectsPath
	} else if fi, err := os.Stat(rejectsPath); err == nil && fi.Mode().IsRegular() {
		os.Remove(rejectsPath) // a stale list from an earlier import of this file
	}
	return nil
}

func (p *plan) lang() i18n.Lang { return p.opts.Lang }

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// headerScan is how many non-blank rows at the top may precede the header
// (a title such as 客户名单2024, a date line...).
const headerScan = 10

// scan reads the file once: it finds the header row, maps the headers,
// gathers what the values of each column look like and shows preview the
// opening balances. It returns the number of data rows.
func (p *plan) scan(ctx context.Context, b book, rep *Report, preview *store.ImportPreview) (int, error) {
	src, err := b.rows()
	if err != nil {
		return 0, err
	}
	defer closeSource(src)
	type buffered struct {
		line  int
		cells []string
	}
	var top []buffered
	eof := false
	for len(top) < headerScan {
		cells, err := src.Next()
		if errors.Is(err, io.EOF) {
			eof = true
			break
		}
		if err != nil {
			return 0, err
		}
		if blank(cells) {
			continue
		}
		top = append(top, buffered{src.Line(), append([]string(nil), cells...)})
	}
	if len(top) == 0 {
		return 0, i18n.Errorf("import.empty")
	}
	hdr := 0
	for i, r := range top {
		if p.looksLikeHeader(r.cells) {
			hdr = i
			break
		}
	}
	rep.HeaderLine = top[hdr].line
	if err := p.mapHeaders(top[hdr].cells); err != nil {
		return 0, err
	}
	// The values are looked at by a few workers while this goroutine reads
	// the file: each keeps its own tallies, added up at the end.
	workers := min(runtime.GOMAXPROCS(0), 4)
	type part struct {
		st      []stats
		preview *store.ImportPreview
	}
	parts := make([]part, workers)
	batches := make(chan [][]string, 2*workers)
	var wg sync.WaitGroup
	for w := range parts {
		parts[w] = part{st: make([]stats, len(p.cols)), preview: preview.Part()}
		wg.Go(func() {
			for b := range batches {
				for _, cells := range b {
					p.observe(cells, parts[w].st, parts[w].preview)
				}
			}
		})
	}
	const batchRows = 512
	rows := 0
	batch := make([][]string, 0, batchRows)
	for _, r := range top[hdr+1:] {
		batch = append(batch, r.cells)
		rows++
	}
	err = nil
	for !eof {
		var cells []string
		cells, err = src.Next()
		if errors.Is(err, io.EOF) {
			err = nil
			break
		}
		if err != nil {
			break
		}
		if blank(cells) {
			continue
		}
		batch = append(batch, slices.Clone(cells))
		rows++
		if rows%10000 == 0 && p.opts.Progress != nil {
			p.opts.Progress(StageRead, rows, 0)
		}
		if len(batch) == batchRows {
			batches <- batch
			batch = make([][]string, 0, batchRows)
			if err = ctx.Err(); err != nil {
				break
			}
		}
	}
	if err == nil && len(batch) > 0 {
		batches <- batch
	}
	close(batches)
	wg.Wait()
	if err != nil {
		return 0, err
	}
	for _, pt := range parts {
		for i, c := range p.cols {
			c.st.add(pt.st[i])
		}
		preview.Join(pt.preview)
	}
	if p.opts.Progress != nil {
		p.opts.Progress(StageRead, rows, 0)
	}
	return rows, nil
}

// observe tallies one data row of the first pass into st (by column) and
// shows its opening balance to preview.
func (p *plan) observe(cells []string, st []stats, preview *store.ImportPreview) {
	var op store.Opening
	opening := false
	for i, c := range p.cols {
		if c.Kind != KindSkip || c.check {
			c.observe(&st[i], cell(cells, c.Column))
		}
		if c.Kind == KindOpening {
			if v := cleanValue(cell(cells, c.Column)); v != "" {
				_ = c.opening(v, &op) // a bad value is the second pass's business
				opening = true
			}
		}
	}
	if opening {
		preview.Add(&op)
	}
}

// looksLikeHeader: at least two cells, one of them a column kehu knows.
func (p *plan) looksLikeHeader(cells []string) bool {
	n, known := 0, false
	for _, h := range cells {
		if cleanHeader(h) == "" {
			continue
		}
		n++
		if _, ok := p.resolve(h); ok {
			known = true
		}
		if _, ok := p.opts.Map[cleanHeader(h)]; ok {
			known = true
		}
	}
	return n >= 2 && known
}

func cell(cells []string, i int) string {
	if i < len(cells) {
		return cells[i]
	}
	return ""
}

// resolve finds the column a header names: key, label, store alias, then
// the importer's aliases, also without a trailing unit such as (元).
func (p *plan) resolve(h string) (store.Column, bool) {
	h = cleanHeader(h)
	if h == "" {
		return store.Column{}, false
	}
	if c, ok := p.st.Column(h); ok {
		return c, true
	}
	n := normHeader(h)
	for _, cand := range []string{n, stripUnit(n)} {
		if c, ok := p.st.Column(cand); ok {
			return c, true
		}
		if k, ok := aliases[cand]; ok {
			return p.st.Column(k)
		}
	}
	return store.Column{}, false
}

// computed columns are worked out by kehu and never imported as such.
var computed = map[string]bool{"id": true, "grade": true, "score": true, "segment": true, "stage": true,
	"last_contact": true, "created_at": true, "updated_at": true}

// summary columns become the opening balance.
var summary = map[string]bool{"total_spend": true, "purchases": true, "last_purchase": true}

// checked built-in columns take a header only when the values fit them.
var checked = map[string]bool{"kind": true, "gender": true, "pinned": true, "potential": true}

// exactComputed reports whether h is a computed column's own key or label,
// as kehu exports it.
func exactComputed(c store.Column, h string) bool {
	h = cleanHeader(h)
	return strings.EqualFold(h, c.Key) || strings.EqualFold(h, c.LabelEN) || h == c.LabelZH
}

func (p *plan) mapHeaders(header []string) error {
	p.header = append([]string(nil), header...)
	n := 0
	for _, h := range header {
		if c, ok := p.resolve(h); ok && (c.Key == "grade" || c.Key == "score" || c.Key == "segment" || c.Key == "stage") && exactComputed(c, h) {
			n++
		}
	}
	p.kehu = n >= 2
	mapped := map[int]string{}
	for from, to := range p.opts.Map {
		idx := -1
		for i, h := range header {
			if cleanHeader(h) == cleanHeader(from) || normHeader(h) == normHeader(from) {
				idx = i
				break
			}
		}
		if idx < 0 {
			for i := range header {
				if strings.EqualFold(colLetters(i), strings.TrimSpace(from)) {
					idx = i
				}
			}
		}
		if idx < 0 {
			return i18n.Errorf("import.mapnocol", from, strings.Join(nonEmpty(header), ", "))
		}
		mapped[idx] = to
	}
	used := map[string]bool{}
	for i, raw := range header {
		h := cleanHeader(raw)
		if err := validate.Text("header", h, validate.OneLine); err != nil {
			// a header becomes a column's label: it is shown on every screen
			return i18n.Errorf("import.badheader", colLetters(i), validate.Visible(h), err)
		}
		c := &column{Mapping: Mapping{Column: i, Header: h}}
		p.cols = append(p.cols, c)
		if to, ok := mapped[i]; ok {
			c.explicit = true
			if err := p.mapExplicit(c, to, used); err != nil {
				return err
			}
			continue
		}
		target, ok := p.resolve(h)
		switch {
		case h == "":
			c.Kind = KindNew // named after its letter if it holds anything
		case !ok:
			p.newColumn(c, h)
		case target.Custom:
			p.field(c, target, KindCustom)
		case summary[target.Key] && !used[target.Key]:
			used[target.Key] = true
			c.Kind, c.Target, c.Type, c.col = KindOpening, target.Key, target.Type, target
		case computed[target.Key] && p.kehu:
			c.Kind, c.Note = KindSkip, p.lang().T("import.note.computed")
		case computed[target.Key]:
			p.aside(c, h, p.lang().T("import.note.computedaside"))
		case used[target.Key] || summary[target.Key]:
			p.aside(c, h, p.lang().T("import.note.duplicate"))
		default:
			used[target.Key] = true
			p.field(c, target, KindField)
			c.check = checked[target.Key]
		}
	}
	return nil
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = cleanHeader(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (p *plan) mapExplicit(c *column, to string, used map[string]bool) error {
	to = strings.TrimSpace(to)
	switch strings.ToLower(to) {
	case "-", "skip", "ignore", "跳过", "忽略":
		c.Kind, c.Note = KindSkip, p.lang().T("import.note.mapskip")
		return nil
	}
	target, ok := p.resolve(to)
	if !ok {
		return i18n.Errorf("import.mapfield", to)
	}
	switch {
	case target.Custom:
		p.field(c, target, KindCustom)
	case summary[target.Key]:
		c.Kind, c.Target, c.Type, c.col = KindOpening, target.Key, target.Type, target
	case computed[target.Key]:
		return i18n.Errorf("import.mapcomputed", to)
	default:
		p.field(c, target, KindField)
	}
	if c.Kind != KindCustom {
		if used[target.Key] {
			return i18n.Errorf("import.maptwice", target.Key)
		}
		used[target.Key] = true
	}
	return nil
}

func (p *plan) field(c *column, target store.Column, kind string) {
	c.Kind, c.Target, c.Type, c.col = kind, target.Key, target.Type, target
}

// aside keeps a column whose name belongs to a built-in one as a custom
// column "<header>（原表）", reusing it when an earlier import created it.
func (p *plan) aside(c *column, h, note string) {
	c.Note = note
	label := h + " (sheet)"
	if hasHan(h) {
		label = h + "（原表）"
	}
	if t, ok := p.st.Column(label); ok && t.Custom {
		p.field(c, t, KindCustom)
		return
	}
	p.newColumn(c, label)
}

// newColumn plans a custom column labelled label; its key and type are
// settled once the values have been seen.
func (p *plan) newColumn(c *column, label string) {
	c.Kind, c.label, c.Target, c.Type, c.col = KindNew, label, "", "", store.Column{}
}

// finish settles the columns after the scan: checked built-ins whose values
// do not fit go aside, new columns get a key and a type.
func (p *plan) finish() error {
	for _, c := range p.cols {
		if c.check && c.Kind == KindField && c.st.n > 0 && c.st.fail*2 > c.st.n {
			c.check = false
			p.aside(c, c.Header, p.lang().T("import.note.values", c.col.Label(p.lang())))
		}
	}
	hasName := false
	next := map[string]int{} // label → the next number to try
	for _, c := range p.cols {
		if c.Kind == KindField && c.Target == "name" {
			hasName = true
		}
		if c.Kind != KindNew || c.Target != "" {
			continue
		}
		if c.label == "" { // no header
			if c.st.n == 0 {
				c.Kind, c.Note = KindSkip, p.lang().T("import.note.blank")
				continue
			}
			c.label = p.lang().T("import.colname", colLetters(c.Column))
		}
		label := c.label
		// numbering goes on from the last number this label took, so a
		// sheet of thousands of columns of one name stays linear
		i := max(next[c.label], 2)
		for ; p.newLabels[normHeader(label)] || p.taken(label); i++ {
			label = c.label + " " + strconv.Itoa(i)
		}
		next[c.label] = i
		p.newLabels[normHeader(label)] = true
		c.label = label
		base := store.ImportColumnKey(sanitiseName(label))
		if base == "" {
			base = "col_" + strings.ToLower(colLetters(c.Column))
		}
		key := base
		k := max(next["\x00key:"+base], 2)
		for ; p.newKeys[key] || p.taken(key); k++ {
			key = base + "_" + strconv.Itoa(k)
		}
		next["\x00key:"+base] = k
		p.newKeys[key] = true
		c.Target = key
		c.Type = c.st.infer(c.Header)
		c.col = store.Column{Key: key, LabelEN: label, LabelZH: label, Type: c.Type, Custom: true}
	}
	if n := p.newColumns(); n > maxNewColumns {
		return i18n.Errorf("import.toomanycols", n, maxNewColumns)
	}
	if !hasName {
		return i18n.Errorf("import.noname", strings.Join(nonEmpty(p.header), ", "))
	}
	return nil
}

// maxNewColumns is the most custom columns one import creates: a ledger
// table has room for about two thousand columns in all, and a customer
// sheet with hundreds of unknown columns is not one.
const maxNewColumns = 500

// newColumns counts the custom columns the plan creates.
func (p *plan) newColumns() int {
	n := 0
	for _, c := range p.cols {
		if c.Kind == KindNew && c.Target != "" {
			n++
		}
	}
	return n
}

func (p *plan) taken(name string) bool {
	_, ok := p.st.Column(name)
	return ok
}

// stats describe a column's values, to type a new column or to check that
// a built-in choice column's values fit it.
type stats struct {
	n, fail                          int
	date, nonDigit, money, marked    int
	number, decimal, leadZero, yesno int
	text                             bool // a value was none of those: the column is text
}

var yesnoWords = map[string]bool{"是": true, "否": true, "yes": true, "no": true, "y": true, "n": true,
	"true": true, "false": true, "√": true, "×": true, "✓": true, "✗": true, "有": true, "没有": true}

// add adds the tallies of o to s.
func (s *stats) add(o stats) {
	s.n += o.n
	s.fail += o.fail
	s.date += o.date
	s.nonDigit += o.nonDigit
	s.money += o.money
	s.marked += o.marked
	s.number += o.number
	s.decimal += o.decimal
	s.leadZero += o.leadZero
	s.yesno += o.yesno
	s.text = s.text || o.text
}

// observe tallies the value raw of column c into s.
func (c *column) observe(s *stats, raw string) {
	v := cleanValue(raw)
	if v == "" {
		return
	}
	s.n++
	if c.check {
		if _, err := store.ParseValue(c.col, v); err != nil {
			s.fail++
		}
		return
	}
	if c.Kind != KindNew || s.text {
		return
	}
	typed := false
	if _, err := validate.Date(stripTime(v)); err == nil {
		typed = true
		s.date++
		if strings.ContainsAny(v, "-/.年") {
			s.nonDigit++
		}
	}
	if _, err := validate.Money(v); err == nil {
		typed = true
		s.money++
		if strings.ContainsAny(v, "¥￥元万块") || strings.Contains(strings.ToUpper(v), "RMB") {
			s.marked++
		}
	}
	if _, err := validate.Number(v); err == nil {
		typed = true
		s.number++
		if strings.Contains(v, ".") {
			s.decimal++
		}
		t := strings.TrimPrefix(v, "-")
		if len(t) > 1 && t[0] == '0' && t[1] != '.' {
			s.leadZero++
		}
	}
	if yesnoWords[strings.ToLower(v)] {
		typed = true
		s.yesno++
	}
	// Every type needs every value: one value of none of them settles it.
	s.text = !typed
}

// infer types a new column: date, yes/no, money, number only when every
// value clearly is one; text otherwise.
func (s stats) infer(header string) store.Type {
	switch {
	case s.n == 0 || s.text:
		return store.Text
	case s.date == s.n && s.nonDigit == s.n:
		return store.Date
	case s.yesno == s.n:
		return store.YesNo
	case s.money == s.n && (s.marked > 0 || hinted(header, moneyHints)) && s.leadZero == 0:
		return store.Money
	case s.number == s.n && s.leadZero == 0 && (s.decimal > 0 || hinted(header, numberHints)):
		return store.Number
	}
	return store.Text
}

// placeholders are what sheets put in a cell for "nothing here" (the same
// list store.ParseValue applies).
var placeholders = map[string]bool{"-": true, "–": true, "—": true, "--": true, "——": true, "/": true,
	"N/A": true, "n/a": true, "无": true}

// cleanValue trims a cell and makes placeholders empty.
func cleanValue(raw string) string {
	v := strings.TrimFunc(raw, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\u3000' || r == '\ufeff' || r == '\n' || r == '\r'
	})
	if placeholders[v] {
		return ""
	}
	return v
}

var reISOTime = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$`)

// stripTime drops the time of an ISO date-time (a date cell formatted with
// a time, 2026-11-22 00:00:00), keeping the date.
func stripTime(v string) string {
	if m := reISOTime.FindStringSubmatch(v); m != nil {
		return m[1]
	}
	return v
}

// totalNames are the names of a sheet's total row, which is not a customer.
var totalNames = map[string]bool{"合计": true, "总计": true, "小计": true, "汇总": true, "total": true, "sum": true, "grand total": true}

// row turns the cells of one data row into a ledger row, or into the
// reasons it cannot be imported.
func (p *plan) row(cells []string, line int) (store.ImportRow, []string) {
	r := store.ImportRow{Line: line, Values: make(map[string]any, len(p.cols))}
	var reasons []string
	var op store.Opening
	nameBad := false
	bad := func(c *column, err error) {
		nameBad = nameBad || c.Target == "name"
		reasons = append(reasons, c.Header+p.lang().T("import.colsep")+i18n.Message(err, p.lang()))
	}
	for _, c := range p.cols {
		if c.Kind == KindSkip {
			continue
		}
		v := cleanValue(cell(cells, c.Column))
		if v == "" {
			continue
		}
		if len(v) > maxCellChars {
			if n := utf8.RuneCountInString(v); n > maxCellChars {
				bad(c, i18n.Errorf("import.cell.long", n, maxCellChars))
				continue
			}
		}
		switch c.Kind {
		case KindOpening:
			err := c.opening(v, &op)
			if err == nil && c.Target == "last_purchase" {
				err = p.st.CheckLastPurchase(op.Last)
			}
			if err != nil {
				bad(c, err)
			}
		default:
			if c.col.Type == store.Date {
				v = stripTime(v)
			}
			if strings.ContainsRune(v, '\r') {
				v = strings.ReplaceAll(strings.ReplaceAll(v, "\r\n", "\n"), "\r", "\n")
			}
			val, err := store.ParseValue(c.col, v)
			if err == nil {
				err = p.st.CheckValue(c.col, val)
			}
			if err != nil {
				bad(c, err)
				continue
			}
			if val == nil || val == "" {
				continue
			}
			if _, dup := r.Values[c.Target]; !dup {
				r.Values[c.Target] = val
			}
		}
	}
	name, _ := r.Values["name"].(string)
	switch {
	case name == "" && !nameBad:
		_, err := validate.Name("")
		reasons = append(reasons, i18n.Message(err, p.lang()))
	case totalNames[strings.ToLower(name)]:
		reasons = append(reasons, p.lang().T("import.totalrow"))
	}
	if op.HasSpend || op.HasCount || op.HasLast {
		r.Opening = &op
	}
	return r, reasons
}

// opening reads the value v of a summary column into op.
func (c *column) opening(v string, op *store.Opening) error {
	switch c.Target {
	case "total_spend":
		n, err := validate.Money(v)
		if err != nil {
			return err
		}
		op.Spend, op.HasSpend = n, true
	case "purchases":
		n, err := validate.Count(v)
		if err != nil {
			return err
		}
		op.Count, op.HasCount = int64(n), true
	case "last_purchase":
		d, err := validate.Date(stripTime(v))
		if err != nil {
			return err
		}
		op.Last, op.HasLast = d, true
	}
	return nil
}

// rejectWriter streams rejected rows to a temporary file beside the
// rejects path, renamed into place when the import succeeds.
type rejectWriter struct {
	path   string
	target string // path, its symbolic links followed
	header []string
	lang   i18n.Lang
	off    bool // dry run: write nothing
	f      *os.File
	w      *csv.Writer
}

func (rw *rejectWriter) write(cells []string, reason string) error {
	if rw.off {
		return nil
	}
	if rw.f == nil {
		target, err := tmpfile.Target(rw.path)
		if err != nil {
			return err
		}
		f, err := tmpfile.Beside(target)
		if err != nil {
			return fmt.Errorf("write rejects: %w", err)
		}
		rw.f, rw.target = f, target
		if _, err := f.WriteString("\xEF\xBB\xBF"); err != nil {
			return fmt.Errorf("write rejects: %w", err)
		}
		rw.w = csv.NewWriter(f)
		rw.w.UseCRLF = true
		head := make([]string, 0, len(rw.header)+1)
		for _, h := range rw.header {
			head = append(head, export.Neutralise(h, false))
		}
		if err := rw.w.Write(append(head, rw.lang.T("import.reason"))); err != nil {
			return fmt.Errorf("write rejects: %w", err)
		}
	}
	rec := make([]string, 0, max(len(cells), len(rw.header))+1)
	for _, c := range cells {
		rec = append(rec, export.Neutralise(c, false))
	}
	for len(rec) < len(rw.header) {
		rec = append(rec, "")
	}
	if err := rw.w.Write(append(rec, reason)); err != nil {
		return fmt.Errorf("write rejects: %w", err)
	}
	return nil
}

// commit moves the finished rejects file into place.
func (rw *rejectWriter) commit() error {
	if rw.f == nil {
		return nil
	}
	rw.w.Flush()
	err := rw.w.Error()
	if err == nil {
		// renamed while still open and locked, so no other run takes it
		// for a leftover
		err = os.Rename(rw.f.Name(), rw.target)
	}
	if err != nil {
		rw.abort()
		return fmt.Errorf("write rejects: %w", err)
	}
	err = rw.f.Close()
	rw.f = nil
	if err != nil {
		return fmt.Errorf("write rejects: %w", err)
	}
	return nil
}

// abort drops an unfinished rejects file.
func (rw *rejectWriter) abort() {
	if rw.f != nil {
		rw.f.Close()
		os.Remove(rw.f.Name())
		rw.f = nil
	}
}
