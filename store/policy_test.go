package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

func TestAgendaSaysWhichChannelToUse(t *testing.T) {
	ctx := context.Background()
	f := newAgendaFixture(t)
	a, err := f.st.Agenda(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	channels := func(a Agenda) map[string]string {
		out := map[string]string{}
		for _, it := range append(append([]AgendaItem{}, a.Items...), a.Churn...) {
			out[it.Name] = strings.Join(it.Channels, ">")
		}
		return out
	}
	got := channels(a)
	// cadenceA is pinned A, due and neverB B, overdue C; churn has one
	// purchase window-worth and no pin: graded C.
	want := map[string]string{"cadenceA": "visit>phone", "due": "phone>wechat", "neverB": "phone>wechat", "overdue": "wechat>sms", "churn": "wechat>sms"}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s channels = %q, want %q", name, got[name], w)
		}
	}

	r, err := f.st.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r.Policies["A"] = tiering.Policy{Channels: []string{"wechat"}, Discount: 20}
	if _, err := f.st.SetRules(ctx, r); err != nil {
		t.Fatal(err)
	}
	a, err = f.st.Agenda(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := channels(a)["cadenceA"]; got != "wechat" {
		t.Errorf("after the A policy changed, cadenceA channels = %q", got)
	}
}

func TestTierSummaryCarriesPolicies(t *testing.T) {
	ctx := context.Background()
	st, _ := openMovable(t, agendaDay(t, "2026-11-22 10:00"))
	r := tiering.DefaultRules()
	r.Labels["A"] = "VIP"
	r.Policies["B"] = tiering.Policy{Channels: []string{"email"}, Discount: 7.5, Benefits: "季度回访", Owner: "小王"}
	r.Cadence["D"] = 0
	if _, err := st.SetRules(ctx, r); err != nil {
		t.Fatal(err)
	}
	sum, err := st.TierSummary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(sum.Grades[1])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"policy":{"channels":["email"],"discount":7.5,"benefits":"季度回访","owner":"小王","points_rate":0,"cadence_days":30}`) {
		t.Errorf("B as JSON = %s", b)
	}
	if sum.Segments[0].Policy != nil {
		t.Error("a segment carries a policy")
	}
	// Each grade's policy on one line, as the tier summary shows it.
	lines := func(l i18n.Lang) string {
		var out []string
		for _, r := range sum.Grades {
			out = append(out, r.Name(l)+"  "+sum.PolicyText(r.Key, l))
		}
		return strings.Join(out, "\n")
	}
	text := lines(i18n.ZH)
	for _, w := range []string{
		"A VIP  每 14 天联系 · 拜访 → 电话 · 折扣 10% · 专属客服、生日礼、免费送货",
		"B  每 30 天联系 · 邮件 · 折扣 7.5% · 季度回访 · 负责人 小王",
		"D  不定期联系 · 微信 → 短信 · 折扣 0% · 首单优惠",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("summary text lacks %q:\n%s", w, text)
		}
	}
	en := lines(i18n.EN)
	if !strings.Contains(en, "A VIP  every 14 days · visit → phone call · discount 10% · dedicated service, birthday gift, free delivery") {
		t.Errorf("English summary:\n%s", en)
	}
}

func TestGradeFilterTakesTheOwnersLabels(t *testing.T) {
	ctx := context.Background()
	st, _, r := rulesLedger(t) // 甲A 乙B 丙C 丁C 戊D
	r.Labels = map[string]string{"A": "VIP", "B": "重要", "C": "C", "D": "Potential Buyer"}
	if _, err := st.SetRules(ctx, r); err != nil {
		t.Fatal(err)
	}
	names := func(filter string) string {
		t.Helper()
		rows, err := st.Window(ctx, Query{Filter: filter, Columns: []string{"name"}, Sort: []SortKey{{Key: "id"}}}, 0, 10)
		if err != nil {
			t.Fatalf("%s: %v", filter, err)
		}
		var out []string
		for _, row := range rows {
			out = append(out, fmt.Sprint(row.Values[0]))
		}
		return strings.Join(out, ",")
	}
	for filter, want := range map[string]string{
		"grade=VIP":               "甲",
		"grade=vip":               "甲",
		"grade=A":                 "甲",
		"grade=重要":                "乙",
		"grade!=VIP":              "乙,丙,丁,戊",
		"grade=VIP,重要":            "甲,乙",
		`grade="potential buyer"`: "戊",
		"等级=VIP":                  "甲",
		"grade>=重要":               "乙,丙,丁,戊",
	} {
		if got := names(filter); got != want {
			t.Errorf("%s: got %s, want %s", filter, got, want)
		}
	}
	_, err := st.Window(ctx, Query{Filter: "grade=金卡"}, 0, 10)
	if err == nil || !strings.Contains(i18n.Message(err, i18n.ZH), `等级 "金卡" 不合法`) {
		t.Errorf("unknown label: %v", err)
	}
}
