package tiering

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kehu-app/kehu/i18n"
)

// Limits of a Policy checked by Rules.Validate.
const (
	// MaxBenefitsRunes is the longest benefits text a policy may hold.
	MaxBenefitsRunes = 200
	// MaxOwnerRunes is the longest default owner name a policy may hold.
	MaxOwnerRunes = 32
	// MaxPointsRate is the highest points rate (points per yuan) a policy may
	// give.
	MaxPointsRate = 100
)

// Contact channel keys, in the order the contact form lists them. A policy
// names its preferred channels with these keys.
const (
	ChannelPhone  = "phone"
	ChannelWechat = "wechat"
	ChannelSMS    = "sms"
	ChannelEmail  = "email"
	ChannelVisit  = "visit"
	ChannelOther  = "other"
)

// ContactChannels returns the contact channel keys in form order.
func ContactChannels() []string {
	return []string{ChannelPhone, ChannelWechat, ChannelSMS, ChannelEmail, ChannelVisit, ChannelOther}
}

// Policy is how a shop treats the customers of one grade.
type Policy struct {
	// Channels are the contact channels to use, most preferred first
	// (ContactChannels keys).
	Channels []string `json:"channels"`
	// Discount is the grade's discount in percent (0..100): 10 means 10% off.
	Discount float64 `json:"discount"`
	// Benefits is free text naming what the grade enjoys (专属客服, 生日礼...).
	Benefits string `json:"benefits"`
	// Owner is the staff member who looks after new customers of the grade
	// when no one else is assigned; "" for none.
	Owner string `json:"owner"`
	// PointsRate is how many member points one yuan spent earns (0 for none).
	PointsRate float64 `json:"points_rate"`
}

// defaultPolicy is a small shop's treatment of a grade: A visited then
// called, B called then messaged on WeChat, C and D on WeChat then by SMS.
func defaultPolicy(grade string) Policy {
	switch grade {
	case "A":
		return Policy{Channels: []string{ChannelVisit, ChannelPhone}, Discount: 10, Benefits: benefitsZH["A"], PointsRate: 2}
	case "B":
		return Policy{Channels: []string{ChannelPhone, ChannelWechat}, Discount: 5, Benefits: benefitsZH["B"], PointsRate: 1.5}
	case "C":
		return Policy{Channels: []string{ChannelWechat, ChannelSMS}, Discount: 0, Benefits: benefitsZH["C"], PointsRate: 1}
	case "D":
		return Policy{Channels: []string{ChannelWechat, ChannelSMS}, Discount: 0, Benefits: benefitsZH["D"], PointsRate: 1}
	}
	return Policy{}
}

// The default benefits, in Chinese (as stored) and in English (as an
// English reader is shown them while the owner has not changed them).
var (
	benefitsZH = map[string]string{"A": "专属客服、生日礼、免费送货", "B": "生日礼、会员价", "C": "会员价", "D": "首单优惠"}
	benefitsEN = map[string]string{"A": "dedicated service, birthday gift, free delivery", "B": "birthday gift, member prices", "C": "member prices", "D": "first-order offer"}
)

func defaultPolicies() map[string]Policy {
	out := make(map[string]Policy, 4)
	for _, g := range Grades() {
		out[g] = defaultPolicy(g)
	}
	return out
}

// Policy returns the policy of a grade letter, the default one when the
// grade has no entry. Its Channels are a copy.
func (r Rules) Policy(grade string) Policy {
	p, ok := r.Policies[grade]
	if !ok {
		p = defaultPolicy(grade)
	}
	p.Channels = slices.Clone(p.Channels)
	return p
}

// BenefitsText returns a grade's benefits for a reader of lang: the owner's
// text, except that the untouched Chinese default is shown in English to an
// English reader.
func (r Rules) BenefitsText(grade, lang string) string {
	b := r.Policy(grade).Benefits
	if langOf(lang) != i18n.ZH && b != "" && b == benefitsZH[grade] {
		return benefitsEN[grade]
	}
	return b
}

// validatePolicies adds to p every problem of r.Policies, naming the
// field by its JSON path (policies.A.discount...).
func (r Rules) validatePolicies(p *problems) {
	known := ContactChannels()
	for _, g := range sortedKeys(r.Policies) {
		pol := r.Policies[g]
		if !ValidGrade(g) {
			p.add(CodeUnknownGrade, "policies", g)
			continue
		}
		field := "policies." + g + "."
		seen := map[string]bool{}
		for _, c := range pol.Channels {
			switch {
			case !slices.Contains(known, c):
				p.add(CodeChannelUnknown, field+"channels", c, strings.Join(known, ", "))
			case seen[c]:
				p.add(CodeChannelTwice, field+"channels", c)
			}
			seen[c] = true
		}
		if !finite(pol.Discount) || pol.Discount < 0 || pol.Discount > 100 {
			p.add(CodePercentRange, field+"discount", fmtFloat(pol.Discount))
		}
		if !finite(pol.PointsRate) || pol.PointsRate < 0 || pol.PointsRate > MaxPointsRate {
			p.add(CodePointsRate, field+"points_rate", MaxPointsRate, fmtFloat(pol.PointsRate))
		}
		checkText := func(name, v string, limit int, lines bool) {
			switch {
			case !utf8.ValidString(v):
				p.add(CodeUTF8, field+name)
			case utf8.RuneCountInString(v) > limit:
				p.add(CodeTooLong, field+name, limit, utf8.RuneCountInString(v))
			case strings.IndexFunc(v, func(c rune) bool { return unicode.IsControl(c) && !(lines && c == '\n') }) >= 0:
				p.add(CodeControl, field+name)
			}
		}
		checkText("benefits", pol.Benefits, MaxBenefitsRunes, true)
		checkText("owner", pol.Owner, MaxOwnerRunes, false)
	}
}
