package rulesfile

import (
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

// Rules edited outside a file are checked by the file's own rules, each
// problem keyed as in the file.
func TestCheckKeysEachProblem(t *testing.T) {
	if ps := Check(tiering.DefaultRules()); len(ps) != 0 {
		t.Fatalf("the default rules have problems: %v", ps)
	}
	r := tiering.DefaultRules()
	p := r.Policies["B"]
	p.Discount = 120
	p.Channels = []string{"visit", "fax"}
	r.Policies["B"] = p
	r.WeightLoyalty = -1
	var got []string
	for _, p := range Check(r) {
		got = append(got, p.Key+": "+i18n.Message(p.Err(), i18n.EN))
	}
	want := []string{
		"weights.loyalty: must be between 0 and 1000000 (got -1)",
		`grades.B.channels: unknown channel "fax": use phone, wechat, sms, email, visit, other`,
		"grades.B.discount: must be between 0 and 100 (got 120)",
	}
	if len(got) != len(want) {
		t.Fatalf("problems %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("problem %d: %q, want %q", i, got[i], want[i])
		}
	}
}
