package i18n

import "testing"

// A command's Chinese help lives in one table only: merging two would
// keep one of them silently.
func TestHelpZhEachCommandOnce(t *testing.T) {
	seen := map[string]int{}
	for i, part := range helpZhParts {
		for path := range part {
			if j, dup := seen[path]; dup {
				t.Errorf("%q has Chinese help in two tables (helpZhParts %d and %d): keep one", path, j, i)
			}
			seen[path] = i
		}
	}
	if len(seen) != len(HelpZhPaths()) {
		t.Errorf("HelpZhPaths lists %d commands, the tables hold %d", len(HelpZhPaths()), len(seen))
	}
	if _, ok := HelpZh("kehu buy"); !ok {
		t.Error(`HelpZh("kehu buy") found nothing`)
	}
	if _, ok := HelpZh("kehu nosuch"); ok {
		t.Error(`HelpZh("kehu nosuch") found help for a command that does not exist`)
	}
}
