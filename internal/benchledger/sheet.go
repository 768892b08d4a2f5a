package benchledger

import (
	"bufio"
	"fmt"
	"io"
	"time"
)

// WriteSheet writes the CSV of n customers that the import benchmarks read,
// as a shop's sheet looks: Chinese headers, summary columns, a column kehu
// does not know, the odd dash. Every last-purchase date lies in the 320
// days before today, so an importer running with that today accepts every
// row (a date after today is rightly refused).
func WriteSheet(out io.Writer, n int, today time.Time) error {
	w := bufio.NewWriter(out)
	w.WriteString("\ufeff客户名称,手机,邮箱,公司,标签,备注,消费金额,购买次数,最近购买日期,会员卡号\r\n")
	surnames := []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
	given := []rune("芳伟娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华")
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, today.Location())
	for i := 0; i < n; i++ {
		name := string(surnames[i%len(surnames)]) + string(given[i/len(surnames)%len(given)]) + string(given[i%7])
		email := "-"
		if i%3 == 0 {
			email = fmt.Sprintf("c%d@example.com", i)
		}
		last := day.AddDate(0, 0, -(1 + i%320))
		fmt.Fprintf(w, "%s,1%02d %04d %04d,%s,%s,\"%s\",%s,\"¥%d.%02d\",%d次,%d/%d/%d,VIP%06d\r\n",
			name, 30+i%70, i/10000, i%10000, email, []string{"", "茶语轩", "恒通建材"}[i%3], []string{"", "VIP", "老客户,批发"}[i%3],
			[]string{"", "喜欢龙井", "春节要礼盒"}[i%3], i%50000, i%100, 1+i%40, last.Year(), int(last.Month()), last.Day(), i)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write sheet: %w", err)
	}
	return nil
}
