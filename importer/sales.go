package importer

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/validate"
)

// The fields of a sales log's row.
const (
	saleDate     = "date"
	saleCustomer = "customer"
	saleAmount   = "amount"
	saleProduct  = "product"
	saleQty      = "qty"
	saleOrder    = "order"
)

// salesHeaders are the header names of a till's sales log, in the
// normalised form of normHeader: the field each names and, for the
// customer, how it names the customer.
var salesHeaders = map[string]struct {
	field string
	ref   store.CustomerRef
}{
	"日期": {saleDate, ""}, "销售日期": {saleDate, ""}, "时间": {saleDate, ""}, "销售时间": {saleDate, ""},
	"交易时间": {saleDate, ""}, "交易日期": {saleDate, ""}, "消费时间": {saleDate, ""}, "消费日期": {saleDate, ""},
	"下单时间": {saleDate, ""}, "购买日期": {saleDate, ""}, "购买时间": {saleDate, ""}, "日期时间": {saleDate, ""},
	"date": {saleDate, ""}, "time": {saleDate, ""}, "datetime": {saleDate, ""}, "saledate": {saleDate, ""},
	"orderdate": {saleDate, ""}, "purchasedate": {saleDate, ""}, "timestamp": {saleDate, ""},

	"客户": {saleCustomer, store.RefAny}, "顾客": {saleCustomer, store.RefAny}, "会员": {saleCustomer, store.RefAny},
	"customer": {saleCustomer, store.RefAny}, "member": {saleCustomer, store.RefAny}, "buyer": {saleCustomer, store.RefAny},
	"手机": {saleCustomer, store.RefPhone}, "电话": {saleCustomer, store.RefPhone}, "手机号": {saleCustomer, store.RefPhone},
	"手机号码": {saleCustomer, store.RefPhone}, "会员手机": {saleCustomer, store.RefPhone}, "会员手机号": {saleCustomer, store.RefPhone},
	"联系电话": {saleCustomer, store.RefPhone}, "phone": {saleCustomer, store.RefPhone}, "mobile": {saleCustomer, store.RefPhone},
	"会员卡号": {saleCustomer, store.RefCard}, "会员卡": {saleCustomer, store.RefCard}, "卡号": {saleCustomer, store.RefCard},
	"membercard": {saleCustomer, store.RefCard}, "cardnumber": {saleCustomer, store.RefCard}, "cardno": {saleCustomer, store.RefCard},
	"客户编号": {saleCustomer, store.RefID}, "客户id": {saleCustomer, store.RefID}, "customerid": {saleCustomer, store.RefID},
	"id":   {saleCustomer, store.RefID},
	"客户名称": {saleCustomer, store.RefName}, "客户姓名": {saleCustomer, store.RefName}, "会员姓名": {saleCustomer, store.RefName},
	"姓名": {saleCustomer, store.RefName}, "name": {saleCustomer, store.RefName}, "customername": {saleCustomer, store.RefName},

	"金额": {saleAmount, ""}, "实收": {saleAmount, ""}, "实收金额": {saleAmount, ""}, "消费金额": {saleAmount, ""},
	"销售金额": {saleAmount, ""}, "支付金额": {saleAmount, ""}, "实付": {saleAmount, ""}, "实付金额": {saleAmount, ""},
	"应收": {saleAmount, ""}, "应收金额": {saleAmount, ""}, "成交金额": {saleAmount, ""}, "amount": {saleAmount, ""},
	"total": {saleAmount, ""}, "sales": {saleAmount, ""}, "dollars": {saleAmount, ""}, "revenue": {saleAmount, ""},
	"paid": {saleAmount, ""}, "price": {saleAmount, ""},

	"商品": {saleProduct, ""}, "品名": {saleProduct, ""}, "商品名称": {saleProduct, ""}, "产品": {saleProduct, ""},
	"产品名称": {saleProduct, ""}, "货品": {saleProduct, ""}, "product": {saleProduct, ""}, "item": {saleProduct, ""},
	"productname": {saleProduct, ""}, "sku": {saleProduct, ""},

	"数量": {saleQty, ""}, "件数": {saleQty, ""}, "购买数量": {saleQty, ""}, "销售数量": {saleQty, ""},
	"qty": {saleQty, ""}, "quantity": {saleQty, ""}, "count": {saleQty, ""},

	"单号": {saleOrder, ""}, "订单号": {saleOrder, ""}, "订单编号": {saleOrder, ""}, "流水号": {saleOrder, ""},
	"小票号": {saleOrder, ""}, "销售单号": {saleOrder, ""}, "交易单号": {saleOrder, ""}, "order": {saleOrder, ""},
	"orderno": {saleOrder, ""}, "ordernumber": {saleOrder, ""}, "orderid": {saleOrder, ""}, "receipt": {saleOrder, ""},
	"transactionid": {saleOrder, ""},
}

// SalesOptions configure ImportSales.
type SalesOptions struct {
	Sheet    string    // XLSX sheet to read (default: the first)
	NoCreate bool      // reject sales of customers the ledger does not hold
	DryRun   bool      // check and count, write nothing
	Lang     i18n.Lang // the language of reject reasons
	// Progress, when set, is called now and then with the rows read.
	Progress func(read int)
}

// SalesReport says what a sales log import did.
type SalesReport struct {
	File        string
	Format      string // "csv" or "xlsx"
	Encoding    string // CSV only
	Sheet       string // XLSX only
	HeaderLine  int
	Rows        int // data rows read
	Added       int // sales logged
	Already     int // sales the ledger already held
	Created     int // customers added
	Customers   int // customers whose purchases changed
	Rejected    int
	RejectsPath string
	Rejects     []Reject // the first MaxRejectSamples rejects
	DryRun      bool
}

// salesPlan is where each field of a sale is in the sheet.
type salesPlan struct {
	col  map[string]int // field → 0-based column
	ref  store.CustomerRef
	st   *store.Store
	lang i18n.Lang
}

// mapSalesHeader maps one header row; it reports whether the row names at
// least the date, the customer and the amount.
func (p *salesPlan) mapSalesHeader(cells []string) bool {
	p.col = map[string]int{}
	p.ref = ""
	for i, h := range cells {
		n := normHeader(h)
		m, ok := salesHeaders[n]
		if !ok {
			m, ok = salesHeaders[stripUnit(n)]
		}
		if !ok {
			continue
		}
		if _, taken := p.col[m.field]; taken {
			continue // the first column of a field wins
		}
		p.col[m.field] = i
		if m.field == saleCustomer {
			p.ref = m.ref
		}
	}
	_, d := p.col[saleDate]
	_, c := p.col[saleCustomer]
	_, a := p.col[saleAmount]
	return d && c && a
}

func (p *salesPlan) get(cells []string, field string) string {
	i, ok := p.col[field]
	if !ok {
		return ""
	}
	return cleanValue(cell(cells, i))
}

// row checks one data row of a sales log.
func (p *salesPlan) row(cells []string, line int) (store.Sale, []string) {
	s := store.Sale{Line: line, Ref: p.ref, Cells: append([]string(nil), cells...)}
	var reasons []string
	bad := func(field string, err error) {
		reasons = append(reasons, p.lang.T("sales.field."+field)+p.lang.T("import.colsep")+i18n.Message(err, p.lang))
	}
	s.Customer = p.get(cells, saleCustomer)
	if s.Customer == "" {
		bad(saleCustomer, i18n.Errorf("sales.required"))
	}
	raw := p.get(cells, saleDate)
	at, err := validate.DateTime(raw)
	switch {
	case raw == "":
		bad(saleDate, i18n.Errorf("sales.required"))
	case err != nil:
		bad(saleDate, err)
	default:
		s.At = at
	}
	s.Order = p.get(cells, saleOrder)
	if err := validate.Text("order", s.Order, validate.OneLine); err != nil {
		bad(saleOrder, err)
	}
	date := ""
	if s.At != "" {
		date = s.At[:10]
	}
	pur, err := p.st.ParsePurchase(store.PurchaseInput{Amount: p.get(cells, saleAmount), Product: p.get(cells, saleProduct),
		Qty: p.get(cells, saleQty), Date: date})
	if err != nil {
		reasons = append(reasons, i18n.Message(err, p.lang))
	}
	s.Amount, s.Product, s.Qty = pur.Amount, pur.Product, pur.Qty
	return s, reasons
}

// ImportSales logs the sales of a till's log (CSV or XLSX, one row per
// sale) into st in one transaction. Rows that fail a check, and sales the
// ledger refuses, go to the rejects file with the reason.
func ImportSales(ctx context.Context, st *store.Store, path string, opts SalesOptions) (SalesReport, error) {
	rep := SalesReport{File: path, DryRun: opts.DryRun}
	if opts.Lang == "" {
		opts.Lang = i18n.EN
	}
	var crep Report
	b, err := openBook(path, opts.Sheet, &crep)
	if err != nil {
		return rep, err
	}
	defer b.Close()
	rep.Format, rep.Encoding, rep.Sheet = crep.Format, crep.Encoding, crep.Sheet
	p := &salesPlan{st: st, lang: opts.Lang}
	src, err := b.rows()
	if err != nil {
		return rep, err
	}
	top, hdr, _, err := findHeader(src, p.mapSalesHeader)
	closeSource(src)
	if err != nil {
		return rep, err
	}
	header := top[hdr].cells
	if !p.mapSalesHeader(header) {
		return rep, i18n.Errorf("sales.noheader", strings.Join(p.missing(), opts.Lang.T("import.sep")))
	}
	rep.HeaderLine = top[hdr].line
	rejectsPath := RejectsPath(path)
	rw := &rejectWriter{path: rejectsPath, header: header, lang: opts.Lang, off: opts.DryRun}
	defer rw.abort()
	src, err = b.rows()
	if err != nil {
		return rep, err
	}
	defer closeSource(src)
	f := startFeed(ctx, src, rep.HeaderLine, rw, opts.Lang, p.row, opts.Progress)
	res, err := st.ImportSales(ctx, store.SalesOptions{NoCreate: opts.NoCreate, DryRun: opts.DryRun,
		Reason: "import " + filepath.Base(path)}, f.rows)
	f.stop()
	rep.Rows, rep.Rejected, rep.Rejects = f.read, f.rejected, f.samples
	if err != nil {
		return rep, err
	}
	if opts.Progress != nil {
		opts.Progress(f.read)
	}
	// the ledger's rejects come after the feed's: written now the feed
	// has ended and the rejects file is this goroutine's
	for _, r := range res.Rejects {
		rep.Rejected++
		reason := opts.Lang.T("import.rowreason", r.Sale.Line, i18n.Message(r.Err, opts.Lang))
		if len(rep.Rejects) < MaxRejectSamples {
			rep.Rejects = append(rep.Rejects, Reject{Line: r.Sale.Line, Reason: reason})
		}
		if err := rw.write(r.Sale.Cells, reason); err != nil {
			return rep, err
		}
	}
	rep.Added, rep.Already, rep.Created, rep.Customers = res.Added, res.Already, res.Created, res.Customers
	if opts.DryRun {
		return rep, nil
	}
	if rep.Rejected > 0 {
		if err := rw.commit(); err != nil {
			return rep, err
		}
		rep.RejectsPath = rejectsPath
	} else if fi, err := os.Stat(rejectsPath); err == nil && fi.Mode().IsRegular() {
		os.Remove(rejectsPath) // a stale list from an earlier import of this file
	}
	return rep, nil
}

// missing names the fields a sales log's header lacks, in the plan's language.
func (p *salesPlan) missing() []string {
	var out []string
	for _, f := range []string{saleDate, saleCustomer, saleAmount} {
		if _, ok := p.col[f]; !ok {
			out = append(out, p.lang.T("sales.field."+f))
		}
	}
	return out
}
