package importer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kehu-app/kehu/i18n"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Bounds on a CSV, so a hostile or broken file cannot exhaust memory: no
// line longer than maxLineBytes (a cell of Excel's 32,767 characters is at
// most ~100 KB), no row wider than maxColumns (Excel's own limit).
const (
	maxLineBytes = 1 << 20
	maxColumns   = 16384
)

// maxCellChars is the most characters a cell may hold: Excel's own limit,
// so no real sheet has more; a longer cell rejects its row.
const maxCellChars = 32767

// lineSample is how many line numbers a message lists.
const lineSample = 5

// lineSet collects the numbers of the lines in one encoding.
type lineSet struct {
	n     int
	first []int
}

func (s *lineSet) add(line int) {
	s.n++
	if len(s.first) < lineSample {
		s.first = append(s.first, line)
	}
}

// String lists the first lines: "3, 7, 12…".
func (s lineSet) String() string {
	parts := make([]string, len(s.first))
	for i, l := range s.first {
		parts[i] = strconv.Itoa(l)
	}
	out := strings.Join(parts, ", ")
	if s.n > len(s.first) {
		out += "…"
	}
	return out
}

// fileEncoding reads a CSV without a byte order mark line by line and names
// its one encoding: UTF-8 when every line is UTF-8, GB18030 (the superset of
// the GBK Excel on Chinese Windows writes) when every line with other bytes
// than ASCII is GB18030 and not UTF-8. A file whose lines do not all decode
// in one encoding (a UTF-8 file with one GBK line pasted in) is refused,
// naming the lines of each: read whole as GB18030 it would store 张三 as
// 寮犱笁. bom says the file began with the UTF-8 mark: every line must be
// UTF-8 then. A line longer than maxLineBytes is refused.
func fileEncoding(r io.Reader, bom bool) (string, error) {
	br := bufio.NewReaderSize(r, maxLineBytes+1)
	var utf, gb, bad lineSet
	dec := simplifiedchinese.GB18030.NewDecoder()
	for line := 1; ; line++ {
		b, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			return "", i18n.Errorf("import.csv.line", line, bytesText(maxLineBytes))
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read csv: %w", err)
		}
		switch {
		case len(b) == 0 || isASCII(b):
		case utf8.Valid(b):
			// A GBK line can happen to be valid UTF-8 (女 is C5 AE, Ů in
			// UTF-8): it counts for UTF-8 only when it reads as Chinese in
			// UTF-8, or cannot be GBK at all.
			if bom || hasChinese(b) || !validGB(dec, b) {
				utf.add(line)
			}
		case bom:
			bad.add(line)
		case validGB(dec, b):
			gb.add(line)
		default:
			bad.add(line)
		}
		if err != nil {
			break
		}
	}
	switch {
	case bom && bad.n > 0:
		return "", i18n.Errorf("import.csv.notutf8", bad.String())
	case bad.n > 0:
		return "", i18n.Errorf("import.csv.undecodable", bad.String())
	case utf.n > 0 && gb.n > 0:
		return "", i18n.Errorf("import.csv.mixed", gb.String(), EncGB18030, utf.String(), EncUTF8)
	case gb.n > 0:
		return EncGB18030, nil
	}
	return EncUTF8, nil
}

// validGB reports whether b decodes as GB18030 without a replacement character.
func validGB(dec *encoding.Decoder, b []byte) bool {
	out, err := dec.Bytes(b)
	return err == nil && !bytes.ContainsRune(out, utf8.RuneError)
}

// hasChinese reports whether UTF-8 text b holds Chinese characters or
// full-width punctuation.
func hasChinese(b []byte) bool {
	for _, r := range string(b) {
		if r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF || unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// lineLimit passes a CSV's decoded text on, failing once a line is longer
// than maxLineBytes (text decoded from UTF-16 is checked here, the other
// encodings were checked as the encoding was detected).
type lineLimit struct {
	r    io.Reader
	run  int // bytes since the last newline
	line int
}

func (l *lineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for rest := p[:n]; len(rest) > 0; {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			l.run += len(rest)
			break
		}
		l.run += i
		if l.run > maxLineBytes {
			break
		}
		l.run = 0
		l.line++
		rest = rest[i+1:]
	}
	if l.run > maxLineBytes {
		return 0, i18n.Errorf("import.csv.line", l.line+1, bytesText(maxLineBytes))
	}
	return n, err
}
