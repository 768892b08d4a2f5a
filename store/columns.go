package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/validate"
)

// Type is a column's value type.
type Type string

// Column types. Custom columns may use Text, Number, Money, Date, Choice and YesNo.
const (
	Text     Type = "text"
	Number   Type = "number"
	Money    Type = "money" // int64 fen
	Date     Type = "date"  // ISO text
	Choice   Type = "choice"
	YesNo    Type = "yesno"
	Int      Type = "int"      // built-in counters and ids
	DateTime Type = "datetime" // "YYYY-MM-DD HH:MM:SS"
	Tags     Type = "tags"     // comma-separated list
	Grade    Type = "grade"
	Stage    Type = "stage"
	Segment  Type = "segment"
)

// Column describes one column of the customer view.
type Column struct {
	Key      string // stable key used by --columns, --sort, --where and headers
	LabelEN  string
	LabelZH  string
	Type     Type
	ReadOnly bool
	Custom   bool
	Choices  []string
	Width    int  // default display width in terminal cells
	Default  bool // shown in the default view
	sqlName  string
	nullable bool
}

// Label is the column's header in lang.
func (c Column) Label(l i18n.Lang) string {
	if l == i18n.ZH && c.LabelZH != "" {
		return c.LabelZH
	}
	return c.LabelEN
}

// Numeric reports whether the column holds numbers (right-aligned, summed).
func (c Column) Numeric() bool {
	switch c.Type {
	case Number, Money, Int:
		return true
	}
	return c.Key == "score"
}

var builtins = []Column{
	{Key: "id", LabelEN: "ID", LabelZH: "编号", Type: Int, ReadOnly: true, Width: 6, Default: true},
	{Key: "name", LabelEN: "Name", LabelZH: "姓名", Type: Text, Width: 10, Default: true},
	{Key: "grade", LabelEN: "Grade", LabelZH: "等级", Type: Grade, ReadOnly: true, Width: 5, Default: true},
	{Key: "score", LabelEN: "Score", LabelZH: "评分", Type: Number, ReadOnly: true, Width: 5, Default: true},
	{Key: "segment", LabelEN: "Segment", LabelZH: "客户分群", Type: Segment, ReadOnly: true, Width: 10, Default: true},
	{Key: "stage", LabelEN: "Stage", LabelZH: "阶段", Type: Stage, ReadOnly: true, Width: 8, Default: true},
	{Key: "phone", LabelEN: "Phone", LabelZH: "电话", Type: Text, Width: 13, Default: true},
	{Key: "email", LabelEN: "Email", LabelZH: "邮箱", Type: Text, Width: 18},
	{Key: "wechat", LabelEN: "WeChat", LabelZH: "微信", Type: Text, Width: 12, Default: true},
	{Key: "company", LabelEN: "Company", LabelZH: "公司", Type: Text, Width: 16, Default: true},
	{Key: "industry", LabelEN: "Industry", LabelZH: "行业", Type: Text, Width: 8},
	{Key: "kind", LabelEN: "Kind", LabelZH: "客户类型", Type: Choice, Choices: []string{"personal", "enterprise"}, Width: 10},
	{Key: "source", LabelEN: "Source", LabelZH: "来源", Type: Text, Width: 8, Default: true},
	{Key: "tags", LabelEN: "Tags", LabelZH: "标签", Type: Tags, Width: 12, Default: true},
	{Key: "potential", LabelEN: "Potential", LabelZH: "潜力", Type: Int, Width: 5},
	{Key: "total_spend", LabelEN: "Total spend", LabelZH: "累计消费", Type: Money, ReadOnly: true, Width: 11, Default: true},
	{Key: "purchases", LabelEN: "Purchases", LabelZH: "购买次数", Type: Int, ReadOnly: true, Width: 6, Default: true},
	{Key: "last_purchase", LabelEN: "Last purchase", LabelZH: "最近购买", Type: Date, ReadOnly: true, Width: 10, Default: true},
	{Key: "last_contact", LabelEN: "Last contact", LabelZH: "最近联系", Type: Date, ReadOnly: true, Width: 10, Default: true},
	{Key: "next_follow_up", LabelEN: "Next follow-up", LabelZH: "下次跟进", Type: Date, Width: 10, Default: true},
	{Key: "notes", LabelEN: "Notes", LabelZH: "备注", Type: Text, Width: 20, Default: true},
	{Key: "address", LabelEN: "Address", LabelZH: "地址", Type: Text, Width: 20},
	{Key: "birthday", LabelEN: "Birthday", LabelZH: "生日", Type: Date, Width: 10},
	{Key: "gender", LabelEN: "Gender", LabelZH: "性别", Type: Choice, Choices: []string{"male", "female", "other"}, Width: 6},
	{Key: "needs", LabelEN: "Needs", LabelZH: "需求", Type: Text, Width: 16},
	{Key: "points", LabelEN: "Points", LabelZH: "会员积分", Type: Int, ReadOnly: true, Width: 8},
	{Key: "balance", LabelEN: "Balance", LabelZH: "储值余额", Type: Money, ReadOnly: true, Width: 11},
	{Key: "owed", LabelEN: "Owed", LabelZH: "欠款", Type: Money, ReadOnly: true, Width: 11},
	{Key: "credit_limit", LabelEN: "Credit limit", LabelZH: "赊账额度", Type: Money, Width: 11},
	{Key: "pinned", LabelEN: "Pinned grade", LabelZH: "指定等级", Type: Grade, Width: 6},
	{Key: "owner", LabelEN: "Owner", LabelZH: "负责人", Type: Text, Width: 8},
	{Key: "referred_by", LabelEN: "Referred by", LabelZH: "推荐人", Type: Int, Width: 6, nullable: true},
	{Key: "company_size", LabelEN: "Company size", LabelZH: "企业规模", Type: Choice, Choices: CompanySizes(), Width: 8},
	{Key: "open_complaints", LabelEN: "Open complaints", LabelZH: "未解决投诉", Type: Int, ReadOnly: true, Width: 5},
	// Loyalty (1..5) is computed as of today when read (see loyaltySQL).
	{Key: "loyalty", LabelEN: "Loyalty", LabelZH: "忠诚度", Type: Int, ReadOnly: true, Width: 5},
	// What the purchase models say (empty when there is no estimate; see
	// the model_note column and ModelFit for why).
	{Key: "p_alive", LabelEN: "P(active)", LabelZH: "仍活跃概率", Type: Number, ReadOnly: true, Width: 7, nullable: true},
	{Key: "exp_purchases", LabelEN: "Expected purchases", LabelZH: "预计购买", Type: Number, ReadOnly: true, Width: 7, nullable: true},
	{Key: "clv", LabelEN: "Customer value", LabelZH: "客户价值", Type: Money, ReadOnly: true, Width: 11, nullable: true},
	{Key: "created_at", LabelEN: "Created", LabelZH: "创建时间", Type: DateTime, ReadOnly: true, Width: 19, Default: true},
	{Key: "updated_at", LabelEN: "Updated", LabelZH: "更新时间", Type: DateTime, ReadOnly: true, Width: 19},
}

// Columns lists every column: built-ins first, then custom columns in order.
func (s *Store) Columns() []Column {
	s.mu.Lock()
	cols := append([]Column(nil), s.cols...)
	s.mu.Unlock()
	// The model's columns are computed as of today when read.
	today := s.now()
	for i, c := range cols {
		if !c.Custom && isModelColumn(c.Key) {
			cols[i].sqlName = modelColumnSQL(c.Key, today)
		}
	}
	return withLoyalty(cols, today)
}

// DefaultColumns are the keys shown by a fresh view.
func (s *Store) DefaultColumns() []string {
	var out []string
	for _, c := range s.Columns() {
		if c.Default || c.Custom {
			out = append(out, c.Key)
		}
	}
	return out
}

// Column finds a column by key, English or Chinese label (case-insensitive)
// or a common alias.
func (s *Store) Column(name string) (Column, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	if a, ok := aliases[n]; ok {
		n = a
	}
	cols := s.Columns()
	for _, c := range cols {
		if c.Key == n {
			return c, true
		}
	}
	for _, c := range cols {
		if strings.ToLower(c.LabelEN) == n || c.LabelZH == name || strings.ToLower(c.LabelZH) == n {
			return c, true
		}
	}
	return Column{}, false
}

// aliases are extra names users type for built-in columns (filters, imports).
var aliases = map[string]string{
	"spend": "total_spend", "total": "total_spend", "tag": "tags", "mobile": "phone", "tel": "phone",
	"follow_up": "next_follow_up", "followup": "next_follow_up", "next": "next_follow_up",
	"count": "purchases", "stored_value": "balance", "debt": "owed", "orders": "purchases", "last": "last_purchase", "note": "notes",
	"created": "created_at", "updated": "updated_at", "tier": "grade", "level": "grade",
	"客户名称": "name", "客户姓名": "name", "名字": "name", "客户": "name",
	"联系方式": "phone", "手机": "phone", "手机号": "phone", "电话号码": "phone", "联系电话": "phone",
	"微信号": "wechat", "单位": "company", "公司名称": "company", "类型": "kind",
	"来源渠道": "source", "渠道来源": "source", "消费金额": "total_spend", "购买金额": "total_spend",
	"累计金额": "total_spend", "总消费": "total_spend", "购买频率": "purchases", "消费次数": "purchases",
	"最近购买日期": "last_purchase", "最后购买日期": "last_purchase", "最近消费": "last_purchase",
	"p(alive)": "p_alive", "palive": "p_alive", "活跃概率": "p_alive", "存活概率": "p_alive",
	"expected_purchases": "exp_purchases", "预计购买次数": "exp_purchases",
	"customer_value": "clv", "lifetime_value": "clv", "客户终身价值": "clv", "预计价值": "clv",
	"下次跟进日期": "next_follow_up", "跟进日期": "next_follow_up", "邮件": "email", "电子邮箱": "email",
	"跟进人": "owner", "负责销售": "owner", "referrer": "referred_by", "介绍人": "referred_by",
	"公司规模": "company_size", "complaints": "open_complaints",
}

// ReloadColumns reads the custom columns again: another process (a `kehu
// import` beside an open table) may have added some since this store read
// them.
func (s *Store) ReloadColumns(ctx context.Context) error { return s.loadColumns(ctx) }

func (s *Store) loadColumns(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `SELECT key, label, type, choices FROM custom_columns ORDER BY position`)
	if err != nil {
		return fmt.Errorf("load custom columns: %w", err)
	}
	defer rows.Close()
	cols := make([]Column, 0, len(builtins)+4)
	for _, c := range builtins {
		c.sqlName = c.Key
		cols = append(cols, c)
	}
	for rows.Next() {
		var c Column
		var choices string
		if err := rows.Scan(&c.Key, &c.LabelEN, &c.Type, &choices); err != nil {
			return fmt.Errorf("load custom columns: %w", err)
		}
		c.LabelZH = c.LabelEN
		c.Custom = true
		c.sqlName = customSQLName(c.Key)
		c.nullable = true
		if choices != "" {
			c.Choices = strings.Split(choices, "|")
		}
		c.Width = defaultWidth(c.Type, c.LabelEN)
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load custom columns: %w", err)
	}
	s.mu.Lock()
	s.cols = cols
	s.mu.Unlock()
	return nil
}

func customSQLName(key string) string { return `"x_` + key + `"` }

func defaultWidth(t Type, label string) int {
	w := 10
	switch t {
	case YesNo:
		w = 4
	case Date:
		w = 10
	case Text:
		w = 14
	}
	if lw := validate.DisplayWidth(label); lw > w {
		w = lw
	}
	return w
}

var customKeyRe = regexp.MustCompile(`^[\p{L}\p{N}_]+$`)

// ParseType accepts a custom column type name in English or Chinese.
func ParseType(s string) (Type, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "text", "文本", "string":
		return Text, nil
	case "number", "数字", "num":
		return Number, nil
	case "money", "金额", "amount":
		return Money, nil
	case "date", "日期":
		return Date, nil
	case "choice", "选项", "enum":
		return Choice, nil
	case "yesno", "yes/no", "bool", "boolean", "是否":
		return YesNo, nil
	}
	return "", i18n.Errorf("col.badtype", s)
}

// AddColumn adds a custom column. Its key is derived from the name (lower
// case, spaces as _); Chinese names are kept as they are.
func (s *Store) AddColumn(ctx context.Context, name string, t Type, choices []string) (Column, error) {
	name = strings.TrimSpace(name)
	if err := freeText("column", "Column name", "列名", name, validate.OneLine); err != nil {
		return Column{}, err
	}
	if err := checkChoices(choices); err != nil {
		return Column{}, err
	}
	key := strings.ToLower(strings.Join(strings.Fields(name), "_"))
	if key == "" || !customKeyRe.MatchString(key) || len(key) > 60 {
		return Column{}, i18n.Errorf("col.badname", name)
	}
	if _, err := ParseType(string(t)); err != nil {
		return Column{}, err
	}
	if boughtKeys[key] || boughtKeys[strings.ToLower(name)] {
		// the filter language reads bought~… as a product term
		return Column{}, i18n.Errorf("col.reserved", name)
	}
	if movedKeys[key] || movedKeys[strings.ToLower(name)] {
		// the filter language reads moved=A→B as a recent grade move
		return Column{}, i18n.Errorf("col.reserved.moved", name)
	}
	if _, ok := s.Column(key); ok {
		return Column{}, i18n.Errorf("col.exists", name)
	}
	if _, ok := s.Column(name); ok {
		return Column{}, i18n.Errorf("col.exists", name)
	}
	sqlType := map[Type]string{Text: "TEXT", Number: "REAL", Money: "INTEGER", Date: "TEXT", Choice: "TEXT", YesNo: "INTEGER"}[t]
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var pos int
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(position),0)+1 FROM custom_columns`).Scan(&pos); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO custom_columns(key,label,type,choices,position,created_at) VALUES(?,?,?,?,?,?)`,
			key, name, string(t), strings.Join(choices, "|"), pos, s.timestamp()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`ALTER TABLE customers ADD COLUMN %s %s`, customSQLName(key), sqlType)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, fmt.Sprintf(`CREATE INDEX "customers_x_%s" ON customers(%s)`, key, customSQLName(key)))
		return err
	})
	if err != nil {
		return Column{}, fmt.Errorf("add column %q: %w", name, err)
	}
	if err := s.loadColumns(ctx); err != nil {
		return Column{}, err
	}
	c, _ := s.Column(key)
	return c, nil
}

// RenameColumn changes a custom column's label (its key stays, so saved
// views and scripts keep working).
func (s *Store) RenameColumn(ctx context.Context, key, label string) error {
	c, ok := s.Column(key)
	if !ok {
		return i18n.Errorf("col.unknown", key)
	}
	if !c.Custom {
		return i18n.Errorf("col.readonly", key)
	}
	label = strings.TrimSpace(label)
	if label == "" {
		return i18n.Errorf("col.badname", label)
	}
	if err := freeText("column", "Column name", "列名", label, validate.OneLine); err != nil {
		return err
	}
	if err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE custom_columns SET label=? WHERE key=?`, label, c.Key)
		return err
	}); err != nil {
		return fmt.Errorf("rename column: %w", err)
	}
	return s.loadColumns(ctx)
}

// itoa is strconv.Itoa for int64.
func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// checkChoices refuses a choice that is not plain one-line text.
func checkChoices(choices []string) error {
	for _, ch := range choices {
		if err := freeText("choice", "Choice", "选项", ch, validate.OneLine); err != nil {
			return err
		}
	}
	return nil
}
