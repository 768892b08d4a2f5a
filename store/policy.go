package store

import (
	"context"
	"strconv"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

// GradePolicy is a grade's service policy as reports show it: the rules'
// policy with the grade's contact cadence and, for people, the benefits in
// the reader's language.
type GradePolicy struct {
	tiering.Policy
	// CadenceDays is the grade's contact cadence in days (0: none).
	CadenceDays int `json:"cadence_days"`
}

// policyOf is grade g's policy under rules.
func policyOf(rules tiering.Rules, g string) *GradePolicy {
	return &GradePolicy{Policy: rules.Policy(g), CadenceDays: rules.CadenceDays(g)}
}

// ChannelNames names contact channel keys in lang, most preferred first,
// joined by arrows ("拜访 → 电话"); "" for none.
func ChannelNames(channels []string, l i18n.Lang) string {
	names := make([]string, len(channels))
	for i, c := range channels {
		names[i] = c
		if i18n.Has("channel." + c) {
			names[i] = l.T("channel." + c)
		}
	}
	return strings.Join(names, " → ")
}

// FormatDiscount writes a discount percent as "10%" (up to two decimals).
func FormatDiscount(percent float64) string {
	return strconv.FormatFloat(percent, 'f', -1, 64) + "%"
}

// PolicyText renders grade g's policy under rules in lang, on one line:
// cadence, channels, discount, benefits and the default owner.
func PolicyText(rules tiering.Rules, g string, l i18n.Lang) string {
	p := rules.Policy(g)
	ch := ChannelNames(p.Channels, l)
	if ch == "" {
		ch = l.T("policy.nochannel")
	}
	benefits := strings.Join(strings.Fields(rules.BenefitsText(g, string(l))), " ")
	if benefits == "" {
		benefits = l.T("policy.nobenefits")
	}
	var line string
	if c := rules.CadenceDays(g); c > 0 {
		line = l.T("policy.line", c, ch, FormatDiscount(p.Discount), benefits)
	} else {
		line = l.T("policy.line.nocadence", ch, FormatDiscount(p.Discount), benefits)
	}
	if p.Owner != "" {
		line += l.T("policy.owner", p.Owner)
	}
	return line
}

// gradeOfLabel is the grade letter the owner labelled v (VIP → A), matched
// without regard to case or surrounding spaces; v itself when it is a
// letter or no grade's label. Unreadable rules leave v as it is: the
// filter then says the grade is unknown.
func (s *Store) gradeOfLabel(v string) string {
	t := strings.TrimSpace(v)
	if tiering.ValidGrade(strings.ToUpper(t)) || t == "" {
		return v
	}
	rules, err := s.Rules(context.Background())
	if err != nil {
		return v
	}
	for _, g := range tiering.Grades() {
		if strings.EqualFold(strings.TrimSpace(rules.Label(g)), t) {
			return g
		}
	}
	return v
}

// CheckOwner refuses a grade's default owner who is not on the staff list;
// "" (no default owner) passes.
func (s *Store) CheckOwner(ctx context.Context, name string) error {
	return s.checkOwner(ctx, name)
}
