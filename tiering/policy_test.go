package tiering

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestDefaultPolicies(t *testing.T) {
	r := DefaultRules()
	cases := []struct {
		grade    string
		channels []string
		discount float64
		points   float64
		benefits string
	}{
		{"A", []string{"visit", "phone"}, 10, 2, "专属客服、生日礼、免费送货"},
		{"B", []string{"phone", "wechat"}, 5, 1.5, "生日礼、会员价"},
		{"C", []string{"wechat", "sms"}, 0, 1, "会员价"},
		{"D", []string{"wechat", "sms"}, 0, 1, "首单优惠"},
	}
	for _, c := range cases {
		p := r.Policy(c.grade)
		if !slices.Equal(p.Channels, c.channels) || p.Discount != c.discount || p.PointsRate != c.points || p.Benefits != c.benefits || p.Owner != "" {
			t.Errorf("%s policy = %+v", c.grade, p)
		}
	}
	if got := r.BenefitsText("A", "en"); got != "dedicated service, birthday gift, free delivery" {
		t.Errorf("English A benefits = %q", got)
	}
	if got := r.BenefitsText("A", "zh"); got != "专属客服、生日礼、免费送货" {
		t.Errorf("Chinese A benefits = %q", got)
	}
	// The owner's own text is never translated.
	r.Policies["A"] = Policy{Benefits: "免费停车"}
	if got := r.BenefitsText("A", "en"); got != "免费停车" {
		t.Errorf("owner's benefits in English = %q", got)
	}
	// Policy hands out a copy: changing it leaves the rules alone.
	p := DefaultRules()
	p.Policy("A").Channels[0] = "sms"
	if p.Policy("A").Channels[0] != "visit" {
		t.Error("Policy shares its channels with the rules")
	}
}

func TestOldRulesJSONKeepsDefaultPolicies(t *testing.T) {
	r, err := ParseRules([]byte(`{"grade_a": 85, "cadence": {"A": 7}}`))
	if err != nil {
		t.Fatal(err)
	}
	if r.GradeA != 85 || r.CadenceDays("A") != 7 || r.Policy("B").Discount != 5 || r.Policy("A").Channels[0] != "visit" {
		t.Errorf("rules = %+v", r)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseRules(b)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back.Policy("C").Channels, []string{"wechat", "sms"}) || back.Policy("A").PointsRate != 2 {
		t.Errorf("round trip = %+v", back.Policies)
	}
}

func TestPolicyValidation(t *testing.T) {
	cases := []struct {
		name string
		p    Policy
		want string
	}{
		{"unknown channel", Policy{Channels: []string{"fax"}}, `policies.A.channels: unknown channel "fax"`},
		{"twice", Policy{Channels: []string{"phone", "phone"}}, `policies.A.channels: "phone" is listed twice`},
		{"discount over 100", Policy{Discount: 150}, "policies.A.discount must be a percent between 0 and 100 (got 150)"},
		{"negative discount", Policy{Discount: -1}, "policies.A.discount must be a percent between 0 and 100 (got -1)"},
		{"NaN points", Policy{PointsRate: math.NaN()}, "policies.A.points_rate must be between 0 and 100"},
		{"long benefits", Policy{Benefits: strings.Repeat("礼", 201)}, "policies.A.benefits must be at most 200 characters (got 201)"},
		{"tab in owner", Policy{Owner: "小\t王"}, "policies.A.owner must not contain control characters"},
	}
	for _, c := range cases {
		r := DefaultRules()
		r.Policies["A"] = c.p
		err := r.Validate()
		if err == nil || !strings.Contains(en(err), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
	r := DefaultRules()
	r.Policies["E"] = Policy{}
	if err := r.Validate(); err == nil || !strings.Contains(en(err), `policies: unknown grade "E"`) {
		t.Errorf("grade E: %v", err)
	}
	r = DefaultRules()
	r.Policies["A"] = Policy{Benefits: "专属客服\n生日礼", Channels: []string{}}
	if err := r.Validate(); err != nil {
		t.Errorf("benefits on two lines, no channel: %v", err)
	}
}
