package store

import (
	"slices"
	"time"

	"github.com/kehu-app/kehu/tiering"
)

// histAcc adds customers' pasts up into a History.
type histAcc struct {
	h        *History
	days     []string    // month ends, see histBounds
	from, to int         // the migration matrix's month ends, indices into days
	pairs    *Migrations // when set, the migrations between every two month ends
	ends     []string    // days as the last timestamp of the day
	bounds   []time.Time
	month    map[string]int // "2026-05" → index into days
	retained [][][2]int     // [month][grade]: not churned at the start, of them kept at the end
	dayCache map[string]time.Time
	cur      histState // per customer: reused between customers
}

// histState is one customer at every month end (see histBounds), or, with
// spend summed, every customer of one trajectory (see history_tally.go).
type histState struct {
	exists  []bool
	grade   []int // index into tiering.Grades(); -1 when none
	churned []bool
	spend   []int64 // spent within each month, up to its end
	lastBuy string  // the last positive purchase's day up to the last end; "" when none
}

func (a *histAcc) init() {
	n := len(a.days)
	a.month = map[string]int{}
	for i, d := range a.days {
		a.ends = append(a.ends, d+" 23:59:59")
		a.bounds = append(a.bounds, utcDay(d))
		a.month[d[:7]] = i
	}
	a.retained = make([][][2]int, n)
	for i := range a.retained {
		a.retained[i] = make([][2]int, len(tiering.Grades()))
	}
	a.dayCache = map[string]time.Time{}
	a.cur = newHistState(n)
}

func newHistState(n int) histState {
	return histState{exists: make([]bool, n), grade: make([]int, n), churned: make([]bool, n), spend: make([]int64, n)}
}

// utcDay parses an ISO day as UTC midnight: whole days apart stay whole.
func utcDay(d string) time.Time {
	t, err := time.Parse(parseDay, d)
	if err != nil {
		return time.Time{}
	}
	return t
}

func (a *histAcc) day(d string) time.Time {
	if t, ok := a.dayCache[d]; ok {
		return t
	}
	t := utcDay(d)
	a.dayCache[d] = t
	return t
}

// add places one customer at every month end and counts its moves.
func (a *histAcc) add(c *custPast) {
	if a.month == nil {
		a.init()
	}
	a.place(c, &a.cur)
	a.count(&a.cur, 1)
}

// churnedOn is whether a customer whose last positive purchase was on
// lastBuy ("" none) counts as churned on day.
func (a *histAcc) churnedOn(day time.Time, lastBuy string) bool {
	return lastBuy != "" && int(day.Sub(a.day(lastBuy)).Hours()/24) >= tiering.ChurnDays
}

// place works out where one customer stood at every month end.
func (a *histAcc) place(c *custPast, st *histState) {
	if a.month == nil {
		a.init()
	}
	grades := tiering.Grades()
	firstBuy := ""
	for _, b := range c.buys {
		if b.amount > 0 {
			firstBuy = b.date
			break
		}
	}
	clear(st.spend)
	for _, b := range c.buys {
		if i, ok := a.month[b.date[:min(7, len(b.date))]]; ok && b.date <= a.days[i] {
			st.spend[i] += b.amount
		}
	}
	mi, bi := 0, 0 // moves and purchases up to the month end
	lastBuy := ""
	for i, end := range a.ends {
		st.exists[i] = (c.created <= end || (firstBuy != "" && firstBuy <= a.days[i])) && (c.deleted == "" || c.deleted > end)
		for mi < len(c.moves) && c.moves[mi].at <= end {
			mi++
		}
		g := c.grade
		switch {
		case mi > 0:
			g = c.moves[mi-1].new
		case len(c.moves) > 0:
			g = c.moves[0].old
		}
		st.grade[i] = slices.Index(grades, g)
		for bi < len(c.buys) && c.buys[bi].date <= a.days[i] {
			if c.buys[bi].amount > 0 {
				lastBuy = c.buys[bi].date
			}
			bi++
		}
		st.churned[i] = a.churnedOn(a.bounds[i], lastBuy)
	}
	st.lastBuy = lastBuy
}

// count adds n customers that stood as st at every month end (st.spend
// being what all n spent).
func (a *histAcc) count(st *histState, n int) {
	if a.month == nil {
		a.init()
	}
	for m := 1; m < len(a.days); m++ {
		month := &a.h.Months[m-1]
		if g := st.grade[m-1]; st.exists[m-1] && g >= 0 {
			row := &month.Grades[g]
			row.Start += n
			row.Spend += st.spend[m]
			row.PrevSpend += st.spend[m-1]
			switch {
			case !st.exists[m]:
				row.Left += n
			case st.grade[m] >= 0 && st.grade[m] < g:
				row.Up += n
			case st.grade[m] > g:
				row.Down += n
			}
			if st.exists[m] && st.churned[m] && !st.churned[m-1] {
				row.Churned += n
			}
			if !st.churned[m-1] {
				a.retained[m][g][0] += n
				if st.exists[m] && !st.churned[m] {
					a.retained[m][g][1] += n
				}
			}
		}
		if g := st.grade[m]; st.exists[m] && g >= 0 {
			month.Grades[g].End += n
			if !st.exists[m-1] {
				month.Grades[g].New += n
			}
		}
	}
	if st.exists[a.from] && st.exists[a.to] && st.grade[a.from] >= 0 && st.grade[a.to] >= 0 {
		a.h.Matrix.Counts[st.grade[a.from]][st.grade[a.to]] += n
	}
	if a.pairs != nil {
		a.pairs.add(st.exists, st.grade, n)
	}
}

// finish works out the rates and the matrix's shares.
func (a *histAcc) finish() {
	if a.month == nil {
		a.init()
	}
	for m := range a.h.Months {
		for g := range a.h.Months[m].Grades {
			row := &a.h.Months[m].Grades[g]
			if row.PrevSpend > 0 {
				v := float64(row.Spend-row.PrevSpend) / float64(row.PrevSpend)
				row.SpendGrowth = &v
			}
			if r := a.retained[m+1][g]; r[0] > 0 {
				v := float64(r[1]) / float64(r[0])
				row.Retention = &v
			}
		}
	}
	for i, row := range a.h.Matrix.Counts {
		n := 0
		for _, c := range row {
			n += c
		}
		for j, c := range row {
			if n > 0 {
				a.h.Matrix.Shares[i][j] = float64(c) / float64(n)
			}
		}
	}
}
