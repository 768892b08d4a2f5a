package report

import (
	"testing"

	"github.com/kehu-app/kehu/dedupe"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/importer"
	"github.com/kehu-app/kehu/store"
)

func TestImportText(t *testing.T) {
	rep := importer.Report{
		File: "old.csv", Format: "csv", Encoding: "GB18030", Rows: 4, Added: 2, Updated: 1, Rejected: 3,
		RejectsPath: "old.csv.rejects.csv", NewColumns: []string{"奇怪列"},
		Columns: []importer.Mapping{{Header: "内部编号", Kind: importer.KindSkip, Note: "--map"}, {Header: "x", Kind: importer.KindField}},
		Rejects: []importer.Reject{{Line: 3, Reason: "row 3: bad \x1b[31mphone"}},
		Duplicates: []store.ImportDuplicate{{Certainty: 90, Row: dedupe.Customer{Name: "王 芳"}, Other: dedupe.Customer{ID: 4, Name: "王芳"},
			Reasons: []dedupe.Reason{dedupe.SamePhone}}},
		Regrade: store.RegradeReport{GradeMoves: 2},
		DryRun:  true,
	}
	sameText(t, "en import", plain(Import(rep, i18n.EN)), `reading old.csv (csv, GB18030)
  column "内部编号" skipped: --map
new custom columns: 奇怪列
4 rows: 2 added, 1 updated, 0 unchanged, 3 rejected
  row 3: bad \x1b[31mphone
  … and 2 more
rejected rows written to old.csv.rejects.csv
1 rows look like customers already in the ledger or like other rows (certainty, row ~ customer); an import adds them as new customers: merge afterwards with kehu merge
   90  王 芳 ~ #4 王芳: same phone
grades recomputed: 2 customers changed grade
dry run: nothing was written
`)
	if got := ImportSummary(rep, i18n.ZH); got != "共 4 行：新增 2，更新 1，未变 0，拒绝 3" {
		t.Errorf("zh summary %q", got)
	}
}

func TestRegradeText(t *testing.T) {
	rep := store.RegradeReport{Customers: 300, GradeMoves: 12, Changed: 40}
	for i := range 11 {
		rep.Moves = append(rep.Moves, store.GradeChange{ID: int64(i + 1), Name: "王芳", Old: "B", New: "A", Reason: "purchase"})
	}
	rep.Moves[0].Name = "Alexander Hamilton"
	reason := func(r string) string { return "why: " + r }
	got := plain(Regrade(rep, "2027-01-01", reason, i18n.EN))
	want := `regraded as of 2027-01-01: 300 customers, 12 grade moves, 40 changed grade, score, segment or stage
  #1   Alexander Hamilton  B→A  why: purchase
  #2   王芳                B→A  why: purchase
  #3   王芳                B→A  why: purchase
  #4   王芳                B→A  why: purchase
  #5   王芳                B→A  why: purchase
  #6   王芳                B→A  why: purchase
  #7   王芳                B→A  why: purchase
  #8   王芳                B→A  why: purchase
  #9   王芳                B→A  why: purchase
  #10  王芳                B→A  why: purchase
  … and 2 more
`
	sameText(t, "en regrade", got, want)
	rep = store.RegradeReport{Customers: 3}
	sameText(t, "zh regrade, nothing moved", plain(Regrade(rep, "2027-01-01", reason, i18n.ZH)), "已按 2027-01-01 重新评级：3 位客户，0 位等级变动，0 位等级、得分、分群或阶段有变化\n")
}
