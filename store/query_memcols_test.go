package store

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// A column with many distinct values is kept as one byte arena and searched
// across row boundaries; its answers must be the row-by-row ones, including
// matches that would straddle two rows and either case of ASCII letters.
func TestArenaColumnMatchesRowByRow(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 19))
	words := []string{"王", "芳", "ab", "AB", "Ab", "b", "a", "", "北京", "x_y", "%"}
	var values [][]byte
	dict, arena := newStrColumn(), newStrColumn()
	arena.toArena()
	for i := 0; i < 3000; i++ {
		var v []byte
		for n := rng.IntN(4); n > 0; n-- {
			v = append(v, words[rng.IntN(len(words))]...)
		}
		values = append(values, v)
		dict.add(v)
		arena.add(v)
	}
	dict.finish()
	arena.finish()
	if !arena.arena || arena.folded == nil {
		t.Fatal("the arena column should be an arena with a folded copy (it holds upper case)")
	}
	for _, needle := range []string{"ab", "ba", "王芳", "芳王", "b王", "x_y", "aa", "bab", "北京ab", "zz", "%"} {
		n := []byte(needle)
		want := newBitset(len(values))
		for i, v := range values {
			if bytes.Contains(bytes.ToLower(v), n) {
				want.set(i)
			}
		}
		for name, c := range map[string]*strColumn{"dictionary": dict, "arena": arena} {
			got := newBitset(len(values))
			c.contains(rowSpan{0, len(values)}, foldASCII(n), got)
			for i := range values {
				if got.has(i) != want.has(i) {
					t.Fatalf("%s %q: row %d %q: got %v", name, needle, i, values[i], got.has(i))
				}
			}
			// On part of the rows, some of them already found by an
			// earlier column: those stay, the span's matches are added,
			// and no row outside the span is searched.
			sp := rowSpan{rng.IntN(len(values)), 0}
			sp.hi = sp.lo + rng.IntN(len(values)-sp.lo+1)
			part := newBitset(len(values))
			before := newBitset(len(values))
			for i := range values {
				if rng.IntN(5) == 0 || i >= 1000 && i < 1200 {
					part.set(i)
					before.set(i)
				}
			}
			c.contains(sp, foldASCII(n), part)
			for i := range values {
				inSpan := sp.lo <= i && i < sp.hi
				if wantHas := before.has(i) || inSpan && want.has(i); part.has(i) != wantHas {
					t.Fatalf("%s %q span %v: row %d %q: got %v, want %v", name, needle, sp, i, values[i], part.has(i), wantHas)
				}
			}
			if c.at(5) == nil && len(values[5]) > 0 || !bytes.Equal(c.at(5), values[5]) {
				t.Fatalf("%s: row 5 reads %q, want %q", name, c.at(5), values[5])
			}
		}
	}
}

// The span operations touch the rows of their span and no other, whether
// it starts and ends inside a 64-row word or on its edge.
func TestBitsetSpans(t *testing.T) {
	for _, sp := range []rowSpan{{0, 0}, {0, 200}, {3, 5}, {60, 70}, {64, 128}, {1, 199}, {63, 64}, {128, 200}} {
		b := newBitset(200)
		b.set(2)
		b.set(64)
		b.set(150)
		b.notSpan(sp)
		f := newBitset(200)
		f.set(7)
		f.fillSpan(sp)
		k := newBitset(200)
		k.fillSpan(rowSpan{0, 200})
		k.keepSpan(sp)
		for i := 0; i < 200; i++ {
			in := sp.lo <= i && i < sp.hi
			was := i == 2 || i == 64 || i == 150
			if b.has(i) != (was != in) {
				t.Fatalf("notSpan %v: row %d is %v", sp, i, b.has(i))
			}
			if f.has(i) != in || k.has(i) != in {
				t.Fatalf("fillSpan/keepSpan %v: row %d is %v/%v, want %v", sp, i, f.has(i), k.has(i), in)
			}
		}
	}
}
