package tui

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/report"
	"github.com/kehu-app/kehu/store"
	"github.com/kehu-app/kehu/tiering"
	"github.com/muesli/termenv"
)

// testDoc has what the renderers must lay out: lead text, a titled section
// of customer rows (the numbers only plain text shows), a closing note, and
// a table with column heads whose shares draw as bars.
func testDoc() report.Document {
	c := func(tag report.Tag, text string) report.Cell { return report.Cell{Tag: tag, Text: text} }
	return report.Document{
		Title: "T",
		Lead:  []report.Cell{c(report.Plain, "lead line")},
		Sections: []report.Section{
			{
				Title:   []report.Cell{{Tag: report.Grade, Grade: "A", Text: "A · VIP"}, c(report.Note, "2 to contact")},
				Columns: []report.Column{{}, {Min: 8}, {}, {}, {}},
				Rows: []report.Row{
					{CustomerID: 3, Cells: []report.Cell{c(report.ID, "#3"), c(report.Name, "张伟"), c(report.Phone, "138"), c(report.Overdue, "overdue 5 days"), c(report.Channel, "via visit")}},
					{CustomerID: 7, Cells: []report.Cell{c(report.ID, "#7"), c(report.Name, "Li Lei"), c(report.Phone, ""), c(report.Due, "due today"), c(report.Channel, "")}},
				},
				More: "… and 1 more",
			},
			{
				Columns: []report.Column{{Head: "By grade"}, {Head: "n", Right: true}, {Head: "%", Right: true, Bar: true}},
				Rows:    []report.Row{{Cells: []report.Cell{{Tag: report.Grade, Grade: "A", Text: "A"}, c(report.Count, "1"), {Tag: report.Percent, Share: 0.25, Text: "25.0%"}}}},
			},
		},
	}
}

func asciiStyles() styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return newStyles(r, tiering.DefaultRules(), true)
}

// The screen and the CLI lay out the same document: the same words in the
// same order; the screen leaves the customer numbers to its cursor, marks
// the cursor's row and draws shares as bars.
func TestRenderDocAndPlainText(t *testing.T) {
	d := testDoc()
	b := renderDoc(asciiStyles(), d, 40, 1)
	for i := range b.lines {
		b.lines[i] = ansi.Strip(b.lines[i])
	}
	screen := strings.Join(b.lines, "\n")
	want := `lead line

A · VIP  2 to contact
  张伟      138  overdue 5 days  via visit
▸ Li Lei         due today
  … and 1 more

  By grade  n      %
  A         1  25.0% ███▊···········`
	if screen != want {
		t.Errorf("screen:\n%s\nwant:\n%s", screen, want)
	}
	if len(b.rows) != 2 || b.rows[0] != 3 || b.rows[1] != 4 || b.ids[0] != 3 || b.ids[1] != 7 {
		t.Errorf("customer rows at lines %v, ids %v; want lines [3 4], ids [3 7]", b.rows, b.ids)
	}
	plain := strings.Join(d.Lines(), "\n")
	wantPlain := `T
lead line

A · VIP  2 to contact
  #3  张伟      138  overdue 5 days  via visit
  #7  Li Lei         due today
  … and 1 more

  By grade  n      %
  A         1  25.0%`
	if plain != wantPlain {
		t.Errorf("plain:\n%s\nwant:\n%s", plain, wantPlain)
	}
}

// docWords are the texts a document shows on screen: every cell but the
// customer numbers, the notes and the column heads.
func docWords(d report.Document) []string {
	var out []string
	add := func(cs []report.Cell) {
		for _, c := range cs {
			if c.Text != "" && c.Tag != report.ID {
				out = append(out, c.Text)
			}
		}
	}
	add(d.Lead)
	if d.Empty != "" {
		out = append(out, d.Empty)
	}
	for _, s := range d.Sections {
		add(s.Title)
		for _, c := range s.Columns {
			if c.Head != "" {
				out = append(out, c.Head)
			}
		}
		for _, r := range s.Rows {
			add(r.Cells)
		}
		for _, n := range []string{s.More, s.Empty} {
			if n != "" && (n == s.More || len(s.Rows) == 0) {
				out = append(out, n)
			}
		}
	}
	return out
}

// fullView draws the screen tall enough to show all of it, without colour.
func fullView(s screen) string {
	s.SetSize(160, 200)
	return ansi.Strip(s.View())
}

// Each report screen draws the document the CLI prints: every word of
// report.Agenda, report.Summary and report.Explain built from the ledger
// is on the screen, under the document's title.
func TestReportScreensDrawTheCLIDocuments(t *testing.T) {
	st, ids := scShop(t)
	ctx := context.Background()
	// an overdue follow-up, so the agenda has more than cadence items
	logContactOn(t, st, "2026-03-01", ids[2], store.ContactInput{Channel: "phone", At: "2026-03-01 09:00", Summary: "约了", Next: "2026-03-10"})
	ag, err := st.Agenda(ctx, "2026-03-15")
	if err != nil {
		t.Fatal(err)
	}
	sum := mustTierSummary(t, st)
	ex, err := st.Explain(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	cm, err := st.CustomerModel(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []i18n.Lang{i18n.EN, i18n.ZH} {
		agenda := report.Agenda(ag, l)
		explain := report.Explain(ids[0], mustGet(t, st, ids[0]).Str("name"), ex, cm, l)
		for _, tc := range []struct {
			name string
			s    screen
			doc  report.Document
		}{
			{"agenda", newAgenda(scEnv(st, l)), agenda},
			{"summary", newSummary(scEnv(st, l)), report.Summary(sum, nil, l)},
			{"explain", newExplain(scEnv(st, l), ids[0]), explain},
		} {
			d := drive(t, tc.s)
			v := fullView(d.s)
			if !strings.Contains(v, tc.doc.Title) {
				t.Errorf("%s %s: title %q not on screen:\n%s", tc.name, l, tc.doc.Title, v)
			}
			if len(docWords(tc.doc)) < 5 {
				t.Fatalf("%s %s: the document has too little to compare: %v", tc.name, l, docWords(tc.doc))
			}
			for _, w := range docWords(tc.doc) {
				if !strings.Contains(v, w) {
					t.Errorf("%s %s: %q from the document not on screen:\n%s", tc.name, l, w, v)
				}
			}
		}
	}
}
