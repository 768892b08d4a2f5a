package importer

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// aliases are header names seen in shop owners' sheets, beyond those
// store.Column knows (keys, labels and its own aliases). Keys are in the
// normalised form of normHeader.
var aliases = map[string]string{
	// name
	"客户名": "name", "客户名字": "name", "顾客": "name", "顾客姓名": "name", "顾客名称": "name", "会员": "name",
	"会员姓名": "name", "会员名称": "name", "联系人": "name", "联系人姓名": "name", "客户全称": "name",
	"customer": "name", "customername": "name", "fullname": "name", "contactname": "name", "contact": "name",
	// phone
	"手机号码": "phone", "移动电话": "phone", "客户电话": "phone", "客户手机": "phone", "电话号": "phone",
	"座机": "phone", "固定电话": "phone", "联系手机": "phone", "手机/电话": "phone", "电话/手机": "phone",
	"phonenumber": "phone", "mobilephone": "phone", "cell": "phone", "cellphone": "phone", "telephone": "phone",
	// email
	"邮箱地址": "email", "电子邮件": "email", "e-mail": "email", "emailaddress": "email", "mail": "email",
	// wechat
	"微信号码": "wechat", "微信id": "wechat", "wechatid": "wechat", "weixin": "wechat", "wx": "wechat",
	// company
	"公司名": "company", "企业名称": "company", "企业": "company", "单位名称": "company", "所属公司": "company",
	"工作单位": "company", "companyname": "company", "organization": "company", "organisation": "company",
	// industry
	"所属行业": "industry", "行业类别": "industry",
	// source
	"客户来源": "source", "渠道": "source", "来源渠道": "source", "获客渠道": "source", "sourcechannel": "source", "channel": "source",
	// address
	"联系地址": "address", "收货地址": "address", "详细地址": "address", "住址": "address", "通讯地址": "address",
	// birthday, gender
	"出生日期": "birthday", "生日日期": "birthday", "dateofbirth": "birthday", "dob": "birthday", "sex": "gender",
	// tags, needs, notes
	"客户标签": "tags", "客户需求": "needs", "需求描述": "needs", "备注信息": "notes", "备注说明": "notes",
	"说明": "notes", "remark": "notes", "remarks": "notes", "comment": "notes", "comments": "notes",
	// potential
	"潜力星级": "potential", "星级": "potential",
	// follow-up
	"下次联系": "next_follow_up", "下次联系日期": "next_follow_up", "下次回访": "next_follow_up", "回访日期": "next_follow_up",
	// member accounts: opening entries
	"积分": "points", "会员积分": "points", "积分余额": "points", "剩余积分": "points", "可用积分": "points", "当前积分": "points",
	"memberpoints": "points", "loyaltypoints": "points", "pointsbalance": "points",
	"余额": "balance", "储值": "balance", "储值余额": "balance", "卡内余额": "balance", "会员卡余额": "balance", "账户余额": "balance",
	"storedvalue": "balance", "storedbalance": "balance", "cardbalance": "balance", "prepaid": "balance", "prepaidbalance": "balance",
	"欠款": "owed", "欠款金额": "owed", "挂账": "owed", "赊账": "owed", "赊欠": "owed", "应收欠款": "owed", "未还欠款": "owed",
	"creditowed": "owed", "amountowed": "owed", "debt": "owed", "outstanding": "owed",
	// summary columns: opening balances
	"累计消费金额": "total_spend", "消费总额": "total_spend", "总金额": "total_spend", "累计购买金额": "total_spend",
	"总消费金额": "total_spend", "购买总额": "total_spend", "累计消费额": "total_spend", "totalspent": "total_spend",
	"lifetimevalue": "total_spend", "totalspend": "total_spend", "totalamount": "total_spend",
	"购买次数": "purchases", "订单数": "purchases", "下单次数": "purchases", "成交次数": "purchases", "消费频次": "purchases",
	"ordercount": "purchases", "numberoforders": "purchases", "purchasecount": "purchases",
	"最后消费日期": "last_purchase", "最近消费日期": "last_purchase", "最后购买时间": "last_purchase",
	"最近购买时间": "last_purchase", "最近下单": "last_purchase", "最近下单日期": "last_purchase", "最后下单日期": "last_purchase",
	"上次购买日期": "last_purchase", "lastorderdate": "last_purchase", "lastpurchasedate": "last_purchase",
}

// normHeader is the form headers are matched in: trimmed, decoration such
// as "*" (required) or a trailing colon removed, spaces removed, lower case,
// full-width brackets folded.
func normHeader(h string) string {
	h = cleanHeader(h)
	var b strings.Builder
	for _, r := range h {
		switch {
		case unicode.IsSpace(r):
			continue
		case r == '（':
			r = '('
		case r == '）':
			r = ')'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// cleanHeader trims a header cell for display and matching: spaces (ASCII,
// full-width, BOM), required-field stars and trailing colons go; inner
// runs of spaces become one.
func cleanHeader(h string) string {
	h = strings.TrimFunc(h, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\ufeff' || r == '\u200b' || r == '*' || r == '＊' || r == ':' || r == '：'
	})
	return strings.Join(strings.Fields(h), " ")
}

// stripUnit removes a trailing unit in brackets: 消费金额(元) → 消费金额.
func stripUnit(n string) string {
	if i := strings.LastIndexByte(n, '('); i > 0 && strings.HasSuffix(n, ")") {
		return n[:i]
	}
	return n
}

// sanitiseName turns a header into a name a custom column key accepts:
// letters, digits, Chinese and _ kept, runs of anything else become one _,
// at most 60 bytes.
func sanitiseName(h string) string {
	parts := strings.FieldsFunc(h, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_')
	})
	s := strings.Join(parts, "_")
	for len(s) > 60 {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return strings.Trim(s, "_")
}

// hasHan reports whether s contains Chinese characters.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// colLetters names a 0-based column index as a spreadsheet does: 0 → A.
func colLetters(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// moneyHint, numberHint: header words that say a column is an amount or a quantity.
var (
	moneyHints  = []string{"金额", "价格", "价钱", "单价", "消费", "元", "收入", "成本", "余额", "预算", "amount", "price", "cost", "revenue", "balance", "budget", "spend"}
	numberHints = []string{"数量", "次数", "数", "量", "率", "积分", "分数", "年龄", "count", "qty", "quantity", "number", "score", "points", "age", "rate"}
)

func hinted(h string, hints []string) bool {
	n := normHeader(h)
	for _, w := range hints {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}
