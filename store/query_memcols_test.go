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
			c.contains(len(values), foldASCII(n), got)
			for i := range values {
				if got.has(i) != want.has(i) {
					t.Fatalf("%s %q: row %d %q: got %v", name, needle, i, values[i], got.has(i))
				}
			}
			if c.at(5) == nil && len(values[5]) > 0 || !bytes.Equal(c.at(5), values[5]) {
				t.Fatalf("%s: row 5 reads %q, want %q", name, c.at(5), values[5])
			}
		}
	}
}
