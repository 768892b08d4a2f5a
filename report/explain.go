package report

import (
	"strconv"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
	"github.com/kehu-app/kehu/validate"
)

// Explain is why customer id, named name, has its grade: one line per
// step of the grading, the first (the grade and the rule that decided it)
// tagged with the grade; then what the purchase models say of the customer
// in words (or why they say nothing).
func Explain(id int64, name string, ex tiering.Explanation, cm store.CustomerModel, l i18n.Lang) Document {
	d := Document{Title: l.T("explain.title", validate.Visible(name), "#"+strconv.FormatInt(id, 10))}
	for i, line := range ex.Lines(string(l)) {
		c := text(validate.Visible(line))
		if i == 0 {
			c.Tag, c.Grade = Grade, ex.Grade
		}
		d.Lead = append(d.Lead, c)
	}
	for _, line := range cm.Lines(l) {
		d.Lead = append(d.Lead, text(validate.Visible(line)))
	}
	return d
}
