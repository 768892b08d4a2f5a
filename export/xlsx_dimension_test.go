package export

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/xuri/excelize/v2"
)

// TestXLSXSheetNamesAndDimensions reads an export back: its sheets are named
// in the export's language and each sheet's dimension covers its header and
// every row, as a spreadsheet reading only the dimension needs.
func TestXLSXSheetNamesAndDimensions(t *testing.T) {
	st := shop(t)
	ctx := context.Background()
	dims := regexp.MustCompile(`<dimension ref="([^"]+)"`)
	for _, tc := range []struct {
		lang   i18n.Lang
		sheets string
	}{
		{i18n.EN, "Customers,Purchases,Contacts,Tiers,Tier profile"},
		{i18n.ZH, "客户,购买记录,联系记录,分层,分层对比"},
	} {
		var b bytes.Buffer
		// 6 columns; the shop's 4 customers, 4 purchases, 1 contact, and
		// the tiers sheet's 11 columns over grades A–D and the total row,
		// the profile's 16 columns over grades A–D.
		if _, err := Write(ctx, st, store.Query{Columns: []string{"id", "name", "phone", "grade", "total_spend", "notes"}},
			Options{Format: XLSX, Lang: tc.lang}, &b); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(f.GetSheetList(), ","); got != tc.sheets {
			t.Errorf("%s sheets = %s, want %s", tc.lang, got, tc.sheets)
		}
		f.Close()
		want := []string{"A1:F5", "A1:G5", "A1:H2", "A1:K6", "A1:P5"}
		for i, w := range want {
			m := dims.FindStringSubmatch(sheetXML(t, b.Bytes(), i+1))
			if m == nil || m[1] != w {
				t.Errorf("%s sheet %d dimension = %v, want %s", tc.lang, i+1, m, w)
			}
		}
	}
}
