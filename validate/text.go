package validate

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// TextKind says which characters a free-text field accepts besides plain text.
type TextKind int

// The kinds of free text.
const (
	// OneLine is a single-line field (company, WeChat id, tags, product,
	// custom text columns, labels): no control characters at all.
	OneLine TextKind = iota
	// MultiLine is a field that may span lines (notes, needs, a contact's
	// summary and outcome, a purchase note): newline and tab are allowed.
	MultiLine
	// Identity is a name or a phone: one line, and no bidirectional
	// override or isolate characters, which can make a name read backwards
	// on screen and pass for another customer.
	Identity
)

// Text checks free text typed, passed as a flag or imported for field: it
// must be valid UTF-8 without control characters (C0, DEL, C1, the line and
// paragraph separators U+2028/U+2029), newline and tab excepted in a
// MultiLine field; an Identity field also refuses the bidirectional
// overrides and isolates U+202A–U+202E and U+2066–U+2069. Every entry path
// (command line, table cells, forms, imported rows) checks text here, so
// nothing stored can later move the cursor, retitle or recolour a terminal.
// The failure is an *Error whose Detail shows the offending character as
// Visible writes it (\x1b, \u202e).
func Text(field, s string, kind TextKind) error {
	if !utf8.ValidString(s) {
		return fail(field, "text.encoding", s, "")
	}
	for _, r := range s {
		switch {
		case (r == '\n' || r == '\t') && kind == MultiLine:
		case isControl(r):
			key := "text.control"
			if kind == MultiLine {
				key = "text.control_lines"
			}
			return fail(field, key, s, escapeRune(r))
		case isBidi(r) && kind == Identity:
			return fail(field, "text.bidi", s, escapeRune(r))
		}
	}
	return nil
}

// isControl reports the characters no stored text may hold: C0 controls,
// DEL, C1 controls and the Unicode line and paragraph separators.
func isControl(r rune) bool {
	return r < 0x20 || r >= 0x7F && r <= 0x9F || r == 0x2028 || r == 0x2029
}

// isBidi reports the bidirectional embedding, override and isolate
// characters (U+202A–U+202E, U+2066–U+2069).
func isBidi(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// escapeRune is the visible form of one unsafe character: \x1b for C0 and
// DEL, \u009b for C1 and the other code points.
func escapeRune(r rune) string {
	if r < 0x80 {
		return `\x` + hex2(byte(r))
	}
	s := strconv.FormatInt(int64(r), 16)
	return `\u` + strings.Repeat("0", max(4-len(s), 0)) + s
}

func hex2(b byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[b>>4], digits[b&0xF]})
}

// Visible returns s made safe to print on a terminal on one line: each
// control character (C0 but newline and tab, DEL, C1, U+2028/U+2029), each
// bidirectional override or isolate, and each byte that is not valid UTF-8
// is shown as an escape, \x1b, \x07, \u009b, \u202e or \xff; newline and tab
// (allowed in multi-line fields) become a space. Whatever a ledger holds,
// even one written before text was checked, shown through Visible cannot
// move the cursor, retitle or recolour the terminal. Text without such
// characters is returned unchanged.
func Visible(s string) string { return visible(s, false) }

// VisibleLines is Visible for text shown over several lines: newline and
// tab are kept.
func VisibleLines(s string) string { return visible(s, true) }

func visible(s string, lines bool) string {
	i := firstUnsafe(s, lines)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	writeVisible(&b, s[i:], lines)
	return b.String()
}

// firstUnsafe is the byte offset of the first character visible changes, or -1.
func firstUnsafe(s string, lines bool) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && (!lines || c != '\n' && c != '\t') || c == 0x7F {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || isControl(r) || isBidi(r) {
			return i
		}
		i += n
	}
	return -1
}

// writeVisible writes s to b with every unsafe character escaped.
func writeVisible(b *strings.Builder, s string, lines bool) {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x` + hex2(s[i]))
		case r == '\n' || r == '\t':
			if lines {
				b.WriteRune(r)
			} else {
				b.WriteByte(' ')
			}
		case isControl(r) || isBidi(r):
			b.WriteString(escapeRune(r))
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
}

// VisibleWriter passes what is written to it on with VisibleLines applied:
// for output meant for a terminal, written in pieces (a CSV streamed to
// stdout). A character split across two writes is held until the next;
// Flush writes a trailing incomplete one as escaped bytes.
type VisibleWriter struct {
	w       io.Writer
	pending []byte
}

// NewVisibleWriter returns a VisibleWriter writing to w.
func NewVisibleWriter(w io.Writer) *VisibleWriter { return &VisibleWriter{w: w} }

// Write escapes p's unsafe characters and writes the result; it reports
// len(p) written when the underlying writer took everything.
func (v *VisibleWriter) Write(p []byte) (int, error) {
	buf := p
	if len(v.pending) > 0 {
		buf = append(v.pending, p...)
		v.pending = nil
	}
	end := len(buf)
	// Hold back an incomplete character at the end for the next write.
	for k := 1; k < utf8.UTFMax && k <= len(buf); k++ {
		c := buf[len(buf)-k]
		if c < utf8.RuneSelf {
			break
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(buf[len(buf)-k:]) {
				end = len(buf) - k
			}
			break
		}
	}
	v.pending = append([]byte(nil), buf[end:]...)
	if err := v.emit(string(buf[:end])); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes a held incomplete character, escaped.
func (v *VisibleWriter) Flush() error {
	if len(v.pending) == 0 {
		return nil
	}
	s := string(v.pending)
	v.pending = nil
	return v.emit(s)
}

func (v *VisibleWriter) emit(s string) error {
	if s == "" {
		return nil
	}
	_, err := io.WriteString(v.w, VisibleLines(s))
	return err
}
