package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// loudColumns are the columns of customers whose value for a new customer
// an import works out whatever its sheet holds: the id, the opening
// balance, aggregates and grade every insert sets, the window counts and
// churn-watch copies a regrade writes, the model's figures.
var loudColumns = []string{"id", "updated_at", "opening_spend", "opening_count", "opening_last", "total_spend", "purchases",
	"first_purchase", "last_purchase", "median_gap", "grade", "score", "segment", "stage", "win_count", "win_spend",
	"m_x", "m_first", "m_last", "m_spend", "p_alive", "exp_purchases", "clv", "clv_alive", "model_note"}

// accountColumns are the balances (and what follows them) an import's
// opening account entries set.
var accountColumns = []string{"points", "balance", "owed", "owed_since", "credit_limit"}

// quietIndexes names the partial indexes of customers a large import keeps
// instead of dropping and building them again: those whose condition
// leaves out every customer the import adds, judged on the values such a
// customer holds whatever its row says (the schema's defaults, the
// import's one creation time) in the columns the import does not write.
// Such an index costs the import nothing to keep, where building it again
// would scan the whole table (0.4 s at a million rows). Full indexes on
// such columns are no match: a new row's key then only differs by its id,
// yet keeping a dozen of them row by row cost more CPU at a million rows
// than building them again. Keeping an index is always correct; only its
// cost is at stake.
func (im *importRun) quietIndexes(ctx context.Context, tx *sql.Tx, indexes map[string]string) (map[string]bool, error) {
	quiet, all, row, err := im.quietColumns(ctx, tx)
	if err != nil {
		return nil, err
	}
	keep := map[string]bool{}
	for name, q := range indexes {
		where, ok := indexCondition(q)
		if !ok {
			continue
		}
		if where == "" || !allQuiet(referencedColumns(where, all), quiet) {
			continue
		}
		// A new customer's values make the condition false: no such row
		// enters the index.
		var in bool
		if err := tx.QueryRowContext(ctx, "WITH customers AS (SELECT "+row+") SELECT coalesce(("+where+"), 0) <> 0 FROM customers").Scan(&in); err != nil {
			return nil, fmt.Errorf("import: judge index %s: %w", name, err)
		}
		if !in {
			keep[name] = true
		}
	}
	return keep, nil
}

// quietColumns are the columns of customers every customer the import adds
// holds the same value in, all the columns, and a SELECT list giving those
// values under the columns' names (the others NULL) to evaluate an index's
// condition with.
func (im *importRun) quietColumns(ctx context.Context, tx *sql.Tx) (quiet, all map[string]bool, row string, err error) {
	loud := map[string]bool{}
	for _, c := range loudColumns {
		loud[c] = true
	}
	if im.opts.Accounts {
		for _, c := range accountColumns {
			loud[c] = true
		}
	}
	for _, c := range im.cols {
		loud[unquoteIdent(c.sqlName)] = true
	}
	rows, err := tx.QueryContext(ctx, "SELECT name, dflt_value, hidden FROM pragma_table_xinfo('customers')")
	if err != nil {
		return nil, nil, "", fmt.Errorf("import: read columns: %w", err)
	}
	defer rows.Close()
	quiet, all = map[string]bool{}, map[string]bool{}
	var list []string
	for rows.Next() {
		var name string
		var dflt sql.NullString
		var hidden int
		if err := rows.Scan(&name, &dflt, &hidden); err != nil {
			return nil, nil, "", fmt.Errorf("import: read columns: %w", err)
		}
		all[name] = true
		value := "NULL"
		switch {
		case hidden != 0 || loud[name]: // generated columns follow loud ones
		case name == "created_at":
			quiet[name], value = true, sqlQuote(im.at)
		case dflt.Valid:
			quiet[name], value = true, dflt.String
		default:
			quiet[name] = true
		}
		list = append(list, value+` AS "`+strings.ReplaceAll(name, `"`, `""`)+`"`)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, "", fmt.Errorf("import: read columns: %w", err)
	}
	return quiet, all, strings.Join(list, ", "), nil
}

// unquoteIdent is a column's name as SQL spells it ("x_会员卡号" for a
// custom column) without the quotes.
func unquoteIdent(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
	}
	return s
}

func sqlQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// indexCondition is the condition after WHERE of a CREATE INDEX statement
// on customers ("" for a full index).
func indexCondition(q string) (where string, ok bool) {
	upper := strings.ToUpper(q)
	on := strings.Index(upper, " ON CUSTOMERS")
	if on < 0 {
		return "", false
	}
	open := strings.IndexByte(q[on:], '(')
	if open < 0 {
		return "", false
	}
	depth, inStr := 0, byte(0)
	for i := on + open; i < len(q); i++ {
		c := q[i]
		switch {
		case inStr != 0:
			if c == inStr {
				inStr = 0
			}
		case c == '\'' || c == '"':
			inStr = c
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				rest := strings.TrimSpace(q[i+1:])
				if rest == "" {
					return "", true
				}
				if len(rest) > 5 && strings.EqualFold(rest[:5], "WHERE") && !isIdent(rune(rest[5])) {
					return strings.TrimSpace(rest[5:]), true
				}
				return "", false
			}
		}
	}
	return "", false
}

var sqlToken = regexp.MustCompile(`'(?:[^']|'')*'|"(?:[^"]|"")*"|[\p{L}_][\p{L}\p{N}_]*`)

// referencedColumns lists the columns of customers an expression names:
// its identifiers that are column names (string literals set aside).
func referencedColumns(expr string, all map[string]bool) []string {
	var cols []string
	for _, t := range sqlToken.FindAllString(expr, -1) {
		switch {
		case strings.HasPrefix(t, "'"):
			continue
		case strings.HasPrefix(t, `"`):
			t = unquoteIdent(t)
		}
		if all[t] {
			cols = append(cols, t)
		}
	}
	return cols
}

func allQuiet(cols []string, quiet map[string]bool) bool {
	for _, c := range cols {
		if !quiet[c] {
			return false
		}
	}
	return true
}

func isIdent(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }
