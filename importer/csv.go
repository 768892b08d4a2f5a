package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encodings a CSV can be read in.
const (
	EncUTF8    = "UTF-8"
	EncUTF8BOM = "UTF-8 BOM"
	EncUTF16LE = "UTF-16LE"
	EncUTF16BE = "UTF-16BE"
	EncGB18030 = "GB18030"
)

// source yields the rows of a sheet, header included. Next returns io.EOF
// after the last row; the slice it returns is only valid until the next call.
type source interface {
	Next() ([]string, error)
	Line() int // the spreadsheet row number of the row Next returned (1-based)
}

// csvFile is a CSV whose encoding and delimiter have been detected; rows
// opens a fresh pass over it.
type csvFile struct {
	open     func() (io.ReadCloser, error)
	encoding string
	comma    rune
}

// detectCSV reads the whole file once to pick its encoding (a BOM, else
// the one encoding every line decodes in: UTF-8, or GB18030, the superset
// of the GBK that Excel on Chinese Windows writes; a file mixing them is
// refused, see fileEncoding), then sniffs the delimiter from the first
// line (comma, tab or semicolon).
func detectCSV(open func() (io.ReadCloser, error)) (*csvFile, error) {
	rc, err := open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 1<<20)
	head, _ := br.Peek(4)
	c := &csvFile{open: open, comma: ','}
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		c.encoding = EncUTF16LE
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		c.encoding = EncUTF16BE
	default:
		bom := bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF})
		enc, err := fileEncoding(br, bom)
		if err != nil {
			return nil, err
		}
		c.encoding = enc
		if bom {
			c.encoding = EncUTF8BOM
		}
	}
	r, closer, err := c.decoded()
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	c.comma = sniffComma(r)
	return c, nil
}

// decoded opens the file and returns its text as UTF-8, without BOM.
func (c *csvFile) decoded() (io.Reader, io.Closer, error) {
	rc, err := c.open()
	if err != nil {
		return nil, nil, err
	}
	var dec *encoding.Decoder
	switch c.encoding {
	case EncUTF8BOM:
		dec = unicode.UTF8BOM.NewDecoder()
	case EncUTF16LE:
		dec = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
	case EncUTF16BE:
		dec = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
	case EncGB18030:
		dec = simplifiedchinese.GB18030.NewDecoder()
	default:
		return bufio.NewReaderSize(rc, 256<<10), rc, nil
	}
	return bufio.NewReaderSize(transform.NewReader(rc, dec), 256<<10), rc, nil
}

// sniffComma picks the delimiter that occurs most often, outside quotes,
// in the first line.
func sniffComma(r io.Reader) rune {
	br := bufio.NewReader(io.LimitReader(r, 64<<10))
	counts := map[rune]int{}
	inQuote := false
	for {
		ch, _, err := br.ReadRune()
		if err != nil {
			break
		}
		if ch == '"' {
			inQuote = !inQuote
			continue
		}
		if !inQuote && (ch == '\n' || ch == '\r') {
			break
		}
		if !inQuote && (ch == ',' || ch == '\t' || ch == ';') {
			counts[ch]++
		}
	}
	best := ','
	for _, ch := range []rune{'\t', ';'} {
		if counts[ch] > counts[best] {
			best = ch
		}
	}
	return best
}

// rows starts a pass over the CSV.
func (c *csvFile) rows() (*csvSource, error) {
	r, closer, err := c.decoded()
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(&lineLimit{r: r})
	cr.Comma = c.comma
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	return &csvSource{r: cr, closer: closer}, nil
}

// csvSource is one pass over a CSV.
type csvSource struct {
	r      *csv.Reader
	closer io.Closer
	line   int
}

func (s *csvSource) Next() ([]string, error) {
	rec, err := s.r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("csv line %d: %w", pe.StartLine, pe.Err)
		}
		return nil, fmt.Errorf("read csv: %w", err)
	}
	s.line++
	if len(rec) > maxColumns {
		line, _ := s.r.FieldPos(0)
		return nil, i18n.Errorf("import.csv.columns", line, len(rec), maxColumns)
	}
	for i, v := range rec {
		rec[i] = unneutralise(v)
	}
	return rec, nil
}

func (s *csvSource) Line() int { return s.line }

func (s *csvSource) Close() error { return s.closer.Close() }

// unneutralise undoes the ' that CSV exports (kehu's and others following
// OWASP) put before a cell starting with = + - @, tab or CR.
func unneutralise(v string) string {
	if len(v) >= 2 && v[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(v[1])) {
		return v[1:]
	}
	return v
}
