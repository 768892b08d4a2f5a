// Package rulesfile reads and writes the tiering rules and the per-grade
// service policies as a TOML file a shop owner can edit by hand. Reading
// checks every field and reports each problem with its line, in English and
// Chinese; nothing here touches the ledger.
package rulesfile

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
	toml "github.com/pelletier/go-toml/v2"
)

// file is the TOML document. Every field is a pointer or a slice so that a
// key left out of the file is told apart from one set to zero: a missing
// key takes the default.
type file struct {
	WindowDays     *int                    `toml:"window_days" comment:"purchases and spend are counted over this many days (统计窗口，天)"`
	PotentialBonus *float64                `toml:"potential_bonus" comment:"points that 5 potential stars add to the score (潜力加分)"`
	Weights        *weights                `toml:"weights" comment:"weight of each dimension in the score (各维度权重)"`
	GradeLines     *gradeLines             `toml:"grade_lines" comment:"lowest score of grades A and B; C below, D never purchased (等级分数线)"`
	Dimensions     *dimensions             `toml:"dimensions" comment:"how R (days since last purchase), F (purchases) and M (spend, yuan) are scored 1-5: mode quintile or absolute; thresholds reach scores 2..5"`
	Grades         map[string]*gradeConfig `toml:"grades" comment:"per grade: label, colour, contact cadence and service policy (各等级名称、颜色、联系周期与服务政策); channels: phone, wechat, sms, email, visit, other"`
	Columns        []*columnDim            `toml:"columns" comment:"number, money or choice columns graded as dimensions (按列评级，如 信用、potential): mode quintile (scored 1-5 against the other buyers' values, cut points computed at grading time), thresholds (4 ascending values reach scores 2..5) or choice (value = score 1..5); an empty cell scores 1"`
	Churn          *churn                  `toml:"churn" comment:"who is slipping away (流失预警与客户价值): model bg/nbd, or mbg/nbd so that one-time buyers may have left too; warn below p_alive among the top_share most valuable; expected purchases over horizon_days; 12-month value discounted by monthly_discount"`
}

type churn struct {
	Model           *string  `toml:"model"`
	PAlive          *float64 `toml:"p_alive"`
	TopShare        *float64 `toml:"top_share"`
	HorizonDays     *int     `toml:"horizon_days"`
	MonthlyDiscount *float64 `toml:"monthly_discount"`
}

type columnDim struct {
	Column     *string        `toml:"column"`
	Weight     *float64       `toml:"weight"`
	Mode       *string        `toml:"mode"`
	Thresholds []float64      `toml:"thresholds"`
	Choices    map[string]int `toml:"choices"`
}

type weights struct {
	R       *float64 `toml:"r"`
	F       *float64 `toml:"f"`
	M       *float64 `toml:"m"`
	Loyalty *float64 `toml:"loyalty" comment:"loyalty (忠诚度) 1-5: 1, +1 a year of tenure (up to 2), +1 at 3 and at 6 of the last 12 months with a purchase, +1 at 1 and at 3 referrals, -1 per open complaint (up to 2); 0 leaves it out"`
}

type gradeLines struct {
	A *float64 `toml:"a"`
	B *float64 `toml:"b"`
}

type dimensions struct {
	R *dimension `toml:"r"`
	F *dimension `toml:"f"`
	M *dimension `toml:"m"`
}

type dimension struct {
	Mode       *string   `toml:"mode"`
	Thresholds []float64 `toml:"thresholds"`
}

type gradeConfig struct {
	Label       *string  `toml:"label"`
	Color       *string  `toml:"color"`
	CadenceDays *int     `toml:"cadence_days"`
	Channels    []string `toml:"channels"`
	Discount    *float64 `toml:"discount"`
	Benefits    *string  `toml:"benefits"`
	Owner       *string  `toml:"owner"`
	PointsRate  *float64 `toml:"points_rate"`
}

// Export writes r as a rules file.
func Export(r tiering.Rules) ([]byte, error) {
	f := file{
		WindowDays:     ptr(r.WindowDays),
		PotentialBonus: ptr(r.PotentialBonus),
		Weights:        &weights{R: ptr(r.WeightR), F: ptr(r.WeightF), M: ptr(r.WeightM), Loyalty: ptr(r.WeightLoyalty)},
		GradeLines:     &gradeLines{A: ptr(r.GradeA), B: ptr(r.GradeB)},
		Dimensions:     &dimensions{R: dimOf(r.R), F: dimOf(r.F), M: dimOf(r.M)},
		Grades:         map[string]*gradeConfig{},
		Churn: &churn{Model: ptr(r.ChurnModel), PAlive: ptr(r.ChurnPAlive), TopShare: ptr(r.ChurnTopShare),
			HorizonDays: ptr(r.HorizonDays), MonthlyDiscount: ptr(r.MonthlyDiscount)},
	}
	for _, g := range tiering.Grades() {
		p := r.Policy(g)
		if p.Channels == nil {
			p.Channels = []string{}
		}
		f.Grades[g] = &gradeConfig{
			Label: ptr(r.Label(g)), Color: ptr(r.Color(g)), CadenceDays: ptr(r.CadenceDays(g)),
			Channels: p.Channels, Discount: ptr(p.Discount), Benefits: ptr(p.Benefits), Owner: ptr(p.Owner), PointsRate: ptr(p.PointsRate),
		}
	}
	for _, d := range r.Extra {
		cd := &columnDim{Column: ptr(d.Column), Weight: ptr(d.Weight), Mode: ptr(d.Mode)}
		if d.Mode == tiering.DimChoice {
			cd.Choices = d.Choices
		} else {
			cd.Thresholds = d.Thresholds[:]
		}
		f.Columns = append(f.Columns, cd)
	}
	var b bytes.Buffer
	b.WriteString("# kehu grading rules and service per grade (客户分级规则与服务政策).\n" +
		"# Edit, then check with `kehu rules import FILE` and apply with --apply.\n\n")
	enc := toml.NewEncoder(&b)
	enc.SetIndentTables(false)
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("write rules file: %w", err)
	}
	return b.Bytes(), nil
}

func dimOf(d tiering.DimRule) *dimension {
	mode := d.Mode
	if mode == "" {
		mode = tiering.ModeQuintile
	}
	return &dimension{Mode: &mode, Thresholds: d.Thresholds[:]}
}

func ptr[T any](v T) *T { return &v }

// Problem is one thing wrong in a rules file: where, which key and what.
type Problem struct {
	Line int    // 1-based; 0 when the file gives no line (a key left out)
	Key  string // dotted path, e.g. grades.A.discount
	err  error  // an *i18n.Error
}

// In renders the problem in lang: "LINE: KEY: message".
func (p Problem) In(l i18n.Lang) string {
	msg := i18n.Message(p.err, l)
	prefix := ""
	if p.Line > 0 {
		prefix = l.T("rulesfile.line", p.Line)
	}
	if p.Key != "" {
		prefix += p.Key + ": "
	}
	return prefix + msg
}

// Problems are every problem of a rules file; as an error it reads in
// English, and in Chinese through Zh (i18n.Message uses it).
type Problems struct {
	Name string // the file's name, as the user gave it
	List []Problem
}

func (ps *Problems) render(l i18n.Lang) string {
	lines := []string{l.T("rulesfile.invalid", ps.Name, len(ps.List))}
	for _, p := range ps.List {
		lines = append(lines, "  "+p.In(l))
	}
	return strings.Join(lines, "\n")
}

func (ps *Problems) Error() string { return ps.render(i18n.EN) }

// Zh is the problems in Chinese.
func (ps *Problems) Zh() string { return ps.render(i18n.ZH) }

// Import reads a rules file named name: every key is checked, and the
// problems found (a TOML syntax error, an unknown key, a value of the wrong
// type or out of range) are returned together as *Problems, each with its
// line. Keys left out take the default rules' values.
func Import(name string, data []byte) (tiering.Rules, error) {
	ps := &Problems{Name: name}
	lines, synErr := keyLines(data)
	if synErr != nil {
		ps.List = append(ps.List, *synErr)
		return tiering.Rules{}, ps
	}
	var f file
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		ps.List = append(ps.List, decodeProblems(err, lines)...)
		return tiering.Rules{}, ps
	}
	c := checker{lines: lines}
	r := c.rules(&f)
	if len(c.list) == 0 {
		c.validated(r)
	}
	if len(c.list) > 0 {
		slices.SortStableFunc(c.list, func(a, b Problem) int { return a.Line - b.Line })
		ps.List = c.list
		return tiering.Rules{}, ps
	}
	return r, nil
}

// decodeProblems turns the decoder's errors into problems with lines.
func decodeProblems(err error, lines map[string]int) []Problem {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		out := make([]Problem, 0, len(strict.Errors))
		for i := range strict.Errors {
			e := &strict.Errors[i]
			row, _ := e.Position()
			out = append(out, Problem{Line: row, Key: strings.Join(e.Key(), "."), err: i18n.Errorf("rulesfile.unknown")})
		}
		return out
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, _ := de.Position()
		key := strings.Join(de.Key(), ".")
		if l, ok := lines[key]; ok && row == 0 {
			row = l
		}
		return []Problem{{Line: row, Key: key, err: i18n.Errorf("rulesfile.type", typeWanted(key))}}
	}
	return []Problem{{err: i18n.Errorf("rulesfile.other", err.Error())}}
}

// typeWanted names, for a key, the kind of value it takes (an i18n key).
func typeWanted(key string) error {
	last := key[strings.LastIndexByte(key, '.')+1:]
	switch last {
	case "window_days", "cadence_days", "horizon_days":
		return i18n.Errorf("rulesfile.want.int")
	case "mode", "label", "color", "benefits", "owner", "model":
		return i18n.Errorf("rulesfile.want.text")
	case "thresholds":
		return i18n.Errorf("rulesfile.want.numbers")
	case "channels":
		return i18n.Errorf("rulesfile.want.texts")
	case "weights", "grade_lines", "dimensions", "grades", "churn", "r", "f", "m", "A", "B", "C", "D":
		return i18n.Errorf("rulesfile.want.table")
	}
	return i18n.Errorf("rulesfile.want.number")
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// CheckColumns checks each graded column of r, read from the rules file
// data named name, with check (whether the ledger has the column and can
// score it so), and returns the problems as *Problems with the line of
// each column's name, or nil.
func CheckColumns(name string, data []byte, r tiering.Rules, check func(tiering.ExtraDim) error) error {
	lines, _ := keyLines(data)
	c := checker{lines: lines}
	for i, d := range r.Extra {
		if err := check(d); err != nil {
			key := fmt.Sprintf("columns[%d].column", i)
			line := c.lineOf(key)
			c.list = append(c.list, Problem{Line: line, Key: key, err: err})
		}
	}
	if len(c.list) == 0 {
		return nil
	}
	return &Problems{Name: name, List: c.list}
}

// Check checks rules edited elsewhere (the table's rules screen) exactly as
// Import checks a file: they are written as a file and read back, and the
// problems found are returned, each with its Key; none when they are
// usable.
func Check(r tiering.Rules) []Problem {
	data, err := Export(r)
	if err != nil {
		return []Problem{{err: i18n.Errorf("rulesfile.other", err.Error())}}
	}
	if _, err := Import("", data); err != nil {
		var ps *Problems
		if errors.As(err, &ps) {
			return ps.List
		}
		return []Problem{{err: i18n.Errorf("rulesfile.other", err.Error())}}
	}
	return nil
}

// Err is the problem without its line and key, in the user's language
// through i18n.Message.
func (p Problem) Err() error { return p.err }
