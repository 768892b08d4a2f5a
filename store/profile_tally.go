package store

import (
	"strings"
)

// The tier profile adds its figures up from profile_tally instead of a pass
// over every customer. For each grouping (dim: grade, segment, owner,
// source, industry), each group (key) and each bucket of the stored window
// spend, the tally holds the live customers' count and the sums every
// average needs. Summing a group's buckets gives its totals; walking its
// buckets in order finds the bucket that holds the median, whose few
// customers customers_win_spend lists in spend order.
//
// Buckets are the window spend rounded down to two significant digits
// (exact below 100 fen; every negative spend shares one bucket), so a group
// has a few hundred of them and none holds more than a few percent of the
// customers.
//
// newest_complaint lists the customers whose newest contact is a complaint;
// triggers on contacts keep it, and its own triggers count it into the
// tally. The customers' triggers (customers_tally_profile_*, suspended with
// the other tallies' by large loads) keep the rest.

// profileDims are the groupings the tally counts, with the customer column
// each groups by.
var profileDims = []struct{ dim, col string }{
	{ByGrade, "grade"}, {BySegment, "segment"}, {ByOwner, "owner"}, {BySource, "source"}, {ByIndustry, "industry"},
}

// profileBucketSQL is the bucket of window spend v (an integer expression);
// profileBucket is the same in Go.
func profileBucketSQL(v string) string {
	return "(CASE WHEN " + v + " < 0 THEN -9223372036854775808 WHEN " + v + " < 100 THEN " + v +
		" ELSE CAST(substr(" + v + ", 1, 2) || substr('0000000000000000000', 1, length(" + v + ") - 2) AS INTEGER) END)"
}

// profileTallyCols are the tally's figures and what one customer row
// (prefix "NEW.", "OLD." or "c.") adds to each.
func profileTallyCols(p string) [][2]string {
	return [][2]string{
		{"n", "1"},
		{"spend", p + "total_spend"},
		{"win_spend", p + "win_spend"},
		{"win_count", p + "win_count"},
		{"buyers", p + "last_purchase <> ''"},
		// the days since the last and first purchase are counted as
		// julian days, summed: today's minus the sum gives the total
		{"last_n", "julianday(" + p + "last_purchase) IS NOT NULL"},
		{"last_jd", "coalesce(julianday(" + p + "last_purchase), 0)"},
		{"firsts", p + "first_purchase <> ''"},
		{"first_n", "julianday(" + p + "first_purchase) IS NOT NULL"},
		{"first_jd", "coalesce(julianday(" + p + "first_purchase), 0)"},
		{"active", p + "stage = 'active'"},
		{"fresh", p + "stage = 'new'"},
		{"dormant", p + "stage = 'dormant'"},
		{"churned", p + "stage = 'churned'"},
		{"complaints", "EXISTS (SELECT 1 FROM newest_complaint o WHERE o.customer_id = " + p + "id)"},
	}
}

// profileNewestKindSQL is the kind of customer x's newest contact.
func profileNewestKindSQL(x string) string {
	return "(SELECT kind FROM contacts WHERE customer_id = " + x + " ORDER BY at DESC, id DESC LIMIT 1)"
}

// profileSyncComplaintSQL brings customer x's newest_complaint row in line
// with its newest contact.
func profileSyncComplaintSQL(x string) string {
	return "DELETE FROM newest_complaint WHERE customer_id = " + x + " AND " + profileNewestKindSQL(x) + " IS NOT 'complaint';\n" +
		"\tINSERT OR IGNORE INTO newest_complaint(customer_id) SELECT " + x + " WHERE " + profileNewestKindSQL(x) + " = 'complaint';\n"
}

// profileUpsert adds (sign "") or takes away (sign "-") what the
// customer row with prefix p counts in every grouping. where, if not
// empty, guards it.
func profileUpsert(p, sign, where string) string {
	var dims []string
	for i, d := range profileDims {
		if i == 0 {
			dims = append(dims, "SELECT '"+d.dim+"' AS dim, "+p+d.col+" AS key")
		} else {
			dims = append(dims, "SELECT '"+d.dim+"', "+p+d.col)
		}
	}
	var names, vals, sets []string
	for _, c := range profileTallyCols(p) {
		names = append(names, c[0])
		vals = append(vals, sign+"("+c[1]+")")
		sets = append(sets, c[0]+" = "+c[0]+" + excluded."+c[0])
	}
	if where == "" {
		where = "true"
	}
	return "INSERT INTO profile_tally(dim, key, bucket, " + strings.Join(names, ", ") + ")\n\t\tSELECT g.dim, g.key, " +
		profileBucketSQL(p+"win_spend") + ", " + strings.Join(vals, ", ") + "\n\t\tFROM (" + strings.Join(dims, " UNION ALL ") +
		") AS g WHERE " + where + "\n\t\tON CONFLICT DO UPDATE SET " + strings.Join(sets, ", ") + ";\n"
}

// profileTallyAdd adds the live customers matching where (over customers
// c) to the tally: one statement per grouping.
func profileTallyAdd(where string) []string { return profileTallyShift("customers", where, "") }

// profileTallyShift adds (sign "") or takes away (sign "-") the live
// customers matching where (over table c, customers or a copy of some of
// its rows): one statement per grouping.
func profileTallyShift(table, where, sign string) []string {
	var out []string
	for _, d := range profileDims {
		var names, sums, sets []string
		for _, c := range profileTallyCols("c.") {
			names = append(names, c[0])
			if strings.HasSuffix(c[0], "_jd") {
				sums = append(sums, sign+"total("+c[1]+")")
			} else {
				sums = append(sums, sign+"sum("+c[1]+")")
			}
			sets = append(sets, c[0]+" = "+c[0]+" + excluded."+c[0])
		}
		out = append(out, "INSERT INTO profile_tally(dim, key, bucket, "+strings.Join(names, ", ")+")\n\tSELECT '"+d.dim+"', c."+d.col+
			", "+profileBucketSQL("c.win_spend")+", "+strings.Join(sums, ", ")+
			"\n\tFROM "+table+" c WHERE c.deleted_at IS NULL AND "+where+" GROUP BY 2, 3\n\tON CONFLICT DO UPDATE SET "+
			strings.Join(sets, ", ")+";\n")
	}
	return out
}

// profileRecountSQL counts profile_tally and newest_complaint again.
var profileRecountSQL = `
DELETE FROM newest_complaint;
INSERT INTO newest_complaint(customer_id)
	SELECT DISTINCT k.customer_id FROM contacts k WHERE k.kind = 'complaint' AND NOT EXISTS (SELECT 1 FROM contacts l
		WHERE l.customer_id = k.customer_id AND (l.at > k.at OR (l.at = k.at AND l.id > k.id)));
DELETE FROM profile_tally;
` + strings.Join(profileTallyAdd("true"), "")

// profileChangedSQL is true when an update of a customer row changes what
// the tally counts of it.
func profileChangedSQL() string {
	cols := []string{"total_spend", "win_spend", "win_count", "last_purchase", "first_purchase", "stage"}
	for _, d := range profileDims {
		cols = append(cols, d.col)
	}
	var ors []string
	for _, c := range cols {
		ors = append(ors, "OLD."+c+" IS NOT NEW."+c)
	}
	return "(OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL) OR OLD.deleted_at IS NULL AND (" + strings.Join(ors, " OR ") + ")"
}

// profileComplaintSQL adds delta to the complaints of customer x's rows of
// the tally, when x is live.
func profileComplaintSQL(x, delta string) string {
	var b strings.Builder
	for i, d := range profileDims {
		if i > 0 {
			b.WriteString("\t")
		}
		b.WriteString("UPDATE profile_tally SET complaints = complaints + " + delta + " WHERE dim = '" + d.dim + "' AND (key, bucket) = (SELECT " +
			d.col + ", " + profileBucketSQL("win_spend") + " FROM customers WHERE id = " + x + " AND deleted_at IS NULL);\n")
	}
	return b.String()
}

// profileTriggersSQL are the triggers keeping newest_complaint and
// profile_tally.
func profileTriggersSQL() string {
	cols := []string{"total_spend", "win_spend", "win_count", "last_purchase", "first_purchase", "stage", "deleted_at"}
	for _, d := range profileDims {
		cols = append(cols, d.col)
	}
	return `
CREATE TRIGGER contacts_complaint_insert AFTER INSERT ON contacts
BEGIN
	` + profileSyncComplaintSQL("NEW.customer_id") + `END;
CREATE TRIGGER contacts_complaint_delete AFTER DELETE ON contacts
BEGIN
	` + profileSyncComplaintSQL("OLD.customer_id") + `END;
CREATE TRIGGER contacts_complaint_update AFTER UPDATE OF customer_id, at, kind ON contacts
BEGIN
	` + profileSyncComplaintSQL("OLD.customer_id") + "\t" + profileSyncComplaintSQL("NEW.customer_id") + `END;
CREATE TRIGGER customers_tally_profile_insert AFTER INSERT ON customers
WHEN NEW.deleted_at IS NULL
BEGIN
	` + profileUpsert("NEW.", "", "") + `END;
CREATE TRIGGER customers_tally_profile_delete AFTER DELETE ON customers
WHEN OLD.deleted_at IS NULL
BEGIN
	` + profileUpsert("OLD.", "-", "") + `END;
CREATE TRIGGER customers_tally_profile_update AFTER UPDATE OF ` + strings.Join(cols, ", ") + ` ON customers
WHEN ` + profileChangedSQL() + `
BEGIN
	` + profileUpsert("OLD.", "-", "OLD.deleted_at IS NULL") + "\t" + profileUpsert("NEW.", "", "NEW.deleted_at IS NULL") + `END;
CREATE TRIGGER customers_tally_profile_complaint_insert AFTER INSERT ON newest_complaint
BEGIN
	` + profileComplaintSQL("NEW.customer_id", "1") + `END;
CREATE TRIGGER customers_tally_profile_complaint_delete AFTER DELETE ON newest_complaint
BEGIN
	` + profileComplaintSQL("OLD.customer_id", "-1") + `END;
`
}

// profileSchemaSQL creates the profile's tally, its triggers and the two
// indexes its reader walks, and counts the tally from the ledger.
func profileSchemaSQL() string {
	var cols []string
	for _, c := range profileTallyCols("") {
		typ := "INTEGER"
		if strings.HasSuffix(c[0], "_jd") {
			typ = "REAL"
		}
		cols = append(cols, "\t"+c[0]+" "+typ+" NOT NULL")
	}
	return `
CREATE TABLE newest_complaint (customer_id INTEGER PRIMARY KEY);
CREATE TABLE profile_tally (
	dim    TEXT    NOT NULL, -- grade, segment, owner, source or industry
	key    TEXT    NOT NULL,
	bucket INTEGER NOT NULL, -- the window spend's first two digits (see profileBucketSQL)
` + strings.Join(cols, ",\n") + `,
	PRIMARY KEY (dim, key, bucket)
) WITHOUT ROWID;
-- the customers of one bucket in spend order, for the medians
CREATE INDEX customers_win_spend ON customers(win_spend, grade, segment, owner, source, industry) WHERE deleted_at IS NULL;
-- the customers whose opening figures can still count in the window
CREATE INDEX customers_opening ON customers(opening_last) WHERE opening_count > 0 AND deleted_at IS NULL;
` + profileRecountSQL + profileTriggersSQL()
}
