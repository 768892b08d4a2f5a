// Package demo generates a realistic sample shop: Chinese customers and
// companies, Pareto-skewed spend, seasonal purchases over two years, some
// customers who stopped buying at known dates, some who never bought, and a
// contact history with follow-ups. The same seed gives the same shop.
package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// Options control the generated shop.
type Options struct {
	Customers int       // how many customers (default 300)
	Seed      uint64    // random seed: the same seed gives the same shop
	Now       time.Time // "today" for the shop (purchases end here)
	Progress  func(done, total int)
}

// Stats count what was written.
type Stats struct {
	Customers, Purchases, Contacts int
	Duration                       time.Duration
}

// Profile is the hidden truth behind a generated customer, for tests that
// check that grades follow the data.
type Profile struct {
	Prospect  bool      // never bought
	StoppedAt time.Time // zero when still buying
}

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	given    = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉玲丹红宇浩凯佳欣怡晨阳雪琳颖婷倩雯昊天博文宁志国建新海云峰")
	cities   = []string{"杭州", "上海", "北京", "广州", "深圳", "成都", "南京", "苏州", "武汉", "西安", "厦门", "宁波", "福州", "长沙", "昆明"}
	words    = []string{"茗香", "恒通", "鑫源", "华美", "同创", "佳禾", "金鼎", "瑞丰", "天成", "宏达", "嘉和", "新锐", "博雅", "和信", "君悦"}
	trades   = []struct{ industry, suffix string }{
		{"茶叶", "茶业有限公司"}, {"餐饮", "餐饮管理有限公司"}, {"零售", "商贸有限公司"}, {"建材", "建材有限公司"},
		{"美容", "美容美发店"}, {"教育", "教育咨询有限公司"}, {"科技", "科技有限公司"}, {"物流", "物流有限公司"},
		{"酒店", "酒店管理有限公司"}, {"礼品", "礼品有限公司"},
	}
	sources  = []string{"到店", "转介绍", "网店", "微信", "电话", "展会", "其他"}
	tagPool  = []string{"VIP", "老客户", "批发", "团购", "生日月", "价格敏感", "新品控", "要发票", "送货上门"}
	notes    = []string{"喜欢普洱", "每月初进货", "要开增值税发票", "只在周末来店", "对价格敏感，等活动", "送礼需求多", "老板亲自对接", "孩子在附近上学", "喜欢新品试喝", "上次投诉包装破损，已处理", ""}
	needs    = []string{"春节礼盒", "办公用茶", "中秋团购", "定制包装", "长期供货", ""}
	products = []struct {
		name  string
		price int64 // typical price in fen
	}{
		{"西湖龙井 250g", 58000}, {"安溪铁观音 500g", 36000}, {"云南普洱饼 357g", 28800}, {"正山小种 200g", 19800},
		{"白毫银针 100g", 42000}, {"茶具套装", 68000}, {"紫砂壶", 128000}, {"茶叶礼盒", 88000}, {"花茶组合", 9900},
		{"茶点礼包", 6800}, {"办公茶包 100袋", 12800}, {"定制茶礼 (企业)", 320000},
	}
	prefixes  = []int{130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151, 152, 155, 156, 157, 158, 159, 166, 173, 176, 177, 180, 181, 182, 185, 186, 187, 188, 189, 191, 198, 199}
	streets   = []string{"文一路", "解放路", "中山路", "人民路", "建设路", "延安路", "南京路", "和平路"}
	summaries = []string{"电话回访，满意", "微信发了新品图片", "询问春节礼盒价格", "到店试喝，考虑中", "反馈上次快递慢", "约了下周到店", "确认团购数量", "提醒会员积分到期"}
	outcomes  = []string{"已下单", "再联系", "无意向", "待报价", ""}
)

// Generate writes the demo shop into st and grades it, in one transaction.
func Generate(ctx context.Context, st *store.Store, o Options) (Stats, error) {
	if o.Customers <= 0 {
		o.Customers = 300
	}
	if o.Now.IsZero() {
		o.Now = st.Now()
	}
	start := time.Now()
	g := newGen(o.Seed, o.Now)
	b, err := st.NewBulk(ctx)
	if err != nil {
		return Stats{}, err
	}
	var stats Stats
	for i := 0; i < o.Customers; i++ {
		if i%4096 == 0 {
			if ctx.Err() != nil {
				b.Abort()
				return Stats{}, i18n.Errorf("db.interrupted")
			}
			if o.Progress != nil {
				o.Progress(i, o.Customers)
			}
		}
		c, _ := g.customer(i)
		if _, err := b.Add(c); err != nil {
			if ctx.Err() != nil {
				return Stats{}, i18n.Errorf("db.interrupted")
			}
			return Stats{}, fmt.Errorf("demo: %w", err)
		}
		stats.Customers++
		stats.Purchases += len(c.Purchases)
		stats.Contacts += len(c.Contacts)
	}
	if o.Progress != nil {
		o.Progress(o.Customers, o.Customers)
	}
	// Grading happens inside the load's transaction: interrupted anywhere,
	// the ledger is left untouched, never loaded but ungraded.
	if err := b.Close(); err != nil {
		if ctx.Err() != nil {
			return Stats{}, i18n.Errorf("db.interrupted")
		}
		return Stats{}, fmt.Errorf("demo: %w", err)
	}
	stats.Duration = time.Since(start)
	return stats, nil
}

// gen draws customers from one seeded source.
type gen struct {
	r   *rand.Rand
	now time.Time
}

func newGen(seed uint64, now time.Time) *gen {
	y, m, d := now.Date()
	return &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), now: time.Date(y, m, d, 0, 0, 0, 0, now.Location())}
}

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *gen) name() string {
	var b strings.Builder
	b.WriteRune(surnames[g.r.IntN(len(surnames))])
	b.WriteRune(given[g.r.IntN(len(given))])
	if g.r.IntN(3) > 0 {
		b.WriteRune(given[g.r.IntN(len(given))])
	}
	return b.String()
}

// seasonWeight makes the Spring Festival, Mid-Autumn and Double Eleven busy.
func seasonWeight(t time.Time) float64 {
	switch t.Month() {
	case time.January, time.February:
		return 2.2
	case time.September:
		return 1.8
	case time.November:
		return 1.6
	case time.December:
		return 1.3
	case time.June, time.July:
		return 0.7
	}
	return 1
}

// customer draws one customer and its history. i keeps phones unique.
func (g *gen) customer(i int) (store.BulkCustomer, Profile) {
	r := g.r
	var p Profile
	enterprise := r.IntN(5) == 0
	f := map[string]any{
		"name": g.name(),
		// A real mobile prefix and 8 digits that are a bijection of i, so
		// phones never repeat within a shop.
		"phone":  fmt.Sprintf("%d%08d", prefixes[r.IntN(len(prefixes))], (uint64(i)*48271+12345)%100_000_000),
		"source": g.pick(sources),
		"gender": []string{"male", "female"}[r.IntN(2)],
	}
	if r.IntN(3) == 0 {
		f["wechat"] = fmt.Sprintf("wx_%s%d", strings.ToLower(string(rune('a'+r.IntN(26)))), 1000+r.IntN(900000))
	}
	if enterprise {
		t := trades[r.IntN(len(trades))]
		city := g.pick(cities)
		f["kind"] = "enterprise"
		f["company"] = city + g.pick(words) + t.suffix
		f["industry"] = t.industry
		f["address"] = city + g.pick(streets) + fmt.Sprintf("%d号", 1+r.IntN(300))
		if r.IntN(2) == 0 {
			f["email"] = fmt.Sprintf("buyer%d@%s.com.cn", i, []string{"mingxiang", "hengtong", "xinyuan", "huamei", "tongchuang"}[r.IntN(5)])
		}
	} else {
		f["kind"] = "personal"
		if r.IntN(4) == 0 {
			f["birthday"] = time.Date(1960+r.IntN(45), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		}
	}
	var tags []string
	for range r.IntN(3) {
		t := g.pick(tagPool)
		if !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	f["tags"] = strings.Join(tags, ",")
	f["notes"] = g.pick(notes)
	f["needs"] = g.pick(needs)
	f["potential"] = int64(r.IntN(6))

	// Customers joined over the last two years.
	joined := g.now.AddDate(0, 0, -r.IntN(730))
	c := store.BulkCustomer{Fields: f, CreatedAt: joined.Format("2006-01-02") + " 10:00:00"}

	// One in ten never bought (a prospect); one in four of the rest stopped
	// buying at a known date.
	if r.IntN(10) == 0 {
		p.Prospect = true
	} else {
		end := g.now
		if r.IntN(4) == 0 {
			span := int(g.now.Sub(joined).Hours() / 24)
			if span > 30 {
				end = joined.AddDate(0, 0, r.IntN(span-20))
				p.StoppedAt = end
			}
		}
		// Pareto-skewed activity: a few customers buy very often and a lot.
		activity := math.Min(1/math.Pow(1-r.Float64(), 1/1.3), 40)
		level := 1 + activity
		if enterprise {
			level *= 2
		}
		n := 1 + int(level*2*r.Float64()*2)
		days := int(end.Sub(joined).Hours()/24) + 1
		for range n {
			var d time.Time
			for try := 0; ; try++ {
				d = joined.AddDate(0, 0, r.IntN(days))
				if try > 3 || r.Float64()*2.2 < seasonWeight(d) {
					break
				}
			}
			pr := products[r.IntN(len(products))]
			if enterprise && r.IntN(4) == 0 {
				pr = products[len(products)-1]
			}
			qty := int64(1 + r.IntN(3))
			if enterprise {
				qty += int64(r.IntN(10))
			}
			amount := int64(float64(pr.price*qty) * (0.8 + 0.4*r.Float64()) * math.Sqrt(level) / 2)
			amount = amount / 100 * 100 // whole yuan, like a till
			if amount < 100 {
				amount = 100
			}
			if r.IntN(60) == 0 {
				amount = -amount / 2 // a partial refund
			}
			c.Purchases = append(c.Purchases, store.Purchase{Date: d.Format("2006-01-02"), Product: pr.name, Qty: qty, Amount: amount})
		}
		slices.SortFunc(c.Purchases, func(a, b store.Purchase) int { return strings.Compare(a.Date, b.Date) })
		// A refund gives back part of what was bought before it: one that
		// would come first, or take more than was spent, is a sale instead.
		var spent int64
		for k := range c.Purchases {
			if pk := &c.Purchases[k]; pk.Amount < 0 && spent+pk.Amount < 0 {
				pk.Amount = -pk.Amount
			}
			spent += c.Purchases[k].Amount
		}
	}

	// Contacts: most customers were called a few times; some have a
	// follow-up due around today so the agenda has work.
	nc := r.IntN(4)
	for k := range nc {
		at := joined.Add(time.Duration(r.IntN(int(g.now.Sub(joined).Hours())+1)) * time.Hour)
		ct := store.Contact{
			At:      at.Format("2006-01-02") + fmt.Sprintf(" %02d:%02d", 9+r.IntN(10), r.IntN(60)),
			Channel: store.Channels()[r.IntN(5)],
			Kind:    []string{"contact", "contact", "contact", "feedback", "complaint", "service"}[r.IntN(6)],
			Summary: g.pick(summaries),
			Outcome: g.pick(outcomes),
		}
		if k == nc-1 && r.IntN(3) == 0 {
			ct.NextFollowUp = g.now.AddDate(0, 0, r.IntN(21)-7).Format("2006-01-02")
		}
		c.Contacts = append(c.Contacts, ct)
	}
	slices.SortFunc(c.Contacts, func(a, b store.Contact) int { return strings.Compare(a.At, b.At) })
	return c, p
}
