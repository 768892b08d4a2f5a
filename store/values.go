package store

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
	"github.com/kehu-app/kehu/validate"
)

// ParseValue turns what a user typed into the value stored for column c:
// string, int64 (money in fen, counts), float64 or bool, or nil for an empty
// custom cell. It validates exactly as every entry path must.
func ParseValue(c Column, raw string) (any, error) {
	raw = strings.TrimSpace(raw)
	if isPlaceholder(raw) {
		raw = ""
	}
	if c.Key != "name" {
		if err := checkText(c, raw); err != nil {
			return nil, err
		}
	}
	switch c.Key {
	case "name":
		return validate.Name(raw)
	case "phone":
		return validate.Phone(raw)
	case "email":
		return validate.Email(raw)
	case "potential":
		if raw == "" {
			return int64(0), nil
		}
		n, err := validate.Potential(raw)
		return int64(n), err
	case "kind":
		return parseKind(raw)
	case "gender":
		return parseGender(raw)
	case "pinned":
		return parseGrade(raw)
	case "tags":
		return strings.Join(SplitTags(raw), ","), nil
	case "company_size":
		return parseCompanySize(raw)
	case "referred_by":
		return parseReferrer(raw)
	}
	if raw == "" {
		if c.Custom {
			return nil, nil
		}
		switch c.Type {
		case Money, Int:
			return int64(0), nil
		case Number:
			return float64(0), nil
		}
		return "", nil
	}
	switch c.Type {
	case Money:
		return validate.Money(raw)
	case Number:
		return validate.Number(raw)
	case Int:
		n, err := validate.Count(raw)
		return int64(n), err
	case Date:
		return validate.Date(raw)
	case YesNo:
		return validate.YesNo(raw)
	case Choice:
		if len(c.Choices) == 0 {
			return raw, nil
		}
		for _, ch := range c.Choices {
			if strings.EqualFold(ch, raw) {
				return ch, nil
			}
		}
		return nil, i18n.Errorf("col.choice", raw, strings.Join(c.Choices, ", "))
	}
	return raw, nil
}

// checkText refuses text column c must not hold (validate.Text), naming the
// column in the message.
func checkText(c Column, raw string) error {
	err := validate.Text(c.Key, raw, TextKind(c))
	var ve *validate.Error
	if errors.As(err, &ve) {
		ve.Field, ve.FieldZh = c.LabelEN, c.LabelZH
	}
	return err
}

// TextKind is what text column c accepts: a name or phone is an identity;
// notes, needs, address and custom text columns (where an imported sheet's
// multi-line cells land) may hold line breaks and tabs; other text is one line.
func TextKind(c Column) validate.TextKind {
	switch {
	case c.Key == "name" || c.Key == "phone":
		return validate.Identity
	case c.Key == "notes" || c.Key == "needs" || c.Key == "address" || c.Custom && c.Type == Text:
		return validate.MultiLine
	}
	return validate.OneLine
}

// isPlaceholder reports the dashes sheets use for "nothing here".
func isPlaceholder(s string) bool {
	switch s {
	case "-", "–", "—", "--", "——", "/", "N/A", "n/a", "无":
		return true
	}
	return false
}

// SplitTags splits a tag list on commas (ASCII or Chinese), semicolons,
// 、 and spaces; duplicates are dropped.
func SplitTags(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case ',', '，', ';', '；', '、', ' ', '\t', '|':
			return true
		}
		return false
	})
	seen := map[string]bool{}
	out := f[:0]
	for _, t := range f {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

func parseKind(s string) (string, error) {
	switch strings.ToLower(s) {
	case "":
		return "", nil
	case "personal", "person", "individual", "个人", "私人":
		return "personal", nil
	case "enterprise", "company", "business", "企业", "公司", "单位":
		return "enterprise", nil
	}
	return "", i18n.Errorf("kind.bad", s)
}

func parseGender(s string) (string, error) {
	switch strings.ToLower(s) {
	case "":
		return "", nil
	case "male", "m", "man", "男":
		return "male", nil
	case "female", "f", "woman", "女":
		return "female", nil
	case "other", "其他":
		return "other", nil
	}
	return "", i18n.Errorf("gender.bad", s)
}

func parseGrade(s string) (string, error) {
	u := strings.ToUpper(s)
	switch u {
	case "", "A", "B", "C", "D":
		return u, nil
	}
	return "", i18n.Errorf("grade.bad", s)
}

// Format renders a stored value as text: money as plain decimals, dates ISO,
// yes/no in lang. It is what the table shows and CSV writes.
func Format(c Column, v any, l i18n.Lang) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		switch c.Type {
		case Stage:
			if x == "" {
				return ""
			}
			return tiering.StageName(x, string(l))
		case Segment:
			if x == "" {
				return ""
			}
			return tiering.SegmentName(x, string(l))
		}
		switch c.Key {
		case "kind", "gender":
			if x != "" {
				return l.T("val." + x)
			}
		}
		return x
	case int64:
		if c.Type == Money {
			return validate.FormatMoney(x)
		}
		if c.Type == YesNo {
			return formatBool(x != 0, l)
		}
		return strconv.FormatInt(x, 10)
	case float64:
		if c.Key == "score" {
			return strconv.FormatFloat(x, 'f', 1, 64)
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return formatBool(x, l)
	}
	return fmt.Sprint(v)
}

func formatBool(b bool, l i18n.Lang) string {
	if b {
		return l.T("val.yes")
	}
	return l.T("val.no")
}
