package report

import (
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/importer"
	"github.com/kehu-app/kehu/store"
)

// A column kept aside is named on its line as on the new-columns line, not
// by its internal key.
func TestImportAsideUsesTheColumnName(t *testing.T) {
	rep := importer.Report{
		File: "客户.csv", Format: "csv",
		Columns: []importer.Mapping{{Column: 5, Header: "客户类型", Kind: importer.KindNew, Target: "客户类型_原表", Type: store.Text,
			Label: "客户类型（原表）", Note: "与内置列同名"}},
		NewColumns: []string{"客户类型（原表）"},
	}
	out := plain(Import(rep, i18n.ZH))
	if strings.Contains(out, "客户类型_原表") {
		t.Errorf("the report names the column by its key:\n%s", out)
	}
	if want := "列 \"客户类型\" → 自定义列 \"客户类型（原表）\"：与内置列同名"; !strings.Contains(out, want) {
		t.Errorf("no line %q in:\n%s", want, out)
	}
	if want := "新建自定义列：客户类型（原表）"; !strings.Contains(out, want) {
		t.Errorf("no line %q in:\n%s", want, out)
	}
}
