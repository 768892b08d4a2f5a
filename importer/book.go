package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/kehu-app/kehu/i18n"
)

// book is an opened file: each call of rows starts a pass over its sheet.
type book interface {
	rows() (source, error)
	Close() error
}

type csvBook struct{ *csvFile }

func (b csvBook) rows() (source, error) { return b.csvFile.rows() }
func (b csvBook) Close() error          { return nil }

// closer is implemented by sources holding a file open.
type closer interface{ Close() error }

func closeSource(s source) {
	if c, ok := s.(closer); ok {
		c.Close()
	}
}

// openError says why the file to import cannot be opened, in the user's
// words rather than the operating system's.
func openError(path string, err error) error {
	key := "input.file.cantopen"
	switch {
	case errors.Is(err, fs.ErrNotExist):
		key = "input.file.missing"
	case errors.Is(err, fs.ErrPermission):
		key = "input.file.denied"
	}
	return i18n.Errorf(key, path)
}

// openBook opens path as CSV or XLSX, by extension, else by content.
func openBook(path, sheet string, rep *Report) (book, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, openError(path, err)
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		f.Close()
		return nil, i18n.Errorf("input.file.isdir", path)
	}
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case ext == ".xls" || bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		f.Close()
		return nil, i18n.Errorf("import.xls", path)
	case ext == ".xlsx" || ext == ".xlsm" || bytes.HasPrefix(head, []byte("PK\x03\x04")):
		fi, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("import: %w", err)
		}
		x, err := openXLSX(f, fi.Size(), sheet)
		f.Close()
		if err != nil {
			return nil, err
		}
		rep.Format, rep.Sheet = "xlsx", x.sheet
		return &xlsxBook{xlsxFile: x}, nil
	}
	f.Close()
	c, err := detectCSV(func() (io.ReadCloser, error) { return os.Open(path) })
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	rep.Format, rep.Encoding = "csv", c.encoding
	return csvBook{c}, nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func cell(cells []string, i int) string {
	if i < len(cells) {
		return cells[i]
	}
	return ""
}
