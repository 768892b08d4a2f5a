package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
	"github.com/kehu-app/kehu/validate"
)

// minCache is the smallest number of rows the table keeps around the
// viewport; it never holds more than a few hundred rows.
const minCache = 256

// rowCache is the window of rows read from the store: rows[i] is row off+i
// of the view.
type rowCache struct {
	off  int
	rows []store.Row
}

func (c rowCache) has(i int) bool { return i >= c.off && i < c.off+len(c.rows) }

func (c rowCache) get(i int) (store.Row, bool) {
	if !c.has(i) {
		return store.Row{}, false
	}
	return c.rows[i-c.off], true
}

// grid is the table component: columns, widths, the cell cursor, the
// scroll position and the row cache. It renders on its own (no
// bubbles/table): the name column is frozen on the left behind a narrow
// grade marker, the other columns scroll horizontally, and every width is a
// display width (a Chinese character is two cells).
type grid struct {
	cols    []store.Column // cols[0] is always the name column
	widths  []int
	gradeAt int // index of the grade in Row.Values, -1 when not fetched
	total   int // rows in the view, -1 while unknown
	row     int // cursor row (index in the view)
	col     int // cursor column (index in cols)
	top     int // first row shown
	left    int // first scrolled column shown (>= 1)
	cache   rowCache
	sort    []store.SortKey

	// fixed marks the widths the owner set (`:col width`): auto-fit leaves
	// them; fitted marks the rows whose content the widths have grown to.
	fixed     []bool
	fitted    map[int]bool
	fittedGen int // the data generation fitted was measured on

	// lines caches drawn rows (never the cursor's) for the layout in
	// linesKey: a cursor move redraws two rows, not the screen.
	lines    map[int]string
	linesKey lineKey
}

// lineKey is what a drawn row depends on besides its data.
type lineKey struct {
	gen, width, left int
	noColor          bool
	widths           string // the column widths, as auto-fit grows them
	today            string // follow-ups before it are drawn overdue
}

// markerW is the width of the grade marker and the space after it.
const markerW = 2

// bodyHeight is the number of data rows that fit in a screen of height h
// (header, formula bar, status bar and key hint take four lines).
func bodyHeight(h int) int {
	if h-4 < 1 {
		return 1
	}
	return h - 4
}

// fitCap is the widest auto-fit makes a column; `:col width` may go wider.
const fitCap = 30

// fitRows grows the widths of the columns the owner did not size to the
// content of rows first..last-1 (those in the cache), up to fitCap: a
// column is as wide as what it shows, never cut when there is room.
func (g *grid) fitRows(first, last, gen int, l i18n.Lang, rules tiering.Rules) {
	if g.fitted == nil || g.fittedGen != gen {
		g.fitted, g.fittedGen = map[int]bool{}, gen
	}
	for i := first; i < last; i++ {
		r, ok := g.cache.get(i)
		if !ok || g.fitted[i] {
			continue
		}
		g.fitted[i] = true
		for j, c := range g.cols {
			if j >= len(r.Values) || j < len(g.fixed) && g.fixed[j] || g.widths[j] >= fitCap {
				continue
			}
			if w := min(textWidth(cellText(c, r.Values[j], l, rules)), fitCap); w > g.widths[j] {
				g.widths[j] = w
			}
		}
	}
}

// gradeCol is the grade column's index in cols, -1 when not shown.
func (g *grid) gradeCol() int {
	for i, c := range g.cols {
		if c.Key == "grade" {
			return i
		}
	}
	return -1
}

// frozenGrade reports whether the grade column is held beside the name,
// the view having scrolled past it.
func (g *grid) frozenGrade() (int, bool) {
	gi := g.gradeCol()
	return gi, gi > 0 && g.left > gi
}

// frozenWidth is the width of the part that never scrolls: the marker,
// the name, the grade when scrolled past, and the bar after them.
func (g *grid) frozenWidth(w int) int {
	fw := markerW + g.nameWidth(w) + 1
	if gi, ok := g.frozenGrade(); ok {
		fw += 1 + g.widths[gi]
	}
	return fw
}

// nameWidth is the frozen name column's width on a screen w cells wide.
func (g *grid) nameWidth(w int) int {
	nw := 10
	if len(g.widths) > 0 {
		nw = g.widths[0]
	}
	if lim := w - markerW - 1 - 8; nw > lim {
		nw = lim
	}
	if nw < 2 {
		nw = 2
	}
	return nw
}

// rows is the number of rows the cursor can reach: the total when
// counted, else the end of the cache.
func (g *grid) rows() int {
	if g.total >= 0 {
		return g.total
	}
	return g.cache.off + len(g.cache.rows)
}

// clampRow keeps the cursor in the view and the viewport around it.
func (g *grid) clampRow(h int) {
	n := g.rows()
	if g.row >= n {
		g.row = n - 1
	}
	if g.row < 0 {
		g.row = 0
	}
	vis := bodyHeight(h)
	if g.row < g.top {
		g.top = g.row
	}
	if g.row >= g.top+vis {
		g.top = g.row - vis + 1
	}
	if g.top > n-vis {
		g.top = n - vis
	}
	if g.top < 0 {
		g.top = 0
	}
}

// clampCol keeps the cursor column on screen, scrolling horizontally.
func (g *grid) clampCol(w int) {
	if g.col >= len(g.cols) {
		g.col = len(g.cols) - 1
	}
	if g.col < 0 {
		g.col = 0
	}
	if g.left < 1 {
		g.left = 1
	}
	if g.left >= len(g.cols) && len(g.cols) > 1 {
		g.left = len(g.cols) - 1
	}
	if g.col == 0 {
		return
	}
	if g.col < g.left {
		g.left = g.col
		return
	}
	for g.left < g.col {
		avail := w - g.frozenWidth(w)
		used := 0
		for i := g.left; i <= g.col; i++ {
			used += 1 + g.widths[i]
		}
		if used <= avail {
			break
		}
		g.left++
	}
}

// span is one column as laid out on screen: its index and the cells it gets
// (the last one may be cut by the screen edge).
type span struct{ idx, w int }

// layout returns the scrolled columns that fit after the frozen part.
func (g *grid) layout(w int) []span {
	avail := w - g.frozenWidth(w)
	gi, frozen := g.frozenGrade()
	var out []span
	for i := g.left; i < len(g.cols) && avail > 1; i++ {
		if frozen && i == gi {
			continue
		}
		cw := g.widths[i]
		if 1+cw > avail {
			cw = avail - 1
		}
		out = append(out, span{i, cw})
		avail -= 1 + cw
	}
	return out
}

// cellText is what a cell shows: the formatted value, money as a person
// reads it (¥1,234.50), sanitised (no control characters or escape
// sequences from the data ever reach the terminal).
func cellText(c store.Column, v any, l i18n.Lang, rules tiering.Rules) string {
	if c.Type == store.Grade && c.Key == "grade" {
		if s, ok := v.(string); ok && s != "" {
			return validate.Visible(rules.Label(s))
		}
	}
	if fen, ok := v.(int64); ok && c.Type == store.Money {
		return validate.FormatYuan(fen)
	}
	return validate.Visible(store.Format(c, v, l))
}

// cellTextIn is cellText for a cell w columns wide: an amount too wide for
// it is shortened to 万 or 亿 rather than cut.
func cellTextIn(c store.Column, v any, l i18n.Lang, rules tiering.Rules, w int) string {
	if fen, ok := v.(int64); ok && c.Type == store.Money {
		return validate.FormatYuanFit(fen, w)
	}
	return cellText(c, v, l, rules)
}

// fit cuts s to w display cells with "…" and pads it to exactly w cells,
// on the left when right is set. s must be plain text.
func fit(s string, w int, right bool) string {
	if w <= 0 {
		return ""
	}
	sw := textWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	if sw >= w {
		return s
	}
	pad := strings.Repeat(" ", w-sw)
	if right {
		return pad + s
	}
	return s + pad
}

// textWidth is the display width of plain text, as ansi.StringWidth
// counts it, with a fast path for ASCII, Latin and CJK text (the table's
// usual content); anything else (emoji, combining marks...) goes the slow,
// exact way.
func textWidth(s string) int {
	w := 0
	for _, r := range s {
		switch {
		case r >= 0x20 && r < 0x7f, r >= 0xc0 && r < 0x300, r >= 0x2010 && r <= 0x2027:
			w++
		case r >= 0x4e00 && r <= 0x9fff, r >= 0x3400 && r <= 0x4dbf, r >= 0x3000 && r <= 0x3029, r >= 0x302e && r <= 0x303e,
			r >= 0xff01 && r <= 0xff60, r >= 0xffe0 && r <= 0xffe6:
			w += 2
		default:
			return ansi.StringWidth(s)
		}
	}
	return w
}

// fitStyled pads or cuts an already styled string to exactly w cells.
func fitStyled(s string, w int) string {
	sw := ansi.StringWidth(s)
	if sw > w {
		return ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", w-sw)
}

// gridView is everything the grid needs to draw, besides itself.
type gridView struct {
	width, height int
	lang          i18n.Lang
	rules         tiering.Rules
	sty           styles
	edit          string // the cell editor, rendered, when editing
	editing       bool
	adding        bool   // a new row (at the top of the body) is being typed
	gen           int    // data generation: drawn rows are reused within one
	today         string // the clock's day (ISO): follow-up dates before it are overdue
}

// render draws the header and the body: exactly bodyHeight(h)+1 lines,
// each exactly w cells wide.
func (g *grid) render(v gridView) []string {
	w := v.width
	lines := make([]string, 0, bodyHeight(v.height)+1)
	g.fitRows(g.top, g.top+bodyHeight(v.height), v.gen, v.lang, v.rules)
	g.clampCol(w) // a column grown to its content keeps the cursor on screen
	spans := g.layout(w)
	nw := g.nameWidth(w)

	// Header.
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", markerW))
	b.WriteString(fit(g.label(0, v.lang), nw, false))
	if gi, ok := g.frozenGrade(); ok {
		b.WriteString(" " + fit(g.label(gi, v.lang), g.widths[gi], false))
	}
	b.WriteString("│")
	for _, sp := range spans {
		b.WriteString(" ")
		b.WriteString(fit(g.label(sp.idx, v.lang), sp.w, g.cols[sp.idx].Numeric()))
	}
	header := fit(b.String(), w, false)
	if g.moreRight(spans) {
		// The last cell says columns go on past the right edge.
		header = fit(ansi.Truncate(header, w-1, ""), w-1, false) + "…"
	}
	lines = append(lines, v.sty.header.Render(header))

	body := bodyHeight(v.height)
	first := g.top
	if v.adding {
		lines = append(lines, g.newRowLine(v, spans, nw))
		body--
	}
	key := lineKey{gen: v.gen, width: w, left: g.left, noColor: v.sty.noColor, widths: fmt.Sprint(g.widths), today: v.today}
	if g.lines == nil || g.linesKey != key || len(g.lines) > 8*body {
		g.lines, g.linesKey = map[int]string{}, key
	}
	for i := first; i < first+body; i++ {
		if i >= g.rows() {
			lines = append(lines, strings.Repeat(" ", w))
			continue
		}
		current := i == g.row && !v.adding
		if l, ok := g.lines[i]; ok && !current {
			lines = append(lines, l)
			continue
		}
		r, ok := g.cache.get(i)
		if !ok {
			lines = append(lines, fit("  …", w, false))
			continue
		}
		l := g.rowLine(v, r, current, spans, nw)
		if !current {
			g.lines[i] = l
		}
		lines = append(lines, l)
	}
	return lines
}

// moreRight reports whether columns lie past the right edge of the screen:
// one after the last shown, or the last shown cut short.
func (g *grid) moreRight(spans []span) bool {
	if len(spans) == 0 {
		return false
	}
	last := spans[len(spans)-1]
	if last.w < g.widths[last.idx] {
		return true
	}
	gi, frozen := g.frozenGrade()
	for i := last.idx + 1; i < len(g.cols); i++ {
		if !frozen || i != gi {
			return true
		}
	}
	return false
}

func (g *grid) label(i int, l i18n.Lang) string {
	c := g.cols[i]
	s := validate.Visible(c.Label(l))
	for _, k := range g.sort {
		if k.Key == c.Key {
			if k.Desc {
				return s + "↓"
			}
			return s + "↑"
		}
	}
	return s
}

func (g *grid) rowLine(v gridView, r store.Row, current bool, spans []span, nw int) string {
	sty := v.sty
	grade := ""
	if g.gradeAt >= 0 && g.gradeAt < len(r.Values) {
		grade, _ = r.Values[g.gradeAt].(string)
	}
	var b strings.Builder
	b.Grow(v.width * 2)
	if mk, ok := sty.markerCell[grade]; ok {
		b.WriteString(mk)
	} else {
		b.WriteString(" ")
	}
	b.WriteString(" ")
	cell := func(idx, cw int) string {
		c := g.cols[idx]
		if current && idx == g.col && v.editing {
			return fitStyled(v.edit, cw)
		}
		var val any
		if idx < len(r.Values) {
			val = r.Values[idx]
		}
		text := fit(cellTextIn(c, val, v.lang, v.rules, cw), cw, c.Numeric())
		switch {
		case current && idx == g.col:
			return sty.pCursor.apply(text)
		case c.Key == "grade":
			s, _ := val.(string)
			if p, ok := sty.pGrade[s]; ok {
				return p.apply(text)
			}
			return text
		case c.Key == "next_follow_up" && overdue(val, v.today):
			return sty.pOverdue.apply(text)
		case current:
			return sty.pRowSel.apply(text)
		}
		return text
	}
	b.WriteString(cell(0, nw))
	used := markerW + nw + 1
	if gi, ok := g.frozenGrade(); ok {
		b.WriteString(" " + cell(gi, g.widths[gi]))
		used += 1 + g.widths[gi]
	}
	b.WriteString("│")
	for _, sp := range spans {
		b.WriteString(" ")
		b.WriteString(cell(sp.idx, sp.w))
		used += 1 + sp.w
	}
	if used < v.width {
		b.WriteString(strings.Repeat(" ", v.width-used))
	}
	return b.String()
}

// overdue reports a follow-up date (ISO text) before today; a blank one is
// never overdue.
func overdue(v any, today string) bool {
	d, _ := v.(string)
	return d != "" && today != "" && d < today
}

func (g *grid) newRowLine(v gridView, spans []span, nw int) string {
	var b strings.Builder
	b.WriteString("+ ")
	b.WriteString(fitStyled(v.edit, nw))
	if gi, ok := g.frozenGrade(); ok {
		b.WriteString(strings.Repeat(" ", 1+g.widths[gi]))
	}
	b.WriteString("│")
	for _, sp := range spans {
		b.WriteString(" ")
		b.WriteString(strings.Repeat(" ", sp.w))
	}
	return fitStyled(b.String(), v.width)
}
