package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPoliciesInTiersAndAgenda(t *testing.T) {
	l := newLedger(t)
	l.ok("add", "王芳", "--phone", "13800138000", "--set", "pinned=A")
	l.ok("add", "李雷", "--set", "pinned=C")
	l.ok("log", "王芳", "--channel", "phone", "--next", fixedDay)
	l.ok("log", "李雷", "--channel", "phone", "--next", fixedDay)

	var sum struct {
		Grades []struct {
			Key    string
			Policy struct {
				Channels    []string `json:"channels"`
				Discount    float64  `json:"discount"`
				Benefits    string   `json:"benefits"`
				PointsRate  float64  `json:"points_rate"`
				CadenceDays int      `json:"cadence_days"`
			}
		}
	}
	if err := json.Unmarshal([]byte(l.ok("tiers", "--json")), &sum); err != nil {
		t.Fatal(err)
	}
	a := sum.Grades[0].Policy
	if sum.Grades[0].Key != "A" || strings.Join(a.Channels, ",") != "visit,phone" || a.Discount != 10 || a.PointsRate != 2 || a.CadenceDays != 14 || a.Benefits != "专属客服、生日礼、免费送货" {
		t.Errorf("A policy = %+v", sum.Grades[0])
	}
	text := l.ok("tiers", "--lang", "zh")
	if !strings.Contains(text, "C  每 90 天联系 · 微信 → 短信 · 折扣 0% · 会员价") {
		t.Errorf("tiers text:\n%s", text)
	}
	agenda := l.ok("agenda")
	for _, want := range []string{"王芳", "follow-up due today  via visit → phone call", "李雷", "follow-up due today  via WeChat → SMS"} {
		if !strings.Contains(agenda, want) {
			t.Errorf("agenda lacks %q:\n%s", want, agenda)
		}
	}
	var ag struct {
		Items []struct {
			Name     string
			Channels []string
		}
	}
	if err := json.Unmarshal([]byte(l.ok("agenda", "--json")), &ag); err != nil {
		t.Fatal(err)
	}
	if len(ag.Items) != 2 || ag.Items[0].Name != "王芳" || strings.Join(ag.Items[0].Channels, ",") != "visit,phone" || strings.Join(ag.Items[1].Channels, ",") != "wechat,sms" {
		t.Errorf("agenda items = %+v", ag.Items)
	}
}
