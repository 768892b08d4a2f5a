package tiering

import (
	"slices"
	"sync/atomic"
	"time"
)

// Slim is one customer's grading inputs in the compact form a whole
// ledger's regrade holds of a million customers: what a full Result
// (grade, score, segment and stage) depends on when the rules weigh
// neither loyalty nor extra columns (Rules.GradesByBrief). It is a Brief
// with the first purchase and the median gap the stage reads: 40 bytes
// without pointers, where an Input is 160 with pointers for the collector
// to scan.
type Slim struct {
	Brief
	MedianGapDays float64 // Input.MedianGapDays
	FirstDay      int32   // the first purchase's date as DayNumber gives it; read only with HasFirst
	HasFirst      bool    // the first purchase's date is known (Input.FirstPurchase is not zero)
}

// NewSlim is the slim form of a customer's inputs, as GradeSlims reads
// them: the loyalty inputs and the extra values are left out.
func NewSlim(in Input) Slim {
	s := Slim{Brief: NewBrief(in), MedianGapDays: in.MedianGapDays, HasFirst: !in.FirstPurchase.IsZero()}
	if s.HasFirst {
		s.FirstDay = DayNumber(in.FirstPurchase)
	}
	return s
}

// Graded is a Result without its dimension scores, in 16 bytes and no
// pointer: what a regrade of a million customers keeps of each until it
// has written them.
type Graded struct {
	Score   float64
	grade   byte // the letter, 'A'..'D'
	segment int8 // position in Segments(), -1 for none
	stage   int8 // position in Stages()
}

// segmentKeys and stageKeys are Segments() and Stages(), made once.
var (
	segmentKeys = Segments()
	stageKeys   = Stages()
)

// Compact is r without its dimension scores; ok is false when r's grade,
// segment or stage is none Grade gives (it cannot be kept compact).
func Compact(r Result) (g Graded, ok bool) {
	g.Score, g.segment = r.Score, -1
	if len(r.Grade) != 1 || r.Grade[0] < 'A' || r.Grade[0] > 'D' {
		return Graded{}, false
	}
	g.grade = r.Grade[0]
	if r.Segment != "" {
		i := slices.Index(segmentKeys, r.Segment)
		if i < 0 {
			return Graded{}, false
		}
		g.segment = int8(i)
	}
	i := slices.Index(stageKeys, r.Stage)
	if i < 0 {
		return Graded{}, false
	}
	g.stage = int8(i)
	return g, true
}

// Grade is the grade's letter ("A".."D"), as Result.Grade.
func (g Graded) Grade() string { return pinText(g.grade) }

// Segment is the segment key, "" when none, as Result.Segment.
func (g Graded) Segment() string {
	if g.segment < 0 {
		return ""
	}
	return segmentKeys[g.segment]
}

// Stage is the stage key, as Result.Stage.
func (g Graded) Stage() string { return stageKeys[g.stage] }

// GradeSlims is GradeAll for rules that grade by brief, over slim inputs:
// the same cut points, and graded[i] briefs[i]'s Result without its
// dimension scores. A zero Slim is a customer who never purchased: it
// takes no part in the cut points. ok is false, with nothing graded, when
// r does not grade by brief.
func GradeSlims(slims []Slim, r Rules, now time.Time) (cuts Cuts, graded []Graded, ok bool) {
	if !r.GradesByBrief() {
		return Cuts{}, nil, false
	}
	nowDay := dayNumber(now)
	cuts = slimCuts(slims, nowDay)
	p := prepare(&r)
	graded = make([]Graded, len(slims))
	var bad atomic.Bool
	parallel(len(slims), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			var k calc
			computeSlim(&k, &slims[i], &cuts, &p, nowDay)
			g, ok := Compact(k.result())
			if !ok {
				bad.Store(true)
			}
			graded[i] = g
		}
	})
	if bad.Load() {
		return Cuts{}, nil, false
	}
	return cuts, graded, true
}

// GradeSlim is Grade over a slim input, for rules that grade by brief.
func GradeSlim(s Slim, cuts Cuts, rules Rules, now time.Time) Result {
	p := prepare(&rules)
	var k calc
	computeSlim(&k, &s, &cuts, &p, dayNumber(now))
	return k.result()
}

// slimCuts is computeRFMCuts over slim inputs.
func slimCuts(slims []Slim, nowDay int64) Cuts {
	return cutsOfBriefs(len(slims), func(i int) *Brief { return &slims[i].Brief }, nowDay)
}

// computeSlim is compute over a slim input: the same scoring, grading and
// description code, fed the days since the first and last purchase from
// the slim form.
func computeSlim(k *calc, s *Slim, c *Cuts, p *prepared, nowDay int64) {
	in := Input{Frequency: int(s.Frequency), Monetary: s.Monetary, Potential: int(s.Potential), Pinned: pinText(s.Pinned), MedianGapDays: s.MedianGapDays}
	if s.Purchased {
		in.Purchases = 1
	}
	k.daysLast, k.daysFirst = -1, -1
	if s.HasLast {
		k.daysLast = int(max(nowDay-int64(s.LastDay), 0))
	}
	if s.HasFirst {
		k.daysFirst = int(max(nowDay-int64(s.FirstDay), 0))
	}
	scoreAndGrade(k, &in, c, p)
	describe(k, &in, c)
}
