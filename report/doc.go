// Package report builds kehu's reports (the agenda, the tier summary, the
// tier profile and history, a grade's explanation) once, as render-neutral
// documents: a title, lead lines and sections of rows whose cells say what
// they hold. The CLI prints a document as plain text (Lines); the terminal
// table draws the same document with its styles. Every word comes from the
// i18n catalogue, and text that comes from the ledger (names, phones,
// labels) is already made visible, so no renderer can be driven by it.
package report

// Tag says what a cell holds, so a renderer can style it by meaning.
type Tag string

// The cell tags.
const (
	Plain   Tag = ""        // ordinary text
	Grade   Tag = "grade"   // a grade letter or label; Cell.Grade names it
	Money   Tag = "money"   // an amount of money
	Count   Tag = "count"   // a number of customers or events
	Percent Tag = "percent" // a share; Cell.Share holds it (0..1)
	ID      Tag = "id"      // a customer's number, "#12"
	Name    Tag = "name"    // a customer's name
	Phone   Tag = "phone"   // a customer's phone
	Note    Tag = "note"    // secondary text: counts beside a heading, "… and 3 more"
	Overdue Tag = "overdue" // an agenda reason: follow-up overdue
	Due     Tag = "due"     // an agenda reason: follow-up due on the day
	Cadence Tag = "cadence" // an agenda reason: past the grade's contact cadence
	Churn   Tag = "churn"   // a churn warning
	Move    Tag = "move"    // a grade change, "C→B"; Cell.Grade is the new grade
	Channel Tag = "channel" // the contact channels a grade's policy prefers
	Policy  Tag = "policy"  // a grade's service policy on one line
)

// Cell is one piece of text with its meaning.
type Cell struct {
	Text  string
	Tag   Tag
	Grade string  // the grade the cell belongs to, for Grade and Move cells and a grade row's figures
	Share float64 // the share a Percent cell shows, 0..1
}

// Row is one line of a section; a row about a customer names it, so a
// screen can open the customer under its cursor, and a row about a group
// of customers (a grade, a segment, a product) says which in the filter
// language, so a screen can open the table on exactly them.
type Row struct {
	Cells      []Cell
	CustomerID int64  // 0 when the row is not a customer
	Drill      string // the filter that keeps the row's customers, "" for none
}

// Column lays out one column of a section's rows.
type Column struct {
	Head  string // the column's heading, "" for none
	Right bool   // right-aligned (figures)
	Min   int    // the narrowest the column is, in terminal cells
	// Bar says the column's shares read well as bars beside the figures,
	// for a renderer that can draw them; plain text leaves them out.
	Bar bool
}

// Section is a titled group of rows: a table when it has columns, else one
// line per row.
type Section struct {
	Title   []Cell   // the heading line, nil for none
	Columns []Column // nil: each row's cells are joined by two spaces
	Rows    []Row
	Empty   string // said instead of rows when there are none ("" says nothing)
	More    string // a closing note, e.g. how many rows were left out
	// Kind names what the section lists, for a screen that jumps between
	// sections ("overdue", "cadence"…); "" for none.
	Kind string
	// Folded says a screen may show only the title until asked to open
	// the section (plain text lists it whole).
	Folded bool
	// Count is how many customers the section is about, listed or not.
	Count int
}

// Document is one report.
type Document struct {
	Title    string
	Lead     []Cell // lines under the title
	Empty    string // said when the report has nothing to show
	Sections []Section
	// Compact reports (an import's) run their sections together, without
	// a blank line between them.
	Compact bool
}

// HasHeads reports whether any column has a heading.
func (s Section) HasHeads() bool {
	for _, c := range s.Columns {
		if c.Head != "" {
			return true
		}
	}
	return false
}

// cell, note and text make cells of the common kinds.
func cell(tag Tag, text string) Cell { return Cell{Text: text, Tag: tag} }

func text(s string) Cell { return Cell{Text: s} }
