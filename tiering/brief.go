package tiering

import "time"

// Brief is one customer's grading inputs in the compact form a whole
// ledger's preview holds of a million customers: what a grade depends on
// when the rules weigh neither loyalty nor extra columns (see
// Rules.GradesByBrief). A million Inputs are some 160 MB of slots with
// pointers for the collector to scan; a million Briefs are 24 MB without
// any.
type Brief struct {
	Monetary  int64 // spend within the window, in fen, as Input.Monetary
	Frequency int64 // purchases within the window, as Input.Frequency
	LastDay   int32 // the last purchase's date as DayNumber gives it; read only with HasLast
	Purchased bool  // Input.Purchases > 0
	HasLast   bool  // the last purchase's date is known (Input.LastPurchase is not zero)
	Potential int8  // Input.Potential clamped to 0..5
	Pinned    byte  // Input.Pinned's byte when it is one byte long, else 0
}

// NewBrief is the brief of a customer's inputs, as GradeBriefs reads them.
// The loyalty inputs and the extra values are left out, and the first
// purchase, which only the stage and loyalty read.
func NewBrief(in Input) Brief {
	b := Brief{
		Monetary:  in.Monetary,
		Frequency: int64(in.Frequency),
		Purchased: in.Purchases > 0,
		HasLast:   !in.LastPurchase.IsZero(),
		Potential: int8(min(max(in.Potential, 0), 5)),
	}
	if b.HasLast {
		b.LastDay = DayNumber(in.LastPurchase)
	}
	if len(in.Pinned) == 1 {
		b.Pinned = in.Pinned[0]
	}
	return b
}

// DayNumber is t's calendar date, in t's own location, as days since
// 1970-01-01: a Brief's LastDay.
func DayNumber(t time.Time) int32 { return int32(dayNumber(t)) }

// GradesByBrief reports whether grading customers by their Briefs gives
// the grades their full Inputs would under r: r weighs neither loyalty nor
// extra columns, the inputs a Brief leaves out.
func (r Rules) GradesByBrief() bool { return !r.NeedsLoyalty() && len(r.Extra) == 0 }

// GradeBriefs is GradeAll for rules that grade by brief, keeping only the
// grades: the cut points of the ledger whose live customers are briefs,
// and grades[i] the letter ('A'..'D') of briefs[i]'s Result.Grade. A zero
// Brief is a customer who never purchased: it is graded D (or its pin)
// and takes no part in the cut points, so a caller may leave zero slots
// between its customers. ok is false, with nothing graded, when r does
// not grade by brief.
func GradeBriefs(briefs []Brief, r Rules, now time.Time) (cuts Cuts, grades []byte, ok bool) {
	if !r.GradesByBrief() {
		return Cuts{}, nil, false
	}
	nowDay := dayNumber(now)
	cuts = briefCuts(briefs, nowDay)
	p := prepare(&r)
	grades = make([]byte, len(briefs))
	parallel(len(briefs), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			grades[i] = gradeBrief(&briefs[i], &cuts, &p, nowDay)
		}
	})
	return cuts, grades, true
}

// inBriefPopulation is inPopulation for a brief.
func inBriefPopulation(b *Brief) bool { return b.Purchased && b.Frequency > 0 && b.HasLast }

// briefCuts is computeRFMCuts over briefs.
func briefCuts(briefs []Brief, nowDay int64) Cuts {
	return cutsOfBriefs(len(briefs), func(i int) *Brief { return &briefs[i] }, nowDay)
}

// cutsOfBriefs is computeRFMCuts over the n briefs at gives, in order: the
// one body of briefCuts and slimCuts.
func cutsOfBriefs(n int, at func(i int) *Brief, nowDay int64) Cuts {
	in := 0
	for i := range n {
		if inBriefPopulation(at(i)) {
			in++
		}
	}
	if in == 0 {
		return Cuts{}
	}
	buf := make([]int64, 3*in)
	rv, fv, mv := buf[:in], buf[in:2*in], buf[2*in:]
	j := 0
	for i := range n {
		b := at(i)
		if !inBriefPopulation(b) {
			continue
		}
		rv[j] = -max(nowDay-int64(b.LastDay), 0)
		fv[j] = b.Frequency
		mv[j] = b.Monetary
		j++
	}
	return rfmCuts(rv, fv, mv)
}

// gradeBrief is compute's grade of the customer b is the brief of: the
// same scoring and grading code, fed the days since the last purchase
// from the brief.
func gradeBrief(b *Brief, c *Cuts, p *prepared, nowDay int64) byte {
	in := Input{Frequency: int(b.Frequency), Monetary: b.Monetary, Potential: int(b.Potential), Pinned: pinText(b.Pinned)}
	if b.Purchased {
		in.Purchases = 1
	}
	var k calc
	k.daysLast, k.daysFirst = -1, -1
	if b.HasLast {
		k.daysLast = int(max(nowDay-int64(b.LastDay), 0))
	}
	scoreAndGrade(&k, &in, c, p)
	return k.grade[0]
}

// pinText is the one-byte pin b as a string (constant strings: no
// allocation per customer); bytes no pin reads as give "".
func pinText(b byte) string {
	switch b {
	case 'A':
		return "A"
	case 'B':
		return "B"
	case 'C':
		return "C"
	case 'D':
		return "D"
	case 'a':
		return "a"
	case 'b':
		return "b"
	case 'c':
		return "c"
	case 'd':
		return "d"
	}
	return ""
}
