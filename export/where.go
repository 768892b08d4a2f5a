package export

import "path/filepath"

// Where is the absolute path of a written file, for the message that says
// where an export went: a bare name says nothing about which folder the
// shell or the table was started in. The path is kept as given if it cannot
// be made absolute.
func Where(path string) string {
	if path == Stdout {
		return path
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	return abs
}
