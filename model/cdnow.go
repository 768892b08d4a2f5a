package model

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// LogCustomer is one customer of a transaction log with their transactions
// in log order.
type LogCustomer struct {
	ID           string
	Transactions []Transaction
}

// ReadCDNOW reads the CDNOW transaction log: one sale a line, whitespace-
// separated columns "id-in-full-data sample-id YYYYMMDD quantity dollars",
// no header. Customers are keyed by the sample id (column 2) and returned in
// order of first appearance; quantity is checked but not kept. Blank lines
// are skipped; any other unreadable line stops the read with ErrBadLog and
// the line number, so nothing partial is returned.
func ReadCDNOW(r io.Reader) ([]LogCustomer, error) {
	sc := bufio.NewScanner(r)
	var out []LogCustomer
	index := map[string]int{}
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 5 {
			return nil, fmt.Errorf("line %d: %d columns, want 5: %w", line, len(fields), ErrBadLog)
		}
		at, err := time.Parse("20060102", fields[2])
		if err != nil {
			return nil, fmt.Errorf("line %d: date %q is not YYYYMMDD: %w", line, fields[2], ErrBadLog)
		}
		if _, err := strconv.Atoi(fields[3]); err != nil {
			return nil, fmt.Errorf("line %d: quantity %q is not a whole number: %w", line, fields[3], ErrBadLog)
		}
		amount, err := strconv.ParseFloat(fields[4], 64)
		if err != nil || amount < 0 || math.IsNaN(amount) || math.IsInf(amount, 0) {
			return nil, fmt.Errorf("line %d: amount %q is not a number of dollars: %w", line, fields[4], ErrBadLog)
		}
		id := strings.TrimLeft(fields[1], "0")
		if id == "" {
			id = "0"
		}
		i, seen := index[id]
		if !seen {
			i = len(out)
			index[id] = i
			out = append(out, LogCustomer{ID: id})
		}
		out[i].Transactions = append(out[i].Transactions, Transaction{At: at, Amount: amount})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading the log after line %d: %w", line, err)
	}
	return out, nil
}
