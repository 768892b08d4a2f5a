package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// importProfile counts the customers a large import adds into the tier
// profile's tally in memory, as they are made ready, so that the tally
// needs no pass over their rows: that pass (one GROUP BY over every new
// customer for each grouping, dates turned into julian days row by row)
// took a fifth of an import's CPU time. It works from the values the
// import writes, which for a new customer are simple: no purchase log, no
// contacts, so no window spend (bucket 0) and no complaint. Anything it
// cannot count as SQLite would (a date julianday would read otherwise, a
// column of the tally it does not know) makes it give up, and the tally
// counts the rows from the ledger as before.
type importProfile struct {
	groups map[profileKey]*profileAdds
	failed bool
}

// profileKey is a row of profile_tally.
type profileKey struct {
	dim, key string
	bucket   int64
}

// profileAdds are what new customers add to one profile_tally row.
type profileAdds struct {
	n, spend, buyers, lastN, firsts, firstN, active, fresh, dormant, churned int64
	lastJD, firstJD                                                          float64
}

// profileColumn reads the figure of profile_tally's column name from s;
// false for a column this count does not know.
func profileColumn(s *profileAdds, name string) (any, bool) {
	switch name {
	case "n":
		return s.n, true
	case "spend":
		return s.spend, true
	case "win_spend", "win_count", "complaints":
		// a new customer has no purchase log (so nothing in the window)
		// and no contacts
		return int64(0), true
	case "buyers":
		return s.buyers, true
	case "last_n":
		return s.lastN, true
	case "last_jd":
		return s.lastJD, true
	case "firsts":
		return s.firsts, true
	case "first_n":
		return s.firstN, true
	case "first_jd":
		return s.firstJD, true
	case "active":
		return s.active, true
	case "fresh":
		return s.fresh, true
	case "dormant":
		return s.dormant, true
	case "churned":
		return s.churned, true
	}
	return nil, false
}

func newImportProfile() *importProfile {
	return &importProfile{groups: map[profileKey]*profileAdds{}}
}

// profileFigures is what the tally counts of one new customer.
type profileFigures struct {
	spend                   int64
	first, last, stage      string
	grade, segment          string
	owner, source, industry string
	odd                     bool // a grouping column held something other than text
}

// add counts one new customer.
func (ip *importProfile) add(f *profileFigures) {
	if ip.failed || f.odd {
		ip.failed = true
		return
	}
	lastJD, lastErr := julianDay(f.last)
	firstJD, firstErr := julianDay(f.first)
	lastOK, firstOK := lastErr == nil, firstErr == nil
	if (f.last != "" && !lastOK) || (f.first != "" && !firstOK) {
		ip.failed = true
		return
	}
	b2i := func(b bool) int64 {
		if b {
			return 1
		}
		return 0
	}
	for _, d := range profileDims {
		var key string
		switch d.col {
		case "grade":
			key = f.grade
		case "segment":
			key = f.segment
		case "owner":
			key = f.owner
		case "source":
			key = f.source
		case "industry":
			key = f.industry
		default:
			ip.failed = true
			return
		}
		k := profileKey{dim: d.dim, key: key, bucket: profileBucket(0)}
		s := ip.groups[k]
		if s == nil {
			s = &profileAdds{}
			ip.groups[k] = s
		}
		s.n++
		s.spend += f.spend
		s.buyers += b2i(f.last != "")
		s.lastN += b2i(lastOK)
		s.lastJD += lastJD
		s.firsts += b2i(f.first != "")
		s.firstN += b2i(firstOK)
		s.firstJD += firstJD
		s.active += b2i(f.stage == "active")
		s.fresh += b2i(f.stage == "new")
		s.dormant += b2i(f.stage == "dormant")
		s.churned += b2i(f.stage == "churned")
	}
}

// apply adds the counts to profile_tally. It reports false, writing
// nothing, when the tally must count the new customers from their rows
// instead: the counting gave up, or a complaint is already recorded
// against an id the import gave out (a customer deleted for good).
func (ip *importProfile) apply(ctx context.Context, tx *sql.Tx, firstNew int64) (bool, error) {
	if ip.failed {
		return false, nil
	}
	var stale bool
	if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM newest_complaint WHERE customer_id >= ?)", firstNew).Scan(&stale); err != nil {
		return false, fmt.Errorf("profile tally: %w", err)
	}
	if stale {
		return false, nil
	}
	cols := profileTallyCols("")
	names := make([]string, 0, len(cols))
	sets := make([]string, 0, len(cols))
	for _, c := range cols {
		if _, known := profileColumn(&profileAdds{}, c[0]); !known {
			return false, nil
		}
		names = append(names, c[0])
		sets = append(sets, c[0]+" = "+c[0]+" + excluded."+c[0])
	}
	if len(ip.groups) == 0 {
		return true, nil
	}
	st, err := tx.PrepareContext(ctx, "INSERT INTO profile_tally(dim, key, bucket, "+strings.Join(names, ", ")+") VALUES ("+
		strings.TrimSuffix(strings.Repeat("?, ", 3+len(names)), ", ")+") ON CONFLICT DO UPDATE SET "+strings.Join(sets, ", "))
	if err != nil {
		return false, fmt.Errorf("profile tally: %w", err)
	}
	defer st.Close()
	args := make([]any, 0, 3+len(names))
	for k, s := range ip.groups {
		args = append(args[:0], k.dim, k.key, k.bucket)
		for _, n := range names {
			v, _ := profileColumn(s, n)
			args = append(args, v)
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return false, fmt.Errorf("profile tally: %w", err)
		}
	}
	return true, nil
}

// textValue is a text column's value in a row: "" when the row leaves it
// empty (the schema's default), false when it holds something else.
func textValue(values map[string]any, key string) (string, bool) {
	v, ok := values[key]
	if !ok {
		return "", true
	}
	str, ok := v.(string)
	return str, ok
}

// applyProfile counts the customers the import added into the tier
// profile's tally, in place of the pass over their rows that the tallies'
// delta makes otherwise (it then counts none: none lies above the last
// one added).
func (im *importRun) applyProfile(ctx context.Context, tx *sql.Tx) error {
	done, err := im.profile.apply(ctx, tx, im.firstNew)
	if err != nil {
		return err
	}
	if done {
		im.delta.profileAbove = max(im.delta.profileAbove, im.nextID-1)
	}
	return nil
}
