package store

import (
	"context"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/tiering"
)

func TestStaffListAndOwners(t *testing.T) {
	ctx := context.Background()
	st, _ := openMovable(t, agendaDay(t, "2026-11-22 10:00"))
	if err := st.AddStaff(ctx, " 小王 "); err != nil {
		t.Fatal(err)
	}
	if err := st.AddStaff(ctx, "小李"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, want string }{
		{"小王", "小王 is already on the staff list"},
		{"", "a staff member needs a name"},
		{"小\n王", "Staff name"},
		{strings.Repeat("王", 33), "a staff name has at most 32 characters (got 33)"},
	} {
		if err := st.AddStaff(ctx, c.name); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("add staff %q: %v, want %q", c.name, err, c.want)
		}
	}
	id := mustAdd(t, st, map[string]string{"name": "王芳", "owner": "小王"})
	if _, err := st.AddCustomer(ctx, map[string]string{"name": "李雷", "owner": "老张"}); err == nil || i18n.Message(err, i18n.ZH) != "员工名单中没有 老张：请先用 kehu staff add 添加" {
		t.Errorf("owner not on the staff: %v", err)
	}
	if _, err := st.SetField(ctx, id, "owner", "老张"); err == nil {
		t.Error("an owner not on the staff was set")
	}
	staff, err := st.Staff(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(staff) != 2 || staff[0].Name != "小李" || staff[0].Customers != 0 || staff[1].Name != "小王" || staff[1].Customers != 1 {
		t.Errorf("staff = %+v", staff)
	}
	if err := st.RemoveStaff(ctx, "小王"); err == nil || !strings.Contains(err.Error(), "小王 still looks after 1 customers") {
		t.Errorf("remove an owner: %v", err)
	}
	r := tiering.DefaultRules()
	r.Policies["B"] = tiering.Policy{Owner: "小李"}
	if _, err := st.SetRules(ctx, r); err != nil {
		t.Fatal(err)
	}
	if err := st.RemoveStaff(ctx, "小李"); err == nil || !strings.Contains(err.Error(), "小李 is grade B's default owner") {
		t.Errorf("remove a default owner: %v", err)
	}
	r.Policies["B"] = tiering.Policy{Owner: "老张"}
	if err := st.CheckOwners(ctx, r); err == nil || !strings.Contains(err.Error(), "grade B's default owner: 老张 is not on the staff list") {
		t.Errorf("check owners: %v", err)
	}
	if _, err := st.SetField(ctx, id, "owner", ""); err != nil {
		t.Fatal(err)
	}
	if err := st.RemoveStaff(ctx, "小王"); err != nil {
		t.Errorf("remove 小王 once he owns no one: %v", err)
	}
	if err := st.RemoveStaff(ctx, "小王"); err == nil || !strings.Contains(err.Error(), "小王 is not on the staff list") {
		t.Errorf("remove twice: %v", err)
	}
}

func TestReferrerAndCompanySize(t *testing.T) {
	ctx := context.Background()
	st, _ := openMovable(t, agendaDay(t, "2026-11-22 10:00"))
	wang := mustAdd(t, st, map[string]string{"name": "王芳", "phone": "13800138000"})
	li := mustAdd(t, st, map[string]string{"name": "李雷", "referred_by": "王芳", "company_size": "中型"})
	rec, err := st.Get(ctx, li)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Int("referred_by") != wang || rec.Str("company_size") != "medium" {
		t.Errorf("李雷 referred by %d, size %q", rec.Int("referred_by"), rec.Str("company_size"))
	}
	zhang := mustAdd(t, st, map[string]string{"name": "张三", "referred_by": "13800138000"})
	if rec, _ := st.Get(ctx, zhang); rec.Int("referred_by") != wang {
		t.Errorf("张三 referred by %d, want 王芳 by phone", rec.Int("referred_by"))
	}
	if _, err := st.SetField(ctx, wang, "referred_by", "王芳"); err == nil || i18n.Message(err, i18n.ZH) != "客户不能是自己的推荐人" {
		t.Errorf("self referral: %v", err)
	}
	if _, err := st.SetField(ctx, wang, "referred_by", "赵六"); err == nil || !strings.Contains(i18n.Message(err, i18n.ZH), "推荐人 赵六") {
		t.Errorf("unknown referrer: %v", err)
	}
	if _, err := st.SetField(ctx, wang, "company_size", "huge"); err == nil || !strings.Contains(i18n.Message(err, i18n.ZH), "企业规模 \"huge\" 不合法") {
		t.Errorf("bad size: %v", err)
	}
	if _, err := st.SetField(ctx, li, "referred_by", ""); err != nil {
		t.Fatal(err)
	}
	if rec, _ := st.Get(ctx, li); rec.Int("referred_by") != 0 {
		t.Errorf("cleared referrer = %d", rec.Int("referred_by"))
	}
	n, err := st.Count(ctx, Query{Filter: "referred_by=" + itoa(wang)})
	if err != nil || n != 1 {
		t.Errorf("referred_by filter: %d, %v", n, err)
	}
	n, err = st.Count(ctx, Query{Filter: "company_size=medium"})
	if err != nil || n != 1 {
		t.Errorf("company_size filter: %d, %v", n, err)
	}
}

func TestAgendaForOneOwner(t *testing.T) {
	ctx := context.Background()
	f := newAgendaFixture(t)
	st := f.st
	for _, n := range []string{"小王", "小李"} {
		if err := st.AddStaff(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	// overdue (C) and due (B) are 小王's; cadenceA (A) has no owner, and A's
	// default owner is 小李; neverB (B) has no owner and B has no default.
	for name, owner := range map[string]string{"overdue": "小王", "due": "小王"} {
		if _, err := st.SetField(ctx, f.ids[name], "owner", owner); err != nil {
			t.Fatal(err)
		}
	}
	r, err := st.Rules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p := r.Policies["A"]
	p.Owner = "小李"
	r.Policies["A"] = p
	if _, err := st.SetRules(ctx, r); err != nil {
		t.Fatal(err)
	}
	for owner, want := range map[string]string{
		"小王": "due:due overdue:overdue",
		"小李": "cadence:cadenceA",
		"":   "cadence:cadenceA due:due cadence:neverB overdue:overdue",
	} {
		a, err := st.AgendaFor(ctx, "", owner)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(f.names(a.Items), " "); got != want {
			t.Errorf("agenda for %q: %s, want %s", owner, got, want)
		}
		if owner == "小王" && (a.Totals.Sum() != 2 || a.Totals.Churn != 0) {
			t.Errorf("小王's totals %+v", a.Totals)
		}
		if owner == "" {
			byName := map[string]string{}
			for _, it := range a.Items {
				byName[it.Name] = it.Owner
			}
			if byName["cadenceA"] != "小李" || byName["due"] != "小王" || byName["neverB"] != "" {
				t.Errorf("item owners %v", byName)
			}
		}
	}
	if _, err := st.AgendaFor(ctx, "", "老张"); err == nil {
		t.Error("agenda for someone not on the staff")
	}
	n, err := st.Count(ctx, Query{Filter: "owner=小王"})
	if err != nil || n != 2 {
		t.Errorf("owner=小王 counts %d, %v", n, err)
	}
	// The tier profile by owner: 小王's two, and everyone else unset (the
	// deleted customer left out).
	prof, err := st.TierProfile(ctx, ByOwner)
	if err != nil {
		t.Fatal(err)
	}
	groups := map[string]int{}
	for _, g := range prof.Groups {
		groups[g.Key] = g.Customers
	}
	if len(groups) != 2 || groups["小王"] != 2 || groups[""] != 7 {
		t.Errorf("profile by owner: %v", groups)
	}
}
