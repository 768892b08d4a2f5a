package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"strings"
	"time"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

// importRun is one ImportRows call: its columns, statements, pending rows,
// matching and grading state.
type importRun struct {
	s       *Store
	opts    ImportOptions
	cols    []Column // the columns rows may carry, in Keys order
	created []Column
	batch   int64
	at      string
	reason  string
	rules   tiering.Rules
	cuts    tiering.Cuts
	nextID  int64
	done    int
	perStmt int // rows per multi-row statement

	pending   []prepped
	added     []prepped // flush's new customers, kept for the next flush's
	pendPhone map[string]bool
	pendName  map[string]bool
	ins       *customerInserter // new customers
	read      *sql.Stmt
	update    *sql.Stmt
	journal   *sql.Stmt
	keysOf    *sql.Stmt            // a live customer's phone, name and company
	stmts     map[string]*sql.Stmt // multi-row statements of full batches

	// Matching. When the ledger had no live customer, a row can only
	// match a customer this import added: those are found in memory (keys
	// hashed, each hit checked against the row in the ledger) and the
	// ledger is asked only when a check fails.
	live     int          // live customers when the import began
	contacts contactIndex // MergeDuplicates: their contact details
	byMemory bool         // match in memory (live == 0)
	seed     maphash.Seed
	phoneIDs map[uint64]int64 // phone → lowest id added with it
	nameAny  map[uint64]int64 // name and company → lowest id added with them
	nameBare map[uint64]int64 // the same, among customers added without a phone

	// Grading (see ImportOptions.Preview).
	now       time.Time
	ws        string          // window start
	stored    string          // window start of the customers' win_* columns
	prov      tiering.Cuts    // cut points new customers are graded with as they are written
	firstNew  int64           // id of the first customer the import adds
	newInputs []tiering.Input // every added customer's inputs, by id - firstNew
	dirty     map[int64]bool  // added customers changed after they were graded
	prepDays  dayCache        // prep's own: dates parsed once
	exist     *tierSnapshot   // live customers before the import; nil when none
	touched   bool            // one of them was changed

	// Tallies, while a large import has their triggers suspended: the
	// customers it adds are counted in memory; one it changes (a match)
	// makes it count them all again instead.
	tallies []string       // the triggers' CREATE statements; nil when not suspended
	delta   *tallyDelta    // the customers added
	profile *importProfile // the customers added, for the tier profile's tally
	recount bool           // a customer was changed: count again
}

// exec runs a multi-row statement; full batches reuse one prepared statement.
func (im *importRun) exec(ctx context.Context, tx *sql.Tx, q string, full bool, args ...any) error {
	if !full {
		_, err := tx.ExecContext(ctx, q, args...)
		return err
	}
	st, err := im.stmt(ctx, tx, q) //nolint:sqlclosecheck // cached per import; closed when the import ends
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return err
}

// stmt prepares q once per import.
func (im *importRun) stmt(ctx context.Context, tx *sql.Tx, q string) (*sql.Stmt, error) {
	if st, ok := im.stmts[q]; ok {
		return st, nil
	}
	st, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	im.stmts[q] = st
	return st, nil
}

func (s *Store) newImportRun(opts ImportOptions) (*importRun, error) {
	im := &importRun{s: s, opts: opts, reason: opts.Reason,
		pendPhone: map[string]bool{}, pendName: map[string]bool{}, stmts: map[string]*sql.Stmt{}}
	if im.reason == "" {
		im.reason = "import"
	}
	newCols := map[string]Column{}
	for _, ic := range opts.Columns {
		key := ImportColumnKey(ic.Key)
		if key == "" || key != ic.Key {
			return nil, i18n.Errorf("col.badname", ic.Key)
		}
		if _, ok := s.Column(key); ok {
			return nil, i18n.Errorf("col.exists", ic.Key)
		}
		if _, err := ParseType(string(ic.Type)); err != nil {
			return nil, err
		}
		if _, dup := newCols[key]; dup {
			return nil, i18n.Errorf("col.exists", ic.Key)
		}
		label := strings.TrimSpace(ic.Label)
		if label == "" {
			label = key
		}
		c := Column{Key: key, LabelEN: label, LabelZH: label, Type: ic.Type, Custom: true,
			sqlName: customSQLName(key), nullable: true, Width: defaultWidth(ic.Type, label)}
		newCols[key] = c
		im.created = append(im.created, c)
	}
	hasName := false
	seen := map[string]bool{}
	for _, k := range opts.Keys {
		c, ok := newCols[k]
		if !ok {
			var found bool
			c, found = s.Column(k)
			if !found || c.Key != k {
				return nil, i18n.Errorf("col.unknown", k)
			}
		}
		if c.ReadOnly {
			return nil, i18n.Errorf("col.readonly", k)
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		im.cols = append(im.cols, c)
		hasName = hasName || k == "name"
	}
	if !hasName {
		return nil, i18n.Errorf("col.unknown", "name")
	}
	return im, nil
}

func (im *importRun) prepare(ctx context.Context, tx *sql.Tx) error {
	s := im.s
	for _, c := range im.created {
		if err := addColumnTx(ctx, tx, c, s.timestamp()); err != nil {
			return fmt.Errorf("add column %q: %w", c.LabelEN, err)
		}
	}
	var err error
	if im.rules, im.cuts, err = s.tieringState(ctx, tx); err != nil {
		return err
	}
	if im.batch, err = s.newBatch(ctx, tx); err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) + 1 FROM customers").Scan(&im.nextID); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	im.firstNew = im.nextID
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM customers WHERE deleted_at IS NULL").Scan(&im.live); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if im.opts.MergeDuplicates && im.live > 0 {
		var err error
		if im.contacts, err = buildContactIndex(ctx, tx); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	im.dirty = map[int64]bool{}
	if im.byMemory = im.live == 0; im.byMemory {
		im.seed = maphash.MakeSeed()
		im.phoneIDs, im.nameAny, im.nameBare = map[uint64]int64{}, map[uint64]int64{}, map[uint64]int64{}
	}
	im.at = s.timestamp()
	im.ins = newCustomerInserter(tx, im.cols, false, im.at)
	im.perStmt = im.ins.perStmt
	names := make([]string, len(im.cols))
	for i, c := range im.cols {
		names[i] = c.sqlName
	}
	prep := func(dst **sql.Stmt, q string) {
		if err != nil {
			return
		}
		*dst, err = tx.PrepareContext(ctx, q) //nolint:sqlclosecheck // kept for the import; closed when it ends
		if err != nil {
			err = fmt.Errorf("prepare import: %w", err)
		}
	}
	prep(&im.read, fmt.Sprintf("SELECT %s, opening_spend, opening_count, opening_last FROM customers WHERE id = ?", strings.Join(names, ",")))
	sets := make([]string, 0, len(names)+4)
	for _, n := range names {
		sets = append(sets, n+" = ?")
	}
	sets = append(sets, "opening_spend = ?", "opening_count = ?", "opening_last = ?", "updated_at = ?")
	prep(&im.update, "UPDATE customers SET "+strings.Join(sets, ", ")+" WHERE id = ?")
	prep(&im.journal, "INSERT INTO journal(batch, at, op, entity, entity_id, field, old, new) VALUES(?,?,?,?,?,?,?,?)")
	prep(&im.keysOf, "SELECT phone, name, company FROM customers WHERE id = ? AND deleted_at IS NULL")
	return err
}

// resumeTallies brings the tallies up to date with what the import wrote
// while their triggers were suspended, and creates the triggers again.
func (im *importRun) resumeTallies(ctx context.Context, tx *sql.Tx) error {
	if im.tallies == nil {
		return nil
	}
	var err error
	if im.recount {
		err = resumeTallies(ctx, tx, im.tallies)
	} else if err = im.applyProfile(ctx, tx); err != nil {
		return err
	} else if err = im.delta.apply(ctx, tx); err == nil {
		err = recreateTallyTriggers(ctx, tx, im.tallies)
	}
	im.tallies = nil
	return err
}

func (im *importRun) close() {
	if im.ins != nil {
		im.ins.close()
	}
	for _, st := range []*sql.Stmt{im.read, im.update, im.journal, im.keysOf} {
		if st != nil {
			st.Close()
		}
	}
	for _, st := range im.stmts {
		st.Close()
	}
}

// prepped is a row made ready for writing.
type prepped struct {
	row     ImportRow
	phone   string
	nameKey string
	args    []any          // the insert's values should it add a customer; args[0], the id, is set then
	in      tiering.Input  // that customer's tiering inputs (ID set when added)
	tally   tallyRow       // what the tallies count of it, added
	profile profileFigures // what the tier profile's tally counts of it, added
	err     error
}

// prep checks a row and works out what adding it would write, graded with
// the provisional cut points. It runs beside the writer: it reads only
// what does not change during the import.
func (im *importRun) prep(row ImportRow) prepped {
	p := prepped{row: row}
	if name, _ := row.Values["name"].(string); name == "" {
		p.err = fmt.Errorf("row %d: %w", row.Line, i18n.Errorf("col.unknown", "name"))
		return p
	}
	p.phone, p.nameKey = rowKeys(row)
	o := normaliseOpening(row.Opening)
	potential, _ := row.Values["potential"].(int64)
	pinned, _ := row.Values["pinned"].(string)
	p.in = openingInput(o, potential, pinned, im.ws, im.prepDays)
	nc := newCustomer{values: row.Values, opening: o, agg: aggregate(nil, 0, o.Spend, o.Count, o.Last),
		grade: tiering.Grade(p.in, im.prov, im.rules, im.now)}
	var err error
	if p.args, err = im.ins.args(make([]any, 0, im.ins.perRow), &nc); err != nil {
		p.err = fmt.Errorf("row %d: %w", row.Line, err)
	}
	next, _ := row.Values["next_follow_up"].(string)
	owner, _ := row.Values["owner"].(string)
	p.tally = tallyRow{next: next, createdDay: im.at[:min(10, len(im.at))], grade: nc.grade.Grade, owner: owner,
		segment: nc.grade.Segment, spend: nc.agg.total}
	source, sourceOK := textValue(row.Values, "source")
	industry, industryOK := textValue(row.Values, "industry")
	owner, ownerOK := textValue(row.Values, "owner")
	p.profile = profileFigures{spend: nc.agg.total, first: nc.agg.first, last: nc.agg.last, stage: nc.grade.Stage,
		grade: nc.grade.Grade, segment: nc.grade.Segment, owner: owner, source: source, industry: industry,
		odd: !sourceOK || !industryOK || !ownerOK}
	return p
}

// push queues a row; rows that could match a queued one are written after it.
func (im *importRun) push(ctx context.Context, tx *sql.Tx, p prepped, res *ImportResult) error {
	phone, nameKey := p.phone, p.nameKey
	if (phone != "" && im.pendPhone[phone]) || im.pendName[nameKey] {
		if err := im.flush(ctx, tx, res); err != nil {
			return err
		}
	}
	im.pending = append(im.pending, p)
	if phone != "" {
		im.pendPhone[phone] = true
	}
	im.pendName[nameKey] = true
	if len(im.pending) >= im.perStmt {
		return im.flush(ctx, tx, res)
	}
	return nil
}

// flush writes the queued rows: matches update their customer one by one,
// new customers go in multi-row inserts.
func (im *importRun) flush(ctx context.Context, tx *sql.Tx, res *ImportResult) error {
	if len(im.pending) == 0 {
		return nil
	}
	ids, err := im.match(ctx, tx, im.pending)
	if err != nil {
		return err
	}
	added := im.added[:0]
	for i, p := range im.pending {
		row := p.row
		merged := false
		if ids[i] == 0 && im.contacts != nil {
			ids[i] = im.contacts.find(row)
			merged = ids[i] != 0
		}
		if ids[i] == 0 {
			added = append(added, p)
			continue
		}
		im.recount = true // (the tallies did not see the change)
		changed, err := im.change(ctx, tx, ids[i], row)
		if err != nil {
			return fmt.Errorf("row %d: %w", row.Line, err)
		}
		if err := im.compareAccounts(ctx, tx, ids[i], row, res); err != nil {
			return fmt.Errorf("row %d: %w", row.Line, err)
		}
		if merged {
			res.Merged++
		} else if changed {
			res.Updated++
		} else {
			res.Unchanged++
		}
	}
	if err := im.add(ctx, tx, added); err != nil {
		return err
	}
	res.Added += len(added)
	clear(added) // (let the rows go)
	im.added = added[:0]
	im.done += len(im.pending)
	clear(im.pending) // (let the rows go)
	im.pending = im.pending[:0]
	clear(im.pendPhone)
	clear(im.pendName)
	return nil
}

// add inserts new customers, graded with the provisional cut points (see
// finishGrades), through the shared insert in multi-row statements;
// journalAdded writes their one journal entry at the end.
func (im *importRun) add(ctx context.Context, tx *sql.Tx, rows []prepped) error {
	if len(rows) == 0 {
		return nil
	}
	args := make([]any, 0, len(rows)*im.ins.perRow)
	for _, p := range rows {
		id := im.nextID
		im.nextID++
		p.args[0] = id
		args = append(args, p.args...)
		p.in.ID = id
		im.newInputs = append(im.newInputs, p.in)
		if im.delta != nil {
			im.delta.add(p.tally)
			im.profile.add(&p.profile)
		}
		if im.byMemory {
			name, _ := p.row.Values["name"].(string)
			company, _ := p.row.Values["company"].(string)
			im.remember(id, p.phone, name, company)
		}
	}
	if _, err := im.ins.insert(ctx, args); err != nil {
		return err
	}
	for _, p := range rows {
		if err := im.openAccounts(ctx, tx, p.args[0].(int64), p.row.Accounts); err != nil {
			return fmt.Errorf("row %d: %w", p.row.Line, err)
		}
	}
	return nil
}

// journalAdded writes the one journal entry of the customers the import
// added: their ids run from firstNew to nextID-1, and their values are the
// rows themselves (each later change is journalled with its old value, so
// what the import wrote can always be told). Undoing it trashes them all in
// one statement.
func (im *importRun) journalAdded(ctx context.Context, added int) error {
	if added == 0 {
		return nil
	}
	b, err := json.Marshal(importEntry{Last: im.nextID - 1, Added: added, Source: im.reason})
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	if _, err := im.journal.ExecContext(ctx, im.batch, im.at, "import", "customers", im.firstNew, "", nil, string(b)); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}

// importEntry is the new value of an "import" journal entry, whose
// entity_id is the first customer added.
type importEntry struct {
	Last   int64  `json:"last"`   // the last customer added
	Added  int    `json:"added"`  // how many (Last - entity_id + 1)
	Source string `json:"source"` // e.g. "import customers.xlsx"
}

// change merges a row into customer id; it reports whether anything changed.
func (im *importRun) change(ctx context.Context, tx *sql.Tx, id int64, row ImportRow) (bool, error) {
	raw := make([]any, len(im.cols)+3)
	dest := make([]any, len(raw))
	for i := range raw {
		dest[i] = &raw[i]
	}
	if err := im.read.QueryRowContext(ctx, id).Scan(dest...); err != nil {
		return false, fmt.Errorf("read customer %d: %w", id, err)
	}
	args := make([]any, 0, len(im.cols)+5)
	changed := false
	for i, c := range im.cols {
		old := normalise(c, raw[i])
		v, ok := row.Values[c.Key]
		if !ok || sameValue(old, v) {
			args = append(args, dbValue(old))
			continue
		}
		changed = true
		args = append(args, dbValue(v))
		if err := im.log(ctx, "edit", id, c.Key, old, v); err != nil {
			return false, err
		}
	}
	n := len(im.cols)
	oldSpend, _ := raw[n].(int64)
	oldCount, _ := raw[n+1].(int64)
	oldLast, _ := raw[n+2].(string)
	o := Opening{Spend: oldSpend, Count: oldCount, Last: oldLast}
	if p := row.Opening; p != nil {
		if p.HasSpend {
			o.Spend = p.Spend
		}
		if p.HasCount {
			o.Count = p.Count
		}
		if p.HasLast {
			o.Last = p.Last
		}
		if !p.HasCount && o.Count == 0 && (o.Spend != 0 || o.Last != "") {
			o.Count = 1
		}
	}
	openingChanged := o.Spend != oldSpend || o.Count != oldCount || o.Last != oldLast
	if !changed && !openingChanged {
		return false, nil
	}
	args = append(args, o.Spend, o.Count, o.Last, im.at, id)
	if _, err := im.update.ExecContext(ctx, args...); err != nil {
		return false, fmt.Errorf("update customer %d: %w", id, err)
	}
	if openingChanged {
		if _, err := im.s.refreshAggregates(ctx, tx, id); err != nil {
			return false, err
		}
	}
	if id >= im.firstNew {
		// added by this import: its inputs change, its grade is redone at the end
		in := &im.newInputs[id-im.firstNew]
		potential, pinned := int64(in.Potential), in.Pinned
		if v, ok := row.Values["potential"].(int64); ok {
			potential = v
		}
		if v, ok := row.Values["pinned"].(string); ok {
			pinned = v
		}
		*in = openingInput(o, potential, pinned, im.ws, nil)
		in.ID = id
		im.dirty[id] = true
	} else {
		im.touched = true
	}
	if im.byMemory {
		_, p := row.Values["phone"]
		_, n := row.Values["name"]
		_, c := row.Values["company"]
		if p || n || c {
			var phone, name, company string
			if err := im.keysOf.QueryRowContext(ctx, id).Scan(&phone, &name, &company); err != nil {
				return false, fmt.Errorf("read customer %d: %w", id, err)
			}
			im.remember(id, phone, name, company)
		}
	}
	return true, nil
}

func sameValue(old, v any) bool {
	if (old == nil) != (v == nil) {
		return false
	}
	if b, ok := v.(bool); ok {
		ob, isBool := old.(bool)
		return isBool && ob == b
	}
	return fmt.Sprint(old) == fmt.Sprint(v)
}

func (im *importRun) log(ctx context.Context, op string, id int64, field string, old, new any) error {
	o, n, err := journalValues(old, new)
	if err != nil {
		return err
	}
	if _, err := im.journal.ExecContext(ctx, im.batch, im.at, op, "customers", id, field, o, n); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}
