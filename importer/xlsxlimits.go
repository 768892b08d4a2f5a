package importer

import (
	"archive/zip"
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kehu-app/kehu/i18n"
)

// What a workbook may unpack to. An XLSX file is a zip of XML parts:
// excelize keeps the small parts in memory and unpacks a sheet or the
// shared strings larger than xmlInMemory to temporary files it then reads
// as a stream. These bounds keep a hostile workbook (a zip bomb, a
// gigabyte cell, millions of empty strings) from exhausting memory or
// disk, while a real sheet of a million customers still imports.
const (
	// maxUnzipped bounds all the parts together (excelize's UnzipSizeLimit).
	maxUnzipped = 4 << 30
	// xmlInMemory is the largest sheet or shared-string part excelize
	// reads into memory (its UnzipXMLSizeLimit); larger ones go to disk.
	xmlInMemory = 16 << 20
	// maxExpansion bounds how many times its own size a workbook of more
	// than expansionFloor unpacks to: real sheets compress 5-20 times, zip
	// bombs hundreds or thousands of times.
	maxExpansion   = 100
	expansionFloor = 64 << 20
	// maxInMemory bounds the parts excelize keeps in memory whatever their
	// size (styles, workbook, pictures...).
	maxInMemory = 64 << 20
	// maxCellBytes bounds a cell's text (and any run of XML between two
	// tags): Excel's own limit is 32,767 characters, at most ~200 KB as
	// escaped UTF-8.
	maxCellBytes = 1 << 20
	// sharedStringsBase and sharedStringsPerByte bound the shared strings
	// (each costs excelize an index entry in memory): a million, plus one
	// for every four bytes of the file.
	sharedStringsBase    = 1 << 20
	sharedStringsPerByte = 4
)

// checkZip refuses, from the zip's directory alone, a workbook that would
// unpack to more than kehu reads. size is the file's size.
func checkZip(r io.ReaderAt, size int64) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil // not a zip: excelize says what is wrong
	}
	var total, inMemory uint64
	for _, f := range zr.File {
		n := f.UncompressedSize64
		total += n
		name := strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))
		onDisk := n > xmlInMemory && (strings.HasPrefix(name, "xl/worksheets/sheet") || name == "xl/sharedstrings.xml")
		if !onDisk {
			inMemory += n
		}
	}
	switch {
	case total > maxUnzipped:
		return i18n.Errorf("import.xlsx.unzipped", bytesText(int64(min(total, 1<<62))), bytesText(maxUnzipped))
	case total > expansionFloor && total > maxExpansion*uint64(max(size, 1)):
		return i18n.Errorf("import.xlsx.expands", bytesText(int64(min(total, 1<<62))), bytesText(size), maxExpansion)
	case inMemory > maxInMemory:
		return i18n.Errorf("import.xlsx.parts", bytesText(int64(min(inMemory, 1<<62))), bytesText(maxInMemory))
	}
	return nil
}

// checkUnpacked reads the parts excelize unpacked to dir and refuses a
// workbook with a cell longer than maxCellBytes or more shared strings than
// a file of size bytes can honestly hold. Reading them back from disk is
// fast (the operating system still caches them): no part is unzipped twice.
func checkUnpacked(dir string, size int64) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("read xlsx: %w", err)
	}
	maxStrings := int64(sharedStringsBase) + size/sharedStringsPerByte
	var strs int64
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasPrefix(e.Name(), "excelize-") {
			continue
		}
		n, err := scanPart(filepath.Join(dir, e.Name()))
		if err != nil {
			return err
		}
		if strs += n; strs > maxStrings {
			return i18n.Errorf("import.xlsx.strings", maxStrings)
		}
	}
	return nil
}

// scanPart reads an unpacked XML part: it fails when a run of text between
// two tags passes maxCellBytes, and counts the shared strings (<si>
// elements, with or without a namespace prefix).
func scanPart(path string) (strs int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("read xlsx: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, maxCellBytes+64)
	for {
		_, err := br.ReadSlice('<')
		if errors.Is(err, bufio.ErrBufferFull) {
			return 0, i18n.Errorf("import.xlsx.cell", bytesText(maxCellBytes))
		}
		if errors.Is(err, io.EOF) {
			return strs, nil
		}
		if err != nil {
			return 0, fmt.Errorf("read xlsx: %w", err)
		}
		head, _ := br.Peek(40)
		if isSI(head) {
			strs++
		}
	}
}

// isSI reports whether an element starting with head (the bytes after
// '<') is an si element: "si", or "prefix:si", then '>', '/' or a space.
func isSI(head []byte) bool {
	i := 0
	for i < len(head) && (head[i] >= 'a' && head[i] <= 'z' || head[i] >= 'A' && head[i] <= 'Z' || head[i] >= '0' && head[i] <= '9' || head[i] == '_' || head[i] == '-' || head[i] == '.') {
		i++
	}
	name := head[:i]
	if i < len(head) && head[i] == ':' {
		j := i + 1
		for j < len(head) && head[j] != '>' && head[j] != '/' && head[j] != ' ' && head[j] != '\t' && head[j] != '\n' && head[j] != '\r' {
			j++
		}
		name, i = head[i+1:j], j
	}
	return string(name) == "si" && i < len(head) && (head[i] == '>' || head[i] == '/' || head[i] == ' ' || head[i] == '\t' || head[i] == '\n' || head[i] == '\r')
}

// bytesText writes a size for a message: 4 GB, 64 MB, 1 MB, 900 KB.
func bytesText(n int64) string {
	switch {
	case n >= 1<<30:
		return trimZero(float64(n)/(1<<30)) + " GB"
	case n >= 1<<20:
		return trimZero(float64(n)/(1<<20)) + " MB"
	case n >= 1<<10:
		return trimZero(float64(n)/(1<<10)) + " KB"
	}
	return fmt.Sprintf("%d bytes", n)
}

func trimZero(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	return strings.TrimSuffix(s, ".0")
}
