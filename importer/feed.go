package importer

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync"

	"github.com/kehu-app/kehu/i18n"
)

// checkFunc turns the cells of one data row into a typed row, or into the
// reasons it cannot be imported (in the import's language).
type checkFunc[T any] func(cells []string, line int) (T, []string)

// feed reads and checks the data rows of a sheet on a goroutine of its own
// while the ledger writes the good ones: parsing and SQLite overlap. A
// rejected row goes to the rejects file as it comes. The counts belong to
// the goroutine until stop returns (or rows has ended).
type feed[T any] struct {
	ch     chan feedItem[T]
	cancel context.CancelFunc
	wg     sync.WaitGroup

	read     int      // data rows read (blank rows and rows down to the header not counted)
	rejected int      // of them, rejected
	samples  []Reject // the first MaxRejectSamples rejects
}

type feedItem[T any] struct {
	row T
	err error
}

// startFeed reads src past headerLine, checks each non-blank row with check
// and writes the rejects to rw. progress, when set, is called with the rows
// read every thousand rows.
func startFeed[T any](ctx context.Context, src source, headerLine int, rw *rejectWriter, lang i18n.Lang,
	check checkFunc[T], progress func(read int)) *feed[T] {
	f := &feed[T]{ch: make(chan feedItem[T], 1024)}
	ctx, f.cancel = context.WithCancel(ctx)
	f.wg.Go(func() {
		defer close(f.ch)
		send := func(it feedItem[T]) bool {
			select {
			case f.ch <- it:
				return true
			case <-ctx.Done():
				return false
			}
		}
		for ctx.Err() == nil {
			cells, err := src.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				send(feedItem[T]{err: err})
				return
			}
			line := src.Line()
			if line <= headerLine || blank(cells) {
				continue
			}
			f.read++
			if progress != nil && f.read%1000 == 0 {
				progress(f.read)
			}
			row, reasons := check(cells, line)
			if len(reasons) > 0 {
				f.rejected++
				reason := lang.T("import.rowreason", line, strings.Join(reasons, lang.T("import.sep")))
				if len(f.samples) < MaxRejectSamples {
					f.samples = append(f.samples, Reject{Line: line, Reason: reason})
				}
				if err := rw.write(cells, reason); err != nil {
					send(feedItem[T]{err: err})
					return
				}
				continue
			}
			if !send(feedItem[T]{row: row}) {
				return
			}
		}
	})
	return f
}

// rows yields the good rows in file order; an error ends them.
func (f *feed[T]) rows(yield func(T, error) bool) {
	for it := range f.ch {
		if !yield(it.row, it.err) {
			return
		}
	}
}

// stop ends the reader and waits for it: after stop, the counts and the
// rejects file are the caller's.
func (f *feed[T]) stop() {
	f.cancel()
	for range f.ch {
	}
	f.wg.Wait()
}
