package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/kehu-app/kehu/tiering"
	"github.com/kehu-app/kehu/validate"
)

// Agenda item kinds, as reported in AgendaItem.Kind.
const (
	AgendaOverdue = "overdue" // a follow-up date before the agenda's date
	AgendaDue     = "due"     // a follow-up date on the agenda's date
	AgendaCadence = "cadence" // no follow-up set and past the grade's contact cadence
	AgendaChurn   = "churn"   // turned dormant within the last ChurnWarnDays days
	// AgendaComplaint: has an open complaint; Days counts from the oldest.
	AgendaComplaint = "complaint"
)

// AgendaLimit is how many items of each kind and grade Agenda lists (the
// totals count them all).
const AgendaLimit = 100

// ChurnWarnDays: a customer that turned dormant within this many days is
// listed as a churn warning, until it is contacted.
const ChurnWarnDays = 30

// Agenda is the day's work: follow-ups due and overdue and customers past
// their grade's contact cadence, grade A first, and churn warnings. Lists are
// capped at AgendaLimit per kind and grade; the totals count everything.
// Overdue credit comes after the open complaints, in a list of its own.
type Agenda struct {
	Date string `json:"date"`
	// Complaints are the customers with an open complaint, oldest
	// complaint first: they come before everything else.
	Complaints []AgendaItem            `json:"complaints"`
	Credit     []AgendaItem            `json:"credit"` // overdue credit, longest unpaid first (after complaints)
	Items      []AgendaItem            `json:"items"`  // by grade (A first), then overdue, due, cadence
	Churn      []AgendaItem            `json:"churn"`  // grade A first, best score first
	Totals     AgendaCounts            `json:"totals"`
	ByGrade    map[string]AgendaCounts `json:"by_grade"`
	Cadence    map[string]int          `json:"cadence"`         // the contact cadence in days per grade used
	Labels     map[string]string       `json:"labels"`          // the owner's grade labels
	Owner      string                  `json:"owner,omitempty"` // the staff member the agenda is for ("" everyone's)
}

// AgendaCounts counts agenda items by kind.
type AgendaCounts struct {
	Overdue int `json:"overdue"`
	Due     int `json:"due"`
	Cadence int `json:"cadence"`
	Churn   int `json:"churn"`
	// Complaints counts the customers with an open complaint (not in Sum:
	// they are listed apart).
	Complaints int `json:"complaints,omitempty"`
	Credit     int `json:"credit,omitempty"` // customers with overdue credit (not in Sum)
}

// Sum is the number of items to contact (churn warnings excluded).
func (c AgendaCounts) Sum() int { return c.Overdue + c.Due + c.Cadence }

func (c *AgendaCounts) add(kind string, n int) {
	switch kind {
	case AgendaOverdue:
		c.Overdue += n
	case AgendaDue:
		c.Due += n
	case AgendaCadence:
		c.Cadence += n
	case AgendaChurn:
		c.Churn += n
	}
}

// AgendaItem is one customer to contact.
type AgendaItem struct {
	Kind         string  `json:"kind"` // one of the Agenda* kinds
	CustomerID   int64   `json:"customer_id"`
	Name         string  `json:"name"`
	Phone        string  `json:"phone"`
	Grade        string  `json:"grade"`
	Score        float64 `json:"score"`
	NextFollowUp string  `json:"next_follow_up"`
	LastContact  string  `json:"last_contact"`
	LastPurchase string  `json:"last_purchase"`
	// Days is, for overdue items, how many days late the follow-up is; for
	// cadence items the days since the last contact (or since the customer
	// was added, when never contacted); for churn warnings the days since the
	// last purchase; 0 for follow-ups due on the day.
	Days int `json:"days"`
	// CadenceDays is the grade's contact cadence (cadence items).
	CadenceDays int `json:"cadence_days,omitempty"`
	// DormantSince is the date the customer turned dormant (churn warnings
	// by the stage rule).
	DormantSince string `json:"dormant_since,omitempty"`
	// Channels are the contact channels the grade's service policy prefers,
	// most preferred first: how to reach this customer.
	Channels []string `json:"channels"`
	// Owner is who looks after the customer: its own owner, else its
	// grade's default owner ("" for no one).
	Owner string `json:"owner"`
	// OpenComplaints is how many open complaints the customer has, and
	// ComplaintSince the day the oldest was logged (complaint items).
	OpenComplaints int    `json:"open_complaints,omitempty"`
	ComplaintSince string `json:"complaint_since,omitempty"`
	// PAlive and ValueAtRisk (fen) are set on churn warnings by the purchase
	// models: the probability the customer is still active and the value
	// that would be lost, (1 − PAlive) times the customer's 12-month value
	// were it still active.
	PAlive      *float64 `json:"p_alive,omitempty"`
	ValueAtRisk int64    `json:"value_at_risk,omitempty"`
	// Owed is what the customer owes, in fen, and OwedSince the date of the
	// oldest charge not repaid (overdue credit; Days counts from it).
	Owed      int64  `json:"owed,omitempty"`
	OwedSince string `json:"owed_since,omitempty"`
}

// agendaCols are the customer columns an agenda item reads.
const agendaCols = "id, name, phone, grade, score, next_follow_up, last_contact, last_purchase, substr(created_at, 1, 10), median_gap, owner"

// Agenda returns the agenda for date (ISO or any accepted date shape; "" is
// today). It reads indexed columns only (next_follow_up, last_contact,
// last_purchase, grade), so it stays fast on large ledgers.
func (s *Store) Agenda(ctx context.Context, date string) (Agenda, error) {
	return s.AgendaFor(ctx, date, "")
}

// AgendaFor is the agenda of one staff member: the customers they own,
// and those with no owner whose grade's policy names them the default
// owner. An owner "" is everyone's agenda (Agenda); one not on the staff
// list is refused.
func (s *Store) AgendaFor(ctx context.Context, date, owner string) (Agenda, error) {
	owner = strings.TrimSpace(owner)
	if err := s.checkOwner(ctx, owner); err != nil {
		return Agenda{}, err
	}
	if strings.TrimSpace(date) == "" {
		date = s.today()
	} else {
		d, err := validate.Date(date)
		if err != nil {
			return Agenda{}, err
		}
		date = d
	}
	day0, err := time.ParseInLocation(parseDay, date, time.Local)
	if err != nil {
		return Agenda{}, fmt.Errorf("agenda: %w", err)
	}
	rules, err := s.Rules(ctx)
	if err != nil {
		return Agenda{}, err
	}
	a := Agenda{Date: date, ByGrade: map[string]AgendaCounts{}, Cadence: map[string]int{}, Labels: map[string]string{}, Items: []AgendaItem{}, Churn: []AgendaItem{}, Owner: owner, Complaints: []AgendaItem{}, Credit: []AgendaItem{}}
	of := ownerFilter(rules, owner)
	shift := func(days int) string { return day0.AddDate(0, 0, days).Format(parseDay) }

	for _, g := range tiering.Grades() {
		a.Cadence[g] = rules.CadenceDays(g)
		a.Labels[g] = rules.Label(g)
	}

	churn, err := s.startChurn(ctx, day0, rules, of)
	if err != nil {
		return Agenda{}, err
	}
	defer churn.wg.Wait() // (an error below returns while they run)

	// Follow-ups overdue and due, counted from the agenda tally (sums over
	// ranges of days); each grade's list walks its range of customers_agenda
	// (grade, next_follow_up, score, ...) in order, up to the limit.
	const byAgenda = "customers INDEXED BY customers_agenda"
	kinds := []struct {
		kind, count, where, order string
	}{
		{AgendaOverdue, "follow_up = 1 AND day < ?", "next_follow_up > '' AND next_follow_up < ?", "next_follow_up, id"},
		{AgendaDue, "follow_up = 1 AND day = ?", "next_follow_up = ?", "score DESC, id"},
	}
	for _, k := range kinds {
		counts, err := s.tallyCounts(ctx, k.count+of.sql, append([]any{date}, of.args...))
		if err != nil {
			return Agenda{}, err
		}
		for _, g := range tiering.Grades() {
			if counts[g] == 0 {
				continue
			}
			a.count(g, k.kind, counts[g])
			items, err := s.agendaItems(ctx, k.kind, byAgenda, "grade = ? AND "+k.where+of.sql, append([]any{g, date}, of.args...), k.order)
			if err != nil {
				return Agenda{}, err
			}
			for _, it := range items {
				if k.kind == AgendaOverdue {
					it.Days = daysBetween(it.NextFollowUp, date)
				}
				a.Items = append(a.Items, it.AgendaItem)
			}
		}
	}

	// Past the grade's cadence with no follow-up set, measured from the last
	// contact, or from when the customer was added if never contacted (the
	// tally's day when no follow-up is set). Those can be most of the
	// ledger: the tally counts them, and each grade's list walks its
	// customers without a follow-up in customers_agenda from the best score
	// down, stopping at the limit.
	ref := "iif(last_contact = '', substr(created_at, 1, 10), last_contact)"
	var or []string
	var cutArgs []any
	for _, g := range tiering.Grades() {
		if c := a.Cadence[g]; c > 0 {
			or = append(or, "grade = ? AND day <= ?")
			cutArgs = append(cutArgs, g, shift(-c))
		}
	}
	if len(or) > 0 {
		where := "follow_up = 0 AND (" + strings.Join(or, " OR ") + ")"
		counts, err := s.tallyCounts(ctx, where+of.sql, append(cutArgs, of.args...))
		if err != nil {
			return Agenda{}, err
		}
		for _, g := range tiering.Grades() {
			c := a.Cadence[g]
			if counts[g] == 0 || c <= 0 {
				continue
			}
			a.count(g, AgendaCadence, counts[g])
			items, err := s.agendaItems(ctx, AgendaCadence, byAgenda,
				"grade = ? AND next_follow_up = '' AND "+ref+" <= ?"+of.sql, append([]any{g, shift(-c)}, of.args...), "score DESC, id DESC")
			if err != nil {
				return Agenda{}, err
			}
			for _, it := range items {
				it.CadenceDays = c
				r := it.LastContact
				if r == "" {
					r = it.created
				}
				it.Days = daysBetween(r, date)
				a.Items = append(a.Items, it.AgendaItem)
			}
		}
	}

	if err := churn.wait(&a); err != nil {
		return Agenda{}, err
	}
	if err := s.creditOverdue(ctx, &a, day0, of); err != nil {
		return Agenda{}, err
	}

	if err := s.openComplaints(ctx, &a, of); err != nil {
		return Agenda{}, err
	}
	withChannels(a.Complaints, rules)
	withChannels(a.Items, rules)
	withChannels(a.Churn, rules)
	withChannels(a.Credit, rules)
	order := map[string]int{AgendaOverdue: 0, AgendaDue: 1, AgendaCadence: 2}
	slices.SortStableFunc(a.Items, func(x, y AgendaItem) int {
		if x.Grade != y.Grade {
			return strings.Compare(x.Grade, y.Grade)
		}
		return order[x.Kind] - order[y.Kind]
	})
	return a, nil
}

// withChannels gives each item its grade's preferred contact channels, and
// its grade's default owner when it has none of its own.
func withChannels(items []AgendaItem, rules tiering.Rules) {
	byGrade := map[string][]string{}
	for _, g := range tiering.Grades() {
		byGrade[g] = rules.Policy(g).Channels
	}
	for i := range items {
		if items[i].Owner == "" && tiering.ValidGrade(items[i].Grade) {
			items[i].Owner = rules.Policy(items[i].Grade).Owner
		}
		items[i].Channels = byGrade[items[i].Grade]
		if items[i].Channels == nil {
			items[i].Channels = []string{}
		}
	}
}

// openComplaints lists the customers with an open complaint, oldest
// complaint first, up to AgendaLimit; the total counts them all.
func (s *Store) openComplaints(ctx context.Context, a *Agenda, of sqlFilter) error {
	// Counted from an index holding the complaining live customers' owners
	// and grades (a fifth of a large ledger can have one open): no row of
	// the table is read.
	where := "deleted_at IS NULL AND open_complaints > 0" + of.sql
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM customers INDEXED BY customers_complaining WHERE "+where, of.args...).Scan(&a.Totals.Complaints); err != nil {
		return fmt.Errorf("agenda: complaints: %w", err)
	}
	if a.Totals.Complaints == 0 {
		return nil
	}
	// The open complaints in the order they were logged: a customer's first
	// is its oldest. The walk stops once AgendaLimit customers are found and
	// the day of the last of them is over (customers whose oldest complaint
	// is of the same day are listed by id). (complaint != '' is the index's
	// condition: SQLite uses a partial index only for a query that says it.)
	rows, err := s.db.QueryContext(ctx, `SELECT k.customer_id, substr(k.at, 1, 10) FROM contacts k INDEXED BY contacts_complaints
		JOIN customers ON customers.id = k.customer_id
		WHERE k.complaint != '' AND k.complaint = 'open' AND customers.deleted_at IS NULL`+of.sql+" ORDER BY k.at", of.args...)
	if err != nil {
		return fmt.Errorf("agenda: complaints: %w", err)
	}
	since := map[int64]string{}
	var ids []int64
	for rows.Next() {
		var id int64
		var day string
		if err := rows.Scan(&id, &day); err != nil {
			rows.Close() //nolint:sqlclosecheck // closed on every path; a defer would hold it past the loop
			return fmt.Errorf("agenda: complaints: %w", err)
		}
		if _, seen := since[id]; seen {
			continue
		}
		if len(ids) >= AgendaLimit && day > since[ids[len(ids)-1]] {
			break
		}
		since[id] = day
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("agenda: complaints: %w", err)
	}
	slices.SortStableFunc(ids, func(x, y int64) int {
		if c := cmp.Compare(since[x], since[y]); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	})
	ids = ids[:min(len(ids), AgendaLimit)]
	items, err := s.complaintItems(ctx, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		it, ok := items[id]
		if !ok {
			continue
		}
		it.ComplaintSince = since[id]
		it.Days = daysBetween(it.ComplaintSince, a.Date)
		a.Complaints = append(a.Complaints, it)
	}
	return nil
}

// complaintItems reads the agenda rows of the customers ids.
func (s *Store) complaintItems(ctx context.Context, ids []int64) (map[int64]AgendaItem, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+agendaCols+", open_complaints FROM customers WHERE id IN (?"+strings.Repeat(", ?", len(ids)-1)+")", args...)
	if err != nil {
		return nil, fmt.Errorf("agenda: complaints: %w", err)
	}
	defer rows.Close()
	items := make(map[int64]AgendaItem, len(ids))
	for rows.Next() {
		it := AgendaItem{Kind: AgendaComplaint}
		var created string
		var gap float64
		if err := rows.Scan(&it.CustomerID, &it.Name, &it.Phone, &it.Grade, &it.Score, &it.NextFollowUp, &it.LastContact, &it.LastPurchase,
			&created, &gap, &it.Owner, &it.OpenComplaints); err != nil {
			return nil, fmt.Errorf("agenda: complaints: %w", err)
		}
		items[it.CustomerID] = it
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("agenda: complaints: %w", err)
	}
	return items, nil
}

// sqlFilter is an extra condition (" AND ...") with its arguments.
type sqlFilter struct {
	sql  string
	args []any
}

// ownerFilter keeps the customers owner looks after: their own, and those
// without an owner in a grade whose policy names owner its default owner.
func ownerFilter(rules tiering.Rules, owner string) sqlFilter {
	if owner == "" {
		return sqlFilter{}
	}
	f := sqlFilter{sql: " AND (owner = ?", args: []any{owner}}
	var grades []string
	for _, g := range tiering.Grades() {
		if rules.Policy(g).Owner == owner {
			grades = append(grades, "?")
			f.args = append(f.args, g)
		}
	}
	if len(grades) > 0 {
		f.sql += " OR owner = '' AND grade IN (" + strings.Join(grades, ",") + ")"
	}
	f.sql += ")"
	return f
}

func (a *Agenda) count(grade, kind string, n int) {
	c := a.ByGrade[grade]
	c.add(kind, n)
	a.ByGrade[grade] = c
	a.Totals.add(kind, n)
}

// tallyCounts sums the agenda tally's rows matching where, per grade.
func (s *Store) tallyCounts(ctx context.Context, where string, args []any) (map[string]int, error) {
	out, err := s.groupCounts(ctx, "SELECT grade, sum(n) FROM agenda_tally WHERE "+where+" GROUP BY grade", args)
	if err != nil {
		return nil, fmt.Errorf("agenda: %w", err)
	}
	return out, nil
}

// groupCounts runs q, which selects a key and a count, into a map.
func (s *Store) groupCounts(ctx context.Context, q string, args []any) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var g string
		var n int
		if err := rows.Scan(&g, &n); err != nil {
			return nil, err
		}
		out[g] = n
	}
	return out, rows.Err()
}

// agendaRow is an item with the columns it needs but does not report.
type agendaRow struct {
	AgendaItem
	created   string
	medianGap float64
}

// agendaItems lists up to AgendaLimit live customers matching where, in
// order.
func (s *Store) agendaItems(ctx context.Context, kind, from, where string, args []any, order string) ([]agendaRow, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+agendaCols+" FROM "+from+" WHERE deleted_at IS NULL AND "+where+" ORDER BY "+order+" LIMIT ?",
		append(slices.Clone(args), AgendaLimit)...)
	if err != nil {
		return nil, fmt.Errorf("agenda: %w", err)
	}
	defer rows.Close()
	var out []agendaRow
	for rows.Next() {
		it, err := scanAgendaRow(rows, kind)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

func scanAgendaRow(rows *sql.Rows, kind string) (agendaRow, error) {
	it := agendaRow{AgendaItem: AgendaItem{Kind: kind}}
	if err := rows.Scan(&it.CustomerID, &it.Name, &it.Phone, &it.Grade, &it.Score, &it.NextFollowUp, &it.LastContact, &it.LastPurchase, &it.created, &it.medianGap, &it.Owner); err != nil {
		return it, fmt.Errorf("agenda: %w", err)
	}
	return it, nil
}

// churnWarnings counts and lists (per grade, best score first, up to
// AgendaLimit) the customers that turned dormant within the last
// ChurnWarnDays days and were not contacted since: their dormancy threshold
// T = max(90, 3 × median gap) days without a purchase was crossed (the
// customer is dormant once more than T days passed) and they are not
// churned yet. The day each buyer turns dormant is indexed
// (customers_dormant): the candidates are one range of it, checked exactly
// here.
//
// With byModel (the purchase models gave the warnings of the customers with
// a P(alive)), the rule speaks only for those without one.
func (s *Store) churnWarnings(ctx context.Context, day0 time.Time, of sqlFilter, byModel bool) (counts map[string]int, items []AgendaItem, err error) {
	shift := func(days int) string { return day0.AddDate(0, 0, days).Format(parseDay) }
	lo, hi := shift(-(tiering.ChurnDays - 1)), shift(-(tiering.DormantDays + 1))
	near := shift(-(tiering.DormantDays + ChurnWarnDays))
	onlyUnmodelled := ""
	if byModel {
		onlyUnmodelled = " AND " + modelColumnSQL(valuePAlive, day0) + " IS NULL"
	}
	// The candidates' figures come from the index alone (it carries every
	// column read here); only the listed customers' rows are read after.
	rows, err := s.db.QueryContext(ctx, `SELECT id, grade, score, last_contact, last_purchase, median_gap FROM customers INDEXED BY customers_dormant
		WHERE deleted_at IS NULL AND last_purchase > '' AND `+dormantDaySQL+` BETWEEN ? AND ?
		AND last_purchase BETWEEN ? AND ? AND (last_purchase >= ? OR median_gap > ?)`+onlyUnmodelled+of.sql,
		append([]any{shift(-(ChurnWarnDays - 1)), shift(0), lo, hi, near, float64(tiering.DormantDays) / tiering.DormantGapFactor}, of.args...)...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	type warning struct {
		id                  int64
		score               float64
		days                int
		dormantSince, grade string
	}
	byGrade := map[string][]warning{}
	for rows.Next() {
		var w warning
		var lastContact, lastPurchase string
		var gap float64
		if err := rows.Scan(&w.id, &w.grade, &w.score, &lastContact, &lastPurchase, &gap); err != nil {
			return nil, nil, fmt.Errorf("agenda: %w", err)
		}
		last := day(lastPurchase)
		if last.IsZero() {
			continue
		}
		days := tiering.DaysSince(last, day0)
		t := max(float64(tiering.DormantDays), tiering.DormantGapFactor*gap)
		crossedAfter := int(t) // dormant from day crossedAfter+1
		if float64(days) <= t || days > crossedAfter+ChurnWarnDays || days >= tiering.ChurnDays {
			continue
		}
		w.days = days
		w.dormantSince = last.AddDate(0, 0, crossedAfter+1).Format(parseDay)
		if lastContact >= w.dormantSince {
			continue // contacted since it turned dormant
		}
		byGrade[w.grade] = append(byGrade[w.grade], w)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	counts = map[string]int{}
	var listed []warning
	for _, g := range slices.Sorted(maps.Keys(byGrade)) {
		list := byGrade[g]
		counts[g] = len(list)
		slices.SortFunc(list, func(x, y warning) int {
			if x.score != y.score {
				if x.score > y.score {
					return -1
				}
				return 1
			}
			return cmp.Compare(x.id, y.id)
		})
		listed = append(listed, list[:min(len(list), AgendaLimit)]...)
	}
	ids := make([]int64, len(listed))
	for i, w := range listed {
		ids[i] = w.id
	}
	read, err := s.agendaRowsByID(ctx, ids, AgendaChurn)
	if err != nil {
		return nil, nil, err
	}
	for _, w := range listed {
		it, ok := read[w.id]
		if !ok {
			continue
		}
		it.Days, it.DormantSince = w.days, w.dormantSince
		items = append(items, it.AgendaItem)
	}
	return counts, items, nil
}

// agendaRowsByID reads the agenda rows of the customers ids, by id.
func (s *Store) agendaRowsByID(ctx context.Context, ids []int64, kind string) (map[int64]agendaRow, error) {
	out := make(map[int64]agendaRow, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+agendaCols+" FROM customers WHERE id IN (?"+strings.Repeat(", ?", len(ids)-1)+")", args...)
	if err != nil {
		return nil, fmt.Errorf("agenda: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		it, err := scanAgendaRow(rows, kind)
		if err != nil {
			return nil, err
		}
		out[it.CustomerID] = it
	}
	return out, rows.Err()
}

// daysBetween is the number of calendar days from ISO date a to ISO date b
// (0 when either is not a date).
func daysBetween(a, b string) int {
	ta, tb := day(a), day(b)
	if ta.IsZero() || tb.IsZero() {
		return 0
	}
	return tiering.DaysSince(ta, tb)
}
