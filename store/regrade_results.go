package store

import "github.com/kehu-app/kehu/tiering"

// compact keeps the full results in their compact form (graded) when
// every one of them fits: a fifth of the memory until they are written.
func (g *regrader) compact() {
	graded := make([]tiering.Graded, len(g.results))
	for i, r := range g.results {
		var ok bool
		if graded[i], ok = tiering.Compact(r); !ok {
			return
		}
	}
	g.graded, g.results = graded, nil
}

// count is how many customers the regrade graded.
func (g *regrader) count() int { return len(g.snap.ids) }

// result is customer i's new grade, score, segment and stage (its
// dimension scores are not kept).
func (g *regrader) result(i int) tiering.Result {
	if g.results != nil {
		return g.results[i]
	}
	r := g.graded[i]
	return tiering.Result{Grade: r.Grade(), Score: r.Score, Segment: r.Segment(), Stage: r.Stage()}
}

// reasonFor is the grade-history reason of customer i's move: the
// regrade's cause, unless the old cut points would have kept its grade.
func (g *regrader) reasonFor(i int) string {
	if g.cause == ReasonRules || !g.rep.CutsChanged {
		return g.cause
	}
	if g.oldCutsKeep[i/64]&(1<<(i%64)) != 0 {
		return ReasonCuts
	}
	return g.cause
}

// settleReasons works out, for every customer whose grade moves, whether
// the old cut points would have kept it (what reasonFor reads), and lets
// the inputs go: a million customers' are some 40 MB that the writes and
// the model's fit, which go on after the grading, need no more.
func (g *regrader) settleReasons() {
	if g.cause != ReasonRules && g.rep.CutsChanged {
		g.oldCutsKeep = make([]uint64, (g.count()+63)/64)
		for i := range g.count() {
			c := g.snap.cur(i)
			if g.result(i).Grade == c.grade {
				continue
			}
			var old tiering.Result
			if g.snap.slims != nil {
				old = tiering.GradeSlim(g.snap.slims[i], g.oldCuts, g.rules, g.now)
			} else {
				old = tiering.Grade(g.snap.inputs[i], g.oldCuts, g.rules, g.now)
			}
			if old.Grade == c.grade {
				g.oldCutsKeep[i/64] |= 1 << (i % 64)
			}
		}
	}
	g.snap.slims, g.snap.inputs = nil, nil
}
