package importer

import (
	"encoding/csv"
	"fmt"
	"os"

	"github.com/kehu-app/kehu/export"
	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/internal/tmpfile"
)

// rejectWriter streams rejected rows to a temporary file beside the
// rejects path, renamed into place when the import succeeds.
type rejectWriter struct {
	path   string
	target string // path, its symbolic links followed
	header []string
	lang   i18n.Lang
	off    bool // dry run: write nothing
	f      *os.File
	w      *csv.Writer
}

func (rw *rejectWriter) write(cells []string, reason string) error {
	if rw.off {
		return nil
	}
	if rw.f == nil {
		target, err := tmpfile.Target(rw.path)
		if err != nil {
			return err
		}
		f, err := tmpfile.Beside(target)
		if err != nil {
			return fmt.Errorf("write rejects: %w", err)
		}
		rw.f, rw.target = f, target
		if _, err := f.WriteString("\xEF\xBB\xBF"); err != nil {
			return fmt.Errorf("write rejects: %w", err)
		}
		rw.w = csv.NewWriter(f)
		rw.w.UseCRLF = true
		head := make([]string, 0, len(rw.header)+1)
		for _, h := range rw.header {
			head = append(head, export.Neutralise(h, false))
		}
		if err := rw.w.Write(append(head, rw.lang.T("import.reason"))); err != nil {
			return fmt.Errorf("write rejects: %w", err)
		}
	}
	rec := make([]string, 0, max(len(cells), len(rw.header))+1)
	for _, c := range cells {
		rec = append(rec, export.Neutralise(c, false))
	}
	for len(rec) < len(rw.header) {
		rec = append(rec, "")
	}
	if err := rw.w.Write(append(rec, reason)); err != nil {
		return fmt.Errorf("write rejects: %w", err)
	}
	return nil
}

// commit moves the finished rejects file into place.
func (rw *rejectWriter) commit() error {
	if rw.f == nil {
		return nil
	}
	rw.w.Flush()
	err := rw.w.Error()
	if err == nil {
		// renamed while still open and locked, so no other run takes it
		// for a leftover
		err = os.Rename(rw.f.Name(), rw.target)
	}
	if err != nil {
		rw.abort()
		return fmt.Errorf("write rejects: %w", err)
	}
	err = rw.f.Close()
	rw.f = nil
	if err != nil {
		return fmt.Errorf("write rejects: %w", err)
	}
	return nil
}

// abort drops an unfinished rejects file.
func (rw *rejectWriter) abort() {
	if rw.f != nil {
		rw.f.Close()
		os.Remove(rw.f.Name())
		rw.f = nil
	}
}
