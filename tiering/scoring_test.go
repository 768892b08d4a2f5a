package tiering

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// mappingFields are the fields of Rules that only map a score to a grade
// or say what a grade means. Every other field must make SameScoring false
// when it changes.
var mappingFields = map[string]bool{
	"GradeA": true, "GradeB": true, "Labels": true, "Colors": true, "Cadence": true, "Policies": true,
	"ChurnModel": true, "ChurnPAlive": true, "ChurnTopShare": true, "HorizonDays": true, "MonthlyDiscount": true,
}

// changed returns v (a field's value) changed to something else of its type.
func changed(t *testing.T, name string, v reflect.Value) reflect.Value {
	out := reflect.New(v.Type()).Elem()
	switch v.Kind() {
	case reflect.Float64:
		out.SetFloat(v.Float()/2 + 0.05)
	case reflect.Int:
		out.SetInt(v.Int() + 30)
	case reflect.String:
		out.SetString(v.String() + "x")
	case reflect.Map:
		out.Set(reflect.MakeMap(v.Type()))
		for _, k := range v.MapKeys() {
			out.SetMapIndex(k, v.MapIndex(k))
		}
		out.SetMapIndex(reflect.ValueOf("A"), reflect.New(v.Type().Elem()).Elem())
	case reflect.Slice:
		out.Set(reflect.Append(reflect.MakeSlice(v.Type(), 0, v.Len()+1), reflect.New(v.Type().Elem()).Elem()))
	case reflect.Struct: // a DimRule
		out.Set(v)
		out.FieldByName("Mode").SetString(ModeAbsolute)
	default:
		t.Fatalf("field %s: no change known for kind %s", name, v.Kind())
	}
	return out
}

// Every field of Rules is either a mapping field, and changing it keeps
// every score, or a scoring one, and changing it makes SameScoring false:
// a field added later without thought counts as scoring.
func TestSameScoringKnowsEveryField(t *testing.T) {
	base := DefaultRules()
	ins := randomLedger(rand.New(rand.NewPCG(7, 8)), 3000)
	_, want := GradeAll(ins, base, testNow())
	rt := reflect.TypeFor[Rules]()
	for i := range rt.NumField() {
		f := rt.Field(i)
		r := DefaultRules()
		rv := reflect.ValueOf(&r).Elem().Field(i)
		rv.Set(changed(t, f.Name, rv))
		if reflect.DeepEqual(r, base) {
			t.Fatalf("field %s: the change changed nothing", f.Name)
		}
		same := base.SameScoring(r)
		if same != mappingFields[f.Name] {
			t.Errorf("changing %s: SameScoring = %v, want %v", f.Name, same, mappingFields[f.Name])
			continue
		}
		if !same {
			continue
		}
		_, got := GradeAll(ins, r, testNow())
		for j := range got {
			g, w := got[j], want[j]
			if g.Score != w.Score || g.R != w.R || g.F != w.F || g.M != w.M || g.Segment != w.Segment || g.Stage != w.Stage {
				t.Fatalf("changing %s moved customer %d's score: %+v, was %+v", f.Name, ins[j].ID, g, w)
			}
		}
	}
	if !base.SameScoring(DefaultRules()) {
		t.Error("the same rules do not score the same")
	}
}

// Under random grade lines, pins and mapping changes, GradeOf maps each
// customer's score under the old rules to exactly the grade the new rules
// give, and the scores do not move.
func TestGradeOfMatchesGradeUnderNewLines(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 40 {
		ins := randomLedger(rng, 500+rng.IntN(2000))
		for i := range ins {
			if rng.IntN(20) == 0 {
				ins[i].Pinned = []string{"a", "B", "c", "d", "x", " A"}[rng.IntN(6)]
			}
		}
		old := DefaultRules()
		if round%2 == 1 {
			old = absRules()
		}
		old.PotentialBonus = float64(rng.IntN(30))
		r := old
		r.GradeB = float64(rng.IntN(1000)) / 10
		r.GradeA = r.GradeB + float64(rng.IntN(int(1000-r.GradeB*10)+1))/10
		r.Labels = map[string]string{"A": "金"}
		r.ChurnPAlive = 0.3
		if !old.SameScoring(r) {
			t.Fatal("new grade lines and labels do not score the same")
		}
		_, before := GradeAll(ins, old, testNow())
		_, after := GradeAll(ins, r, testNow())
		for i := range ins {
			if after[i].Score != before[i].Score {
				t.Fatalf("round %d: customer %d's score moved: %v → %v", round, ins[i].ID, before[i].Score, after[i].Score)
			}
			if g := r.GradeOf(before[i].Score, ins[i].Purchases > 0, ins[i].Pinned); g != after[i].Grade {
				t.Fatalf("round %d: customer %+v: GradeOf = %s, Grade = %s (lines %v/%v)", round, ins[i], g, after[i].Grade, r.GradeA, r.GradeB)
			}
		}
	}
}

// GradeOf by hand: lines at 80 and 60.
func TestGradeOfByHand(t *testing.T) {
	r := DefaultRules()
	for _, c := range []struct {
		score     float64
		purchased bool
		pinned    string
		want      string
	}{
		{80, true, "", "A"}, {79.9, true, "", "B"}, {60, true, "", "B"}, {59.9, true, "", "C"},
		{95, false, "", "D"}, {10, true, "a", "A"}, {95, true, "c", "C"}, {95, false, "B", "B"}, {70, true, "x", "B"},
	} {
		if got := r.GradeOf(c.score, c.purchased, c.pinned); got != c.want {
			t.Errorf("GradeOf(%v, %v, %q) = %s, want %s", c.score, c.purchased, c.pinned, got, c.want)
		}
	}
	moved := r
	moved.GradeA = 90
	if !r.SameScoring(moved) {
		t.Error("a new A line scores differently")
	}
	moved.WeightM = 0.5
	if r.SameScoring(moved) {
		t.Error("a new weight of M scores the same")
	}
}
