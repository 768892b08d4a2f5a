package importer

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/internal/benchledger"
)

// benchSheet writes a CSV of n customers as a shop's sheet looks: Chinese
// headers, summary columns, a column kehu does not know, the odd dash.
func benchSheet(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "sheet.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("\ufeff客户名称,手机,邮箱,公司,标签,备注,消费金额,购买次数,最近购买日期,会员卡号\r\n")
	surnames := []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
	given := []rune("芳伟娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华")
	for i := 0; i < n; i++ {
		name := string(surnames[i%len(surnames)]) + string(given[i/len(surnames)%len(given)]) + string(given[i%7])
		email := "-"
		if i%3 == 0 {
			email = fmt.Sprintf("c%d@example.com", i)
		}
		fmt.Fprintf(w, "%s,1%02d %04d %04d,%s,%s,\"%s\",%s,\"¥%d.%02d\",%d次,2026/%d/%d,VIP%06d\r\n",
			name, 30+i%70, i/10000, i%10000, email, []string{"", "茶语轩", "恒通建材"}[i%3], []string{"", "VIP", "老客户,批发"}[i%3],
			[]string{"", "喜欢龙井", "春节要礼盒"}[i%3], i%50000, i%100, 1+i%40, 1+i%11, 1+i%28, i)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkImport100k imports a sheet of KEHU_BENCH_N customers (default
// 100000) into an empty ledger: both passes over the file, validation, one
// transaction, the full regrade.
func BenchmarkImport100k(b *testing.B) {
	n := benchledger.Size(100000)
	path := benchSheet(b, n)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := newStore(b)
		b.StartTimer()
		rep, err := ImportFile(ctx, st, path, Options{Lang: i18n.ZH})
		if err != nil || rep.Added != n || rep.Rejected != 0 {
			b.Fatalf("%+v %v", rep.Rejects, err)
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
