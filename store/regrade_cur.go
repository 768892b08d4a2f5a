package store

import (
	"slices"

	"github.com/kehu-app/kehu/tiering"
)

// packedCur is a customer's current grading columns (cur) in 32 bytes
// without a pointer, where a cur is 72 with three strings: what the day's
// regrade keeps of a million customers to tell what changed. Its grade,
// segment and stage are codes into the values a grading writes (curGrades,
// curSegments, tiering.Stages()); a row holding any other value (written
// by hand, or by nothing yet) has grade code 0 and is kept whole in the
// table's odd ones instead.
type packedCur struct {
	score                 float64
	winCount, winSpend    int64
	grade, segment, stage uint8
}

var (
	curGrades   = []string{"A", "B", "C", "D"}
	curSegments = append([]string{""}, tiering.Segments()...)
	curStages   = tiering.Stages()
)

// packCur is c packed; ok is false when a value has no code.
func packCur(c cur) (p packedCur, ok bool) {
	g, s, t := slices.Index(curGrades, c.grade), slices.Index(curSegments, c.segment), slices.Index(curStages, c.stage)
	if g < 0 || s < 0 || t < 0 {
		return packedCur{}, false
	}
	return packedCur{score: c.score, winCount: c.winCount, winSpend: c.winSpend, grade: uint8(g + 1), segment: uint8(s), stage: uint8(t)}, true
}

// unpack is the cur p packs (grade code not 0).
func (p packedCur) unpack() cur {
	return cur{grade: curGrades[p.grade-1], segment: curSegments[p.segment], stage: curStages[p.stage], score: p.score, winCount: p.winCount, winSpend: p.winSpend}
}

// cur is customer i's current grading columns.
func (t *tierSnapshot) cur(i int) cur {
	if t.packed == nil {
		return t.curs[i]
	}
	if p := t.packed[i]; p.grade != 0 {
		return p.unpack()
	}
	return t.odd[t.ids[i]]
}
