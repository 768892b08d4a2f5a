package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"

	"github.com/kehu-app/kehu/store"
)

// bom is the UTF-8 byte order mark.
const bom = "\xEF\xBB\xBF"

func writeCSV(ctx context.Context, st *store.Store, q store.Query, opts Options, w io.Writer) (int, error) {
	cols, err := st.QueryColumns(q)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if opts.BOM {
		if _, err := bw.WriteString(bom); err != nil {
			return 0, fmt.Errorf("write csv: %w", err)
		}
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	head := headers(cols, opts)
	for i := range head {
		head[i] = Neutralise(head[i], false)
	}
	if err := cw.Write(head); err != nil {
		return 0, fmt.Errorf("write csv: %w", err)
	}
	numeric := make([]bool, len(cols))
	for i, c := range cols {
		numeric[i] = c.Numeric()
	}
	lang := opts.lang()
	rec := make([]string, len(cols))
	n := 0
	err = st.Each(ctx, q, func(r store.Row) error {
		for i, v := range r.Values {
			rec[i] = Neutralise(text(cols[i], v, lang), numeric[i])
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
		n++
		if n%progressEvery == 0 {
			if opts.Progress != nil {
				opts.Progress(n)
			}
			return ctx.Err()
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return 0, fmt.Errorf("write csv: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return 0, fmt.Errorf("write csv: %w", err)
	}
	if opts.Progress != nil {
		opts.Progress(n)
	}
	return n, nil
}

// Neutralise defuses a cell a spreadsheet would run as a formula: text
// starting with =, +, -, @, tab or carriage return gets a leading '
// (OWASP, CSV injection). Numbers are left alone: numeric columns always,
// and any cell that is a plain decimal such as -12.50.
func Neutralise(s string, numeric bool) string {
	if s == "" || numeric {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if isDecimal(s) {
			return s
		}
		return "'" + s
	}
	return s
}

// isDecimal reports whether s is -?digits(.digits)?.
func isDecimal(s string) bool {
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	digits, dot := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot && digits > 0 && i < len(s)-1:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}
