package importer

import (
	"context"
	"errors"
	"io"
	"runtime"
	"slices"
	"sync"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// headerScan is how many non-blank rows at the top may precede the header
// (a title such as 客户名单2024, a date line...).
const headerScan = 10

// topRow is a non-blank row among the first of a sheet.
type topRow struct {
	line  int
	cells []string
}

// findHeader reads the first headerScan non-blank rows of src and picks the
// first that isHeader accepts (the first row when none is). It returns the
// rows read, the header's index among them and whether the sheet ended
// there. A sheet with no non-blank row is an error.
func findHeader(src source, isHeader func(cells []string) bool) (top []topRow, hdr int, eof bool, err error) {
	for len(top) < headerScan {
		cells, err := src.Next()
		if errors.Is(err, io.EOF) {
			eof = true
			break
		}
		if err != nil {
			return nil, 0, false, err
		}
		if blank(cells) {
			continue
		}
		top = append(top, topRow{src.Line(), append([]string(nil), cells...)})
	}
	if len(top) == 0 {
		return nil, 0, false, i18n.Errorf("import.empty")
	}
	for i, r := range top {
		if isHeader(r.cells) {
			return top, i, eof, nil
		}
	}
	return top, 0, eof, nil
}

// scan reads the file once: it finds the header row, maps the headers,
// gathers what the values of each column look like and shows preview the
// opening balances. It returns the number of data rows.
func (p *plan) scan(ctx context.Context, b book, rep *Report, preview *store.ImportPreview) (int, error) {
	src, err := b.rows()
	if err != nil {
		return 0, err
	}
	defer closeSource(src)
	top, hdr, eof, err := findHeader(src, p.looksLikeHeader)
	if err != nil {
		return 0, err
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
