package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/kehu-app/kehu/tiering"
)

// ImportPreview gathers, during a first pass over a sheet, what its rows
// will weigh in tiering. Grades depend on cut points computed over the whole
// ledger, so without it every new customer would be written twice: once
// with its values, once more with its grade. With it, ImportRows grades each
// new customer as it inserts it. Rows the preview saw that the import then
// rejects or merges only make it approximate: ImportRows computes the cut
// points again at the end and rewrites the grades they move.
type ImportPreview struct {
	ws string
	// The rows that count for the cut points, in blocks of previewBlock:
	// a million of them would otherwise be copied over and over as one
	// slice grows (1.4 s of CPU at a million rows); all joins them once.
	blocks [][]tiering.Input
	days   dayCache
}

// previewBlock is how many inputs a block of ImportPreview holds.
const previewBlock = 16384

// NewImportPreview starts a preview under the ledger's current rules.
func (s *Store) NewImportPreview(ctx context.Context) (*ImportPreview, error) {
	rules, _, err := s.tieringState(ctx, s.db)
	if err != nil {
		return nil, err
	}
	return &ImportPreview{ws: rules.WindowStart(s.now()).Format(parseDay), days: dayCache{}}, nil
}

// Add counts one row of the sheet by its opening balance (nil when the row
// has none). A nil preview counts nothing.
func (p *ImportPreview) Add(o *Opening) {
	if p == nil {
		return
	}
	in := openingInput(normaliseOpening(o), 0, "", p.ws, p.days)
	// only customers with a purchase in the window weigh in the cut points
	// (tiering.ComputeCuts)
	if in.Purchases > 0 && in.Frequency > 0 && !in.LastPurchase.IsZero() {
		if n := len(p.blocks); n == 0 || len(p.blocks[n-1]) == cap(p.blocks[n-1]) {
			p.blocks = append(p.blocks, make([]tiering.Input, 0, previewBlock))
		}
		last := &p.blocks[len(p.blocks)-1]
		*last = append(*last, in)
	}
}

// all is pop followed by the inputs p holds, in the order they were added
// (a part's after those joined before it), in one new slice.
func (p *ImportPreview) all(pop []tiering.Input) []tiering.Input {
	n := len(pop)
	for _, b := range p.blocks {
		n += len(b)
	}
	out := make([]tiering.Input, 0, n)
	out = append(out, pop...)
	for _, b := range p.blocks {
		out = append(out, b...)
	}
	return out
}

// Part is an empty preview to fill beside p (on another goroutine) and
// Join into it.
func (p *ImportPreview) Part() *ImportPreview {
	if p == nil {
		return nil
	}
	return &ImportPreview{ws: p.ws, days: dayCache{}}
}

// Join adds what q saw to p.
func (p *ImportPreview) Join(q *ImportPreview) {
	if p != nil && q != nil {
		p.blocks = append(p.blocks, q.blocks...)
	}
}

// normaliseOpening is the opening balance a new customer gets from a row:
// a sheet giving a spend or a last purchase but no count means one purchase.
func normaliseOpening(p *Opening) Opening {
	var o Opening
	if p != nil {
		o = *p
	}
	if !o.HasCount && (o.Spend != 0 || o.Last != "") {
		o.Count = 1
	}
	return o
}

// openingInput is the tiering input of a customer whose only history is
// the opening balance o (as aggregate computes it without purchases).
func openingInput(o Opening, potential int64, pinned, ws string, days dayCache) tiering.Input {
	r := inputRow{openLast: o.Last, count: o.Count, openCount: o.Count, openSpend: o.Spend, potential: potential, pinned: pinned}
	if o.Count > 0 && o.Last != "" {
		r.first, r.last = o.Last, o.Last
		r.firstDay = days.day(o.Last)
		r.lastDay = r.firstDay
	}
	return r.input(0, 0, 0, ws)
}

// dayCache parses each ISO date once: a sheet's dates repeat.
type dayCache map[string]time.Time

func (c dayCache) day(s string) time.Time {
	t, ok := c[s]
	if !ok {
		t = day(s)
		if c != nil && len(c) < 1<<16 {
			c[s] = t
		}
	}
	return t
}

// startGrades reads what grading needs before any row is written: the
// window, the customers already there and, with the preview, the
// provisional cut points new customers are graded with.
func (im *importRun) startGrades(ctx context.Context, tx *sql.Tx) error {
	s := im.s
	im.now = s.now()
	im.ws = im.rules.WindowStart(im.now).Format(parseDay)
	var err error
	if im.stored, err = storedWindow(ctx, tx); err != nil {
		return err
	}
	var pop []tiering.Input
	if im.live > 0 {
		// The import adds no purchases, so the customers' window counts stay
		// right for the stored window; only a window that has moved since
		// needs the purchase log scanned.
		if im.exist, err = s.readTiers(ctx, tx, im.ws, im.stored != im.ws, im.firstNew, false); err != nil {
			return err
		}
		pop = im.exist.inputs
	}
	if p := im.opts.Preview; p != nil {
		if p.ws == im.ws {
			pop = p.all(pop)
		}
		p.blocks = nil // used up: let the memory go
	}
	im.prov = tiering.ComputeCuts(pop, im.rules, im.now)
	im.newInputs = make([]tiering.Input, 0, max(im.opts.Rows, 0))
	im.prepDays = dayCache{}
	return nil
}

// finishGrades computes the cut points over the whole ledger as it now is,
// rewrites the grades of new customers that they (or a later row of the
// sheet) move, regrades the customers who were there before and writes
// their grade moves to the history, all in the import's transaction.
func (im *importRun) finishGrades(ctx context.Context, tx *sql.Tx) (RegradeReport, error) {
	start := time.Now()
	s := im.s
	rules, now := im.rules, im.now
	exist := im.exist
	if im.touched {
		var err error
		if exist, err = s.readTiers(ctx, tx, im.ws, im.stored != im.ws, im.firstNew, false); err != nil {
			return RegradeReport{}, err
		}
	}
	pop := im.newInputs
	if exist != nil {
		pop = make([]tiering.Input, 0, len(exist.inputs)+len(im.newInputs))
		pop = append(append(pop, exist.inputs...), im.newInputs...)
	}
	computeStart := time.Now()
	cuts := tiering.ComputeCuts(pop, rules, now)
	rep := RegradeReport{Customers: len(pop), CutsChanged: !cuts.Equal(im.cuts)}
	w := gradeWriter{im: im, ctx: ctx, tx: tx}
	same := cuts.Equal(im.prov)
	for i := range im.newInputs {
		in := &im.newInputs[i]
		dirty := im.dirty[in.ID]
		if same && !dirty {
			continue // graded with these very cut points
		}
		res := tiering.Grade(*in, cuts, rules, now)
		if !dirty && sameResult(res, tiering.Grade(*in, im.prov, rules, now)) {
			continue
		}
		if err := w.update(in.ID, res); err != nil {
			return rep, err
		}
	}
	if exist != nil {
		for i, in := range exist.inputs {
			res, c := tiering.Grade(in, cuts, rules, now), exist.curs[i]
			if res.Grade == c.grade && res.Score == c.score && res.Segment == c.segment && res.Stage == c.stage {
				continue
			}
			rep.Changed++
			if err := w.update(in.ID, res); err != nil {
				return rep, err
			}
			if res.Grade == c.grade {
				continue
			}
			rep.GradeMoves++
			if len(rep.Moves) < 100 {
				var name string
				if err := tx.QueryRowContext(ctx, "SELECT name FROM customers WHERE id = ?", in.ID).Scan(&name); err != nil {
					return rep, fmt.Errorf("import: read a regraded customer: %w", err)
				}
				rep.Moves = append(rep.Moves, GradeChange{ID: in.ID, Name: name, Old: c.grade, New: res.Grade, Score: res.Score, Reason: im.reason})
			}
			if err := w.move(in.ID, c.grade, res); err != nil {
				return rep, err
			}
		}
	}
	rep.Compute = time.Since(computeStart)
	if err := w.flush(); err != nil {
		return rep, err
	}
	b, err := json.Marshal(cuts)
	if err != nil {
		return rep, fmt.Errorf("regrade: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO settings(key, value) VALUES('tiering.cuts', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", string(b)); err != nil {
		return rep, fmt.Errorf("regrade: write cuts: %w", err)
	}
	// Every customer, old and new, is now graded as of today.
	if err := setGradedFor(ctx, tx, now.Format(parseDay)); err != nil {
		return rep, err
	}
	rep.Total = time.Since(start)
	return rep, nil
}

func sameResult(a, b tiering.Result) bool {
	return a.Grade == b.Grade && a.Score == b.Score && a.Segment == b.Segment && a.Stage == b.Stage
}

// gradeWriter writes grades and grade moves in multi-row statements.
type gradeWriter struct {
	im        *importRun
	ctx       context.Context
	tx        *sql.Tx
	upd, hist []any
}

func (w *gradeWriter) update(id int64, r tiering.Result) error {
	w.upd = append(w.upd, id, r.Grade, r.Score, r.Segment, r.Stage)
	if len(w.upd) >= 5*maxInsertRows {
		return w.flushUpdates()
	}
	return nil
}

func (w *gradeWriter) move(id int64, old string, r tiering.Result) error {
	w.hist = append(w.hist, id, old, r.Grade, r.Score)
	if len(w.hist) >= 4*maxInsertRows {
		return w.flushMoves()
	}
	return nil
}

func (w *gradeWriter) flush() error {
	if err := w.flushUpdates(); err != nil {
		return err
	}
	return w.flushMoves()
}

func (w *gradeWriter) flushUpdates() error {
	if len(w.upd) == 0 {
		return nil
	}
	q := `UPDATE OR FAIL customers SET grade = v.column2, score = v.column3, segment = v.column4, stage = v.column5
		FROM (VALUES ` + strings.TrimSuffix(strings.Repeat("(?,?,?,?,?),", len(w.upd)/5), ",") + `) AS v WHERE customers.id = v.column1`
	if err := w.im.exec(w.ctx, w.tx, q, len(w.upd) == 5*maxInsertRows, w.upd...); err != nil {
		return fmt.Errorf("regrade: write grades: %w", err)
	}
	w.upd = w.upd[:0]
	return nil
}

func (w *gradeWriter) flushMoves() error {
	if len(w.hist) == 0 {
		return nil
	}
	im := w.im
	q := "INSERT OR FAIL INTO grade_history(customer_id, old_grade, new_grade, score, at, reason) VALUES " + rowsSQL(len(w.hist)/4, 4, sqlString(im.at)+","+sqlString(im.reason))
	if err := im.exec(w.ctx, w.tx, q, len(w.hist) == 4*maxInsertRows, w.hist...); err != nil {
		return fmt.Errorf("regrade: write grade history: %w", err)
	}
	w.hist = w.hist[:0]
	return nil
}
