package tiering

import (
	"math"
	"runtime"
	"sync"
	"time"
)

// Input is what tiering needs to know of one customer. Opening balances
// from imported sheets are already folded in by the caller.
type Input struct {
	ID            int64
	FirstPurchase time.Time // zero when never purchased
	LastPurchase  time.Time // zero when never purchased
	Purchases     int       // all-time purchase count
	Frequency     int       // purchases within the window (dated on or after Rules.WindowStart)
	Monetary      int64     // spend within the window, in fen (1/100 yuan); refunds are negative
	MedianGapDays float64   // median days between consecutive purchases; 0 when fewer than 2
	Potential     int       // 0..5 stars (clamped)
	Pinned        string    // "" or "A".."D" (case-insensitive): manual override

	// Loyalty's inputs, read only when Rules.NeedsLoyalty.
	Referrals      int // live customers this one referred
	OpenComplaints int // complaints not resolved yet
	ActiveMonths   int // of the last 12 months, those with a purchase
	// Extra are the values of Rules.Extra's columns, in their order.
	Extra []ExtraValue
}

// Result is a customer's computed grade.
type Result struct {
	Grade   string  // "A".."D", the letter; Rules.Label gives the display label
	Score   float64 // 0..100, rounded to one decimal
	R, F, M int     // 1..5 scores; 0 when no purchase at all
	Segment string  // one of Segments(), "" when no purchase in the window
	Stage   string  // one of Stages()
}

// Decision rules, as reported in Explanation.Rule.
const (
	RulePinned     = "pinned"      // the owner pinned the grade
	RuleNoPurchase = "no_purchase" // never purchased: D
	RuleGradeA     = "grade_a"     // score >= Rules.GradeA: A
	RuleGradeB     = "grade_b"     // score >= Rules.GradeB: B
	RuleGradeC     = "grade_c"     // score below Rules.GradeB: C
)

// Scoring bases of one dimension, as reported in DimExplanation.Basis.
const (
	BasisQuintile      = "quintile"       // scored against Cuts
	BasisAbsolute      = "absolute"       // scored against the rule's thresholds
	BasisOutsideWindow = "outside_window" // no purchase in the window: score 1
	BasisEmptyLedger   = "empty_ledger"   // quintile with no cuts (N == 0): score 3, as a lone customer
	BasisUnknown       = "unknown"        // purchases but no last purchase date: score 1
	BasisNoPurchase    = "no_purchase"    // never purchased: score 0
)

// DaysSince returns the number of calendar days from t's date to now's
// date, each date taken in its own location: 0 on the same day, negative
// when t is after now.
func DaysSince(t, now time.Time) int {
	return int(dayNumber(now) - dayNumber(t))
}

// dayNumber is the number of days from 1970-01-01 to t's calendar date in
// t's own location.
func dayNumber(t time.Time) int64 {
	if t.Location() == time.UTC {
		// Fast path for dates parsed without a zone: floor(unix / 86400).
		u := t.Unix()
		d := u / 86400
		if u%86400 < 0 {
			d--
		}
		return d
	}
	y, m, d := t.Date()
	return daysFromCivil(int64(y), int64(m), int64(d))
}

// daysFromCivil converts a proleptic Gregorian date to days since
// 1970-01-01 (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// dim indexes R, F, M.
const (
	dR = iota
	dF
	dM
)

// prepared is Rules made safe to compute with: no NaN weights, no zero
// weight sum, known modes.
type prepared struct {
	w      [3]float64
	wl     float64               // loyalty's weight
	wx     [MaxExtraDims]float64 // the extra dimensions' weights
	extra  []ExtraDim
	wsum   float64
	abs    [3]bool
	th     [3][4]float64
	bonus  float64
	gradeA float64
	gradeB float64
}

func prepare(r *Rules) prepared {
	var p prepared
	p.w = [3]float64{r.WeightR, r.WeightF, r.WeightM}
	usable := func(w float64) float64 {
		if !finite(w) || w < 0 {
			return 0
		}
		return w
	}
	for i, w := range p.w {
		p.w[i] = usable(w)
		p.wsum += p.w[i]
	}
	p.wl = usable(r.WeightLoyalty)
	p.wsum += p.wl
	p.extra = r.Extra[:min(len(r.Extra), MaxExtraDims)]
	for i := range p.extra {
		p.wx[i] = usable(p.extra[i].Weight)
		p.wsum += p.wx[i]
	}
	if !(p.wsum > 0) || math.IsInf(p.wsum, 0) {
		p.w = [3]float64{1, 1, 1}
		p.wl, p.wx = 0, [MaxExtraDims]float64{}
		p.wsum = 3
	}
	p.abs = [3]bool{r.R.Absolute(), r.F.Absolute(), r.M.Absolute()}
	p.th = [3][4]float64{r.R.Thresholds, r.F.Thresholds, r.M.Thresholds}
	p.bonus = r.PotentialBonus
	if !finite(p.bonus) {
		p.bonus = 0
	}
	p.gradeA, p.gradeB = r.GradeA, r.GradeB
	return p
}

// calc holds every number of one grading; Grade keeps a few, Explain all.
type calc struct {
	purchased bool
	inWindow  bool
	daysLast  int // -1 when unknown or never purchased
	daysFirst int // -1 when unknown or never purchased
	val       [3]float64
	sc        [3]int
	basis     [3]basis
	weighted  float64 // weighted mean of the scores, 1..5 (0 when never purchased)
	base      float64 // weighted mapped onto 0..100
	potential int
	bonus     float64 // points added for potential
	raw       float64 // base + bonus before cap and rounding
	score     float64
	computed  string // grade from the score alone
	grade     string
	rule      string
	pinned    string
	avg       [3]float64
	high      [3]bool
	segment   string
	stage     string
	dormant   float64 // dormancy threshold in days
	loyalty   LoyaltyParts
	xs        [MaxExtraDims]int // the extra dimensions' scores
}

// basis is a compact scoring basis; basisNames gives its Basis* name.
type basis uint8

const (
	bNoPurchase basis = iota
	bQuintile
	bAbsolute
	bOutsideWindow
	bEmptyLedger
	bUnknown
)

func (b basis) String() string {
	switch b {
	case bQuintile:
		return BasisQuintile
	case bAbsolute:
		return BasisAbsolute
	case bOutsideWindow:
		return BasisOutsideWindow
	case bEmptyLedger:
		return BasisEmptyLedger
	case bUnknown:
		return BasisUnknown
	}
	return BasisNoPurchase
}

// countGE counts the cut points v reaches when higher is better.
func countGE(v float64, cuts *[4]float64) int {
	n := 0
	for _, c := range cuts {
		if v >= c {
			n++
		}
	}
	return n
}

// countLE counts the cut points v reaches when lower is better.
func countLE(v float64, cuts *[4]float64) int {
	n := 0
	for _, c := range cuts {
		if v <= c {
			n++
		}
	}
	return n
}

// normPin returns the pinned grade letter, or "" when p is not one.
func normPin(p string) string {
	if len(p) != 1 {
		return ""
	}
	switch p[0] {
	case 'A', 'a':
		return "A"
	case 'B', 'b':
		return "B"
	case 'C', 'c':
		return "C"
	case 'D', 'd':
		return "D"
	}
	return ""
}

// round1 rounds to one decimal.
func round1(x float64) float64 { return math.Round(x*10) / 10 }

// compute grades in into *k, which must be zero.
func compute(k *calc, in *Input, c *Cuts, p *prepared, nowDay int64) {
	k.daysLast, k.daysFirst = -1, -1
	if !in.LastPurchase.IsZero() {
		k.daysLast = int(max(nowDay-dayNumber(in.LastPurchase), 0))
	}
	if !in.FirstPurchase.IsZero() {
		k.daysFirst = int(max(nowDay-dayNumber(in.FirstPurchase), 0))
	}
	scoreAndGrade(k, in, c, p)
	describe(k, in, c)
}

// scoreAndGrade computes k's scores, score and grade from in, its days
// since the first and last purchase already in k (in's dates are not
// read).
func scoreAndGrade(k *calc, in *Input, c *Cuts, p *prepared) {
	k.purchased = in.Purchases > 0
	k.inWindow = k.purchased && in.Frequency > 0 && k.daysLast >= 0
	k.val = [3]float64{float64(k.daysLast), float64(in.Frequency), yuan(in.Monetary)}
	k.potential = min(max(in.Potential, 0), 5)
	k.bonus = float64(k.potential) / 5 * p.bonus

	if k.purchased {
		for d := range 3 {
			var s int
			switch {
			case d == dR && k.daysLast < 0:
				s, k.basis[d] = 1, bUnknown
			case p.abs[d] && d == dR:
				s, k.basis[d] = 1+countLE(k.val[d], &p.th[d]), bAbsolute
			case !k.inWindow:
				s, k.basis[d] = 1, bOutsideWindow
			case p.abs[d]:
				s, k.basis[d] = 1+countGE(k.val[d], &p.th[d]), bAbsolute
			case c.N <= 0:
				s, k.basis[d] = 3, bEmptyLedger
			case d == dR:
				s, k.basis[d] = 1+countLE(k.val[d], &c.R), bQuintile
			case d == dF:
				s, k.basis[d] = 1+countGE(k.val[d], &c.F), bQuintile
			default:
				s, k.basis[d] = 1+countGE(k.val[d], &c.M), bQuintile
			}
			k.sc[d] = s
		}
		sum := p.w[dR]*float64(k.sc[dR]) + p.w[dF]*float64(k.sc[dF]) + p.w[dM]*float64(k.sc[dM])
		if p.wl > 0 {
			k.loyalty = loyalty(in, k.daysFirst)
			sum += p.wl * float64(k.loyalty.Score)
		}
		for i := range p.extra {
			var v ExtraValue
			if i < len(in.Extra) {
				v = in.Extra[i]
			}
			k.xs[i] = scoreExtra(&p.extra[i], v, c, i)
			sum += p.wx[i] * float64(k.xs[i])
		}
		k.weighted = sum / p.wsum
		k.base = (k.weighted - 1) / 4 * 100
	}
	k.raw = k.base + k.bonus
	switch {
	case k.raw > 100:
		k.score = 100
	case k.raw > 0:
		k.score = round1(k.raw)
	default: // also NaN
		k.score = 0
	}

	switch {
	case !k.purchased:
		k.computed, k.rule = "D", RuleNoPurchase
	default:
		k.computed, k.rule = lineGrade(k.score, p.gradeA, p.gradeB)
	}
	k.grade = k.computed
	if k.pinned = normPin(in.Pinned); k.pinned != "" {
		k.grade, k.rule = k.pinned, RulePinned
	}
}

// describe computes k's segment and stage, once scoreAndGrade has run.
func describe(k *calc, in *Input, c *Cuts) {
	if k.inWindow {
		if c.N > 0 {
			k.avg = [3]float64{c.AvgR, c.AvgF, c.AvgM}
		} else {
			k.avg = k.val // alone in the ledger: the customer is the average
		}
		k.high = [3]bool{k.val[dR] < k.avg[dR], k.val[dF] > k.avg[dF], k.val[dM] > k.avg[dM]}
		k.segment = segmentOf(k.high[dR], k.high[dF], k.high[dM])
	}

	k.dormant = DormantDays
	if g := in.MedianGapDays * DormantGapFactor; g > k.dormant && !math.IsInf(g, 0) {
		k.dormant = g
	}
	switch {
	case !k.purchased:
		k.stage = StageProspect
	case k.daysFirst >= 0 && k.daysFirst < NewDays:
		k.stage = StageNew
	case k.daysLast < 0 || k.daysLast >= ChurnDays:
		k.stage = StageChurned
	case float64(k.daysLast) > k.dormant:
		k.stage = StageDormant
	default:
		k.stage = StageActive
	}
}

func (k *calc) result() Result {
	r := Result{Grade: k.grade, Score: k.score, Segment: k.segment, Stage: k.stage}
	r.R, r.F, r.M = k.sc[dR], k.sc[dF], k.sc[dM]
	return r
}

// Grade grades one customer against ledger cuts (from ComputeCuts) as of
// now. It does not allocate and takes well under a microsecond, so a single
// customer can be regraded on every edit; when the edit moves the cuts
// (see Cuts.SameScores), regrade the ledger with GradeAll.
//
// Scores: a customer with purchases but none in the window scores 1 for F
// and M, and 1 for R in quintile mode (R by the thresholds in absolute
// mode). A customer that never purchased (Purchases <= 0) gets grade D,
// scores 0, and a score made of the potential bonus alone. A valid Pinned
// grade replaces the grade; the score is computed all the same.
func Grade(in Input, cuts Cuts, rules Rules, now time.Time) Result {
	p := prepare(&rules)
	var k calc
	compute(&k, &in, &cuts, &p, dayNumber(now))
	return k.result()
}

// GradeAll computes the cuts of a whole ledger and grades every customer:
// results[i] is the grade of inputs[i]. Large ledgers are graded on all
// CPUs (GOMAXPROCS); 1,000,000 customers take a fraction of a second.
func GradeAll(inputs []Input, rules Rules, now time.Time) (Cuts, []Result) {
	cuts := ComputeCuts(inputs, rules, now)
	p := prepare(&rules)
	nowDay := dayNumber(now)
	res := make([]Result, len(inputs))
	parallel(len(inputs), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			var k calc
			compute(&k, &inputs[i], &cuts, &p, nowDay)
			res[i] = k.result()
		}
	})
	return cuts, res
}

// parallelMin is the smallest job split across goroutines.
const parallelMin = 1 << 15

// parallel runs f over [0, n) in up to GOMAXPROCS contiguous chunks.
func parallel(n int, f func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), n/parallelMin)
	if workers < 2 {
		f(0, n)
		return
	}
	chunk := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += chunk {
		wg.Go(func() { f(lo, min(lo+chunk, n)) })
	}
	wg.Wait()
}
