package report

import (
	"strings"

	"github.com/kehu-app/kehu/filter"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
)

// GroupDrill is the filter that keeps the customers of one group of a
// breakdown by by (a store.ProfileGroupings key): grade=A, segment=loyal,
// owner="王 芳"; the group of customers with the field unset is field=.
// "" when the value cannot be written as a filter (it holds a quote or,
// for a column, a comma, which the filter reads as a list).
func GroupDrill(by, key string) string {
	switch by {
	case store.ByGrade:
		return "grade=" + key
	case store.BySegment:
		if key == store.SegmentNone {
			return "segment="
		}
		return "segment=" + key
	}
	if strings.Contains(key, ",") {
		return ""
	}
	q, ok := filter.Quote(key)
	if !ok {
		return ""
	}
	return by + "=" + q
}

// ProductDrill is the filter that keeps the customers who bought product.
func ProductDrill(product string) string {
	q, ok := filter.Quote(product)
	if !ok || product == "" {
		return ""
	}
	return "bought=" + q
}

// GradeAtDrill is the filter that keeps the customers in grade g at the
// end of month (2026-05), as the grade history tells it.
func GradeAtDrill(month, g string) string { return "grade@" + month + "=" + g }

// MigrationDrill keeps the customers who were in grade from at the end of
// month then and in grade to at the end of month now: a migration cell.
func MigrationDrill(then, from, now, to string) string {
	return GradeAtDrill(then, from) + " " + GradeAtDrill(now, to)
}

// MovedDrill keeps the customers behind one of the summary's recent grade
// moves, from→to in the last store.MovementDays days; "" when a grade is
// none kehu writes (from may be empty: a customer who had no grade yet).
func MovedDrill(from, to string) string {
	if (from != "" && !tiering.ValidGrade(from)) || !tiering.ValidGrade(to) || from == to {
		return ""
	}
	return "moved=" + from + "→" + to
}
