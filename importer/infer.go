package importer

import (
	"strings"

	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// stats describe a column's values, to type a new column or to check that
// a built-in choice column's values fit it.
type stats struct {
	n, fail                          int
	date, nonDigit, money, marked    int
	number, decimal, leadZero, yesno int
	text                             bool // a value was none of those: the column is text
}

var yesnoWords = map[string]bool{"是": true, "否": true, "yes": true, "no": true, "y": true, "n": true,
	"true": true, "false": true, "√": true, "×": true, "✓": true, "✗": true, "有": true, "没有": true}

// add adds the tallies of o to s.
func (s *stats) add(o stats) {
	s.n += o.n
	s.fail += o.fail
	s.date += o.date
	s.nonDigit += o.nonDigit
	s.money += o.money
	s.marked += o.marked
	s.number += o.number
	s.decimal += o.decimal
	s.leadZero += o.leadZero
	s.yesno += o.yesno
	s.text = s.text || o.text
}

// observe tallies the value raw of column c into s.
func (c *column) observe(s *stats, raw string) {
	v := cleanValue(raw)
	if v == "" {
		return
	}
	s.n++
	if c.check {
		if _, err := store.ParseValue(c.col, v); err != nil {
			s.fail++
		}
		return
	}
	if c.Kind != KindNew || s.text {
		return
	}
	typed := false
	if _, err := validate.Date(stripTime(v)); err == nil {
		typed = true
		s.date++
		if strings.ContainsAny(v, "-/.年") {
			s.nonDigit++
		}
	}
	if _, err := validate.Money(v); err == nil {
		typed = true
		s.money++
		if strings.ContainsAny(v, "¥￥元万块") || strings.Contains(strings.ToUpper(v), "RMB") {
			s.marked++
		}
	}
	if _, err := validate.Number(v); err == nil {
		typed = true
		s.number++
		if strings.Contains(v, ".") {
			s.decimal++
		}
		t := strings.TrimPrefix(v, "-")
		if len(t) > 1 && t[0] == '0' && t[1] != '.' {
			s.leadZero++
		}
	}
	if yesnoWords[strings.ToLower(v)] {
		typed = true
		s.yesno++
	}
	// Every type needs every value: one value of none of them settles it.
	s.text = !typed
}

// infer types a new column: date, yes/no, money, number only when every
// value clearly is one; text otherwise.
func (s stats) infer(header string) store.Type {
	switch {
	case s.n == 0 || s.text:
		return store.Text
	case s.date == s.n && s.nonDigit == s.n:
		return store.Date
	case s.yesno == s.n:
		return store.YesNo
	case s.money == s.n && (s.marked > 0 || hinted(header, moneyHints)) && s.leadZero == 0:
		return store.Money
	case s.number == s.n && s.leadZero == 0 && (s.decimal > 0 || hinted(header, numberHints)):
		return store.Number
	}
	return store.Text
}
