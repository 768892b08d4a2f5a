package export

import (
	"context"
	"io"
	"strings"
	"time"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// Stdout is the output path that means the writer given to Run, not a file.
const Stdout = "-"

// LastView names the view the table showed when it was last closed.
const LastView = "@last"

// Selection says which customers an export writes and how, the way a person
// asks for them: a saved view (or none: every live customer with the
// default columns), narrowed by a filter, with the sort and columns replaced
// when given.
type Selection struct {
	View    string // a saved view's name, LastView, or "" for none
	Where   string // the filter language, added to the view's filter
	Sort    string // a sort spec, e.g. total_spend:desc; used when SortSet
	SortSet bool
	Columns string // column keys or labels, comma-separated; used when ColumnsSet
	ColsSet bool
}

// Query resolves the selection against the ledger into the query to export.
func (s Selection) Query(ctx context.Context, st *store.Store) (store.Query, error) {
	var q store.Query
	if s.View != "" {
		var v store.View
		var err error
		if s.View == LastView {
			v, err = st.LastView(ctx)
		} else {
			v, err = st.LoadView(ctx, s.View)
		}
		if err != nil {
			return q, err
		}
		q = v.Query()
	}
	if w := strings.TrimSpace(s.Where); w != "" {
		q.Filter = strings.TrimSpace(q.Filter + " " + w)
	}
	if s.SortSet {
		sort, err := st.ParseSort(s.Sort)
		if err != nil {
			return q, err
		}
		q.Sort = sort
	}
	if s.ColsSet {
		q.Columns = nil
		for _, k := range strings.Split(s.Columns, ",") {
			if k = strings.TrimSpace(k); k == "" {
				continue
			}
			c, ok := st.Column(k)
			if !ok {
				return q, i18n.Errorf("col.unknown", k)
			}
			q.Columns = append(q.Columns, c.Key)
		}
	}
	return q, nil
}

// Target resolves where an export goes and in which format: out is a path
// (its {date} and {time} filled from now) or Stdout ("" is Stdout); format
// is CSV, XLSX or "" for the one out's extension names (CSV on stdout). An
// unknown format is refused.
func Target(out, format string, now time.Time) (string, string, error) {
	format = strings.ToLower(strings.TrimSpace(format))
	if format != "" && format != CSV && format != XLSX {
		return "", "", i18n.Errorf("export.badformat", format)
	}
	path := out
	if path == "" {
		path = Stdout
	}
	if path != Stdout {
		path = ExpandPath(path, now)
	}
	if format == "" {
		format = CSV
		if path != Stdout {
			format = FormatOf(path)
		}
	}
	return path, format, nil
}

// ParseHeader accepts a header kind, HeaderLabels or HeaderKeys, in any case.
func ParseHeader(h string) (string, error) {
	h = strings.ToLower(strings.TrimSpace(h))
	if h != HeaderLabels && h != HeaderKeys {
		return "", i18n.Errorf("export.badheader", h)
	}
	return h, nil
}

// Run exports q to path, or to w when path is Stdout, and returns the
// customer rows written.
func Run(ctx context.Context, st *store.Store, q store.Query, opts Options, path string, w io.Writer) (int, error) {
	if path == Stdout {
		return Write(ctx, st, q, opts, w)
	}
	return ToFile(ctx, st, q, opts, path)
}
