// Package dedupe finds customers that were probably entered more than once:
// the same phone, WeChat id or email, the same name and company, names
// equal once spaces, remarks and titles are removed, or names one edit
// apart that share a contact detail. It is pure (no ledger, no screen):
// callers stream customers' identifying fields in and get matches out, most
// certain first, each with its reasons. Nothing is merged here.
//
// Candidates are found by blocking (customers sharing a normalised phone,
// WeChat id, email, name key, or name key and company) rather than by
// comparing every pair, so a million customers take seconds.
package dedupe

import (
	"hash/maphash"
	"slices"
	"strings"
)

// Customer is what finding duplicates reads of one customer.
type Customer struct {
	ID      int64
	Name    string
	Phone   string
	Email   string
	WeChat  string
	Company string
}

// Reason says why customers look like one person. The values are stable
// (they appear in JSON output).
type Reason string

// Reasons, strongest kind of evidence first.
const (
	SamePhone   Reason = "phone"        // the same phone after normalisation
	SameWeChat  Reason = "wechat"       // the same WeChat id
	SameEmail   Reason = "email"        // the same email, case folded
	SameName    Reason = "name"         // the same name, exactly as typed
	NameForm    Reason = "name_form"    // names equal without spaces, remarks and titles
	SimilarName Reason = "similar_name" // names one edit apart, beside a shared contact detail
	SameCompany Reason = "company"      // the same company, beside an equal name
)

// Match is a pair (or, when many customers share one phone, WeChat id,
// email, or name and company, a group) of customers that look like one.
type Match struct {
	IDs       []int64  // ascending
	Reasons   []Reason // in the order of the constants above
	Certainty int      // 0–100: how sure the evidence makes it; matches sort by it
}

// Group reports whether the match is a group of more than two customers.
func (m Match) Group() bool { return len(m.IDs) > 2 }

// maxPairs is the largest block whose pairs are compared one by one. A
// larger block (a shop's own phone typed for every walk-in customer, a name
// thousands of people share) is reported as one group when what its members
// share is exact evidence, and otherwise only through its name subgroups.
const maxPairs = 40

// Certainty of a group: many customers sharing one detail are seldom one
// person each time; the owner should look, but after the pairs.
const groupCertainty = 40

type record struct {
	id                            int64
	phone, email, wechat, company uint64 // hashes; 0 = empty
	raw, key                      uint64
	nameKey                       string // for the similar-name test
}

// kinds of block.
const (
	byPhone = iota
	byWeChat
	byEmail
	byName
	byNameCompany
	kinds
)

type entry struct {
	h   uint64
	idx int32
}

// Finder collects customers (Add) and finds matches among them (Matches).
// It keeps a few hashes and the name key of each, never whole records.
type Finder struct {
	seed   maphash.Seed
	recs   []record
	blocks [kinds][]entry
}

// NewFinder returns an empty Finder.
func NewFinder() *Finder { return &Finder{seed: maphash.MakeSeed()} }

// hash is a field's 64-bit hash, 0 for an empty field. Hashes are only
// ever compared within one kind of field, so kinds need no tag.
func (f *Finder) hash(s string) uint64 {
	if s == "" {
		return 0
	}
	if v := maphash.String(f.seed, s); v != 0 {
		return v
	}
	return 1
}

// Grow makes room for about n customers more: Add then never copies what
// it holds (a slice grown by append allocates about five times its size).
func (f *Finder) Grow(n int) {
	if n <= 0 {
		return
	}
	f.recs = slices.Grow(f.recs, n)
	f.blocks[byName] = slices.Grow(f.blocks[byName], n)
	f.blocks[byPhone] = slices.Grow(f.blocks[byPhone], n)
}

// Add takes one customer into account.
func (f *Finder) Add(c Customer) {
	key := NameKey(c.Name)
	company := CompanyKey(c.Company)
	r := record{
		id:      c.ID,
		phone:   f.hash(PhoneKey(c.Phone)),
		email:   f.hash(ContactKey(c.Email)),
		wechat:  f.hash(ContactKey(c.WeChat)),
		company: f.hash(company),
		raw:     f.hash(strings.TrimSpace(c.Name)),
		key:     f.hash(key),
		nameKey: strings.Clone(key), // not a view into the caller's (larger) row text
	}
	idx := int32(len(f.recs))
	f.recs = append(f.recs, r)
	add := func(k int, h uint64) {
		if h != 0 {
			f.blocks[k] = append(f.blocks[k], entry{h, idx})
		}
	}
	add(byPhone, r.phone)
	add(byWeChat, r.wechat)
	add(byEmail, r.email)
	add(byName, r.key)
	if r.key != 0 && r.company != 0 {
		// one hash of the pair: the key's spread by a large odd constant,
		// so (a, b) and (b, a) differ
		add(byNameCompany, (r.key*0x9E3779B97F4A7C15)^r.company|1)
	}
}

// Find is NewFinder, Add for each customer, then Matches.
func Find(customers []Customer) []Match {
	f := NewFinder()
	for _, c := range customers {
		f.Add(c)
	}
	return f.Matches()
}

// Matches returns every match found, most certain first (then by ids).
func (f *Finder) Matches() []Match {
	// A pair may sit in several blocks (one phone and one name): it is
	// judged each time, the same way, and reported once. (Remembering the
	// pairs seen would cost more memory than judging again costs time.)
	var out []Match
	pair := func(i, j int32) {
		if m, ok := f.judge(f.recs[i], f.recs[j]); ok {
			out = append(out, m)
		}
	}
	for kind := range f.blocks {
		es := f.blocks[kind]
		slices.SortFunc(es, func(a, b entry) int {
			if a.h != b.h {
				if a.h < b.h {
					return -1
				}
				return 1
			}
			return int(a.idx - b.idx)
		})
		for start := 0; start < len(es); {
			end := start + 1
			for end < len(es) && es[end].h == es[start].h {
				end++
			}
			if end-start > 1 {
				f.block(kind, es[start:end], pair, &out)
			}
			start = end
		}
		f.blocks[kind] = nil
	}
	slices.SortFunc(out, func(a, b Match) int {
		if a.Certainty != b.Certainty {
			return b.Certainty - a.Certainty
		}
		if c := slices.Compare(a.IDs, b.IDs); c != 0 {
			return c
		}
		return slices.Compare(a.Reasons, b.Reasons)
	})
	return slices.CompactFunc(out, func(a, b Match) bool {
		return a.Certainty == b.Certainty && slices.Equal(a.IDs, b.IDs) && slices.Equal(a.Reasons, b.Reasons)
	})
}

// block compares the members of one block, or reports an oversized block
// of exact evidence as a group and looks for pairs inside it by name.
func (f *Finder) block(kind int, es []entry, pair func(i, j int32), out *[]Match) {
	if len(es) <= maxPairs {
		for a := range es {
			for b := a + 1; b < len(es); b++ {
				pair(es[a].idx, es[b].idx)
			}
		}
		return
	}
	if kind == byName {
		return // a common name: evidence only beside something else shared
	}
	ids := make([]int64, len(es))
	for i, e := range es {
		ids[i] = f.recs[e.idx].id
	}
	slices.Sort(ids)
	reason := map[int][]Reason{byPhone: {SamePhone}, byWeChat: {SameWeChat}, byEmail: {SameEmail}, byNameCompany: {SameName, SameCompany}}[kind]
	if kind == byNameCompany {
		for _, e := range es[1:] {
			if f.recs[e.idx].raw != f.recs[es[0].idx].raw {
				reason = []Reason{NameForm, SameCompany}
				break
			}
		}
	}
	*out = append(*out, Match{IDs: ids, Reasons: reason, Certainty: groupCertainty})
	if kind == byNameCompany {
		return
	}
	// Inside, customers that also share a name key are pairs of their own.
	byKey := map[uint64][]int32{}
	for _, e := range es {
		byKey[f.recs[e.idx].key] = append(byKey[f.recs[e.idx].key], e.idx)
	}
	for k, members := range byKey {
		if k == 0 || len(members) < 2 || len(members) > maxPairs {
			continue
		}
		for a := range members {
			for b := a + 1; b < len(members); b++ {
				pair(members[a], members[b])
			}
		}
	}
}

// judge weighs the evidence about two customers found in one block.
func (f *Finder) judge(a, b record) (Match, bool) {
	var reasons []Reason
	contacts := 0
	if a.phone != 0 && a.phone == b.phone {
		reasons = append(reasons, SamePhone)
		contacts++
	}
	if a.wechat != 0 && a.wechat == b.wechat {
		reasons = append(reasons, SameWeChat)
		contacts++
	}
	if a.email != 0 && a.email == b.email {
		reasons = append(reasons, SameEmail)
		contacts++
	}
	// How far the names agree: 3 as typed, 2 by key, 1 one edit apart.
	names := 0
	switch {
	case a.raw != 0 && a.raw == b.raw:
		names = 3
		reasons = append(reasons, SameName)
	case a.key != 0 && a.key == b.key:
		names = 2
		reasons = append(reasons, NameForm)
	case contacts > 0 && similar(a.nameKey, b.nameKey):
		names = 1
		reasons = append(reasons, SimilarName)
	}
	company := a.company != 0 && a.company == b.company
	if company && names >= 2 {
		reasons = append(reasons, SameCompany)
	}
	var c int
	switch {
	case contacts > 0 && names >= 2:
		c = 93 + 2*contacts
	case contacts > 0 && names == 1:
		c = 80 + 2*contacts
	case contacts > 0:
		// A shared phone under two different names may be one family's
		// phone: always reported, below every pair whose names agree.
		c = 55 + 5*contacts
		if a.phone != 0 && a.phone == b.phone {
			c += 2
		}
	case company && names >= 2:
		c = 75 + names
	case names == 2:
		c = 65 // 王芳 and 王芳(老客户): a re-typed name, nothing else shared
	default:
		return Match{}, false // the same name alone: common names are common
	}
	if contacts == 0 {
		// Details that disagree weigh against a name-only match.
		if a.phone != 0 && b.phone != 0 {
			c -= 15
		}
		if a.company != 0 && b.company != 0 && !company {
			c -= 20
		}
	}
	if c > 99 {
		c = 99
	}
	ids := []int64{a.id, b.id}
	slices.Sort(ids)
	return Match{IDs: ids, Reasons: reasons, Certainty: c}, true
}
