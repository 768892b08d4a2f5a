package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/kehu-app/kehu/i18n"
)

// maxBackupNames bounds the search for a free pre-migration backup name.
const maxBackupNames = 1000

// backupBeforeMigration copies the ledger aside, as it stands before a
// migration, to LEDGER.vN-YYYYMMDD-HHMMSS.bak, N being the schema the copy
// holds. The copy is read from one fixed state of the ledger, so another
// process that migrated it meanwhile leaves nothing to back up and no copy
// of a migrated ledger is named after the old schema. A name already
// taken (another process's copy made in the same second, or an older copy
// under an injected clock) is never taken for this copy: the next free
// name, LEDGER.vN-YYYYMMDD-HHMMSS-2.bak and on, is used, so every
// migration has its own complete backup.
func (s *Store) backupBeforeMigration(ctx context.Context) error {
	p, err := s.BeginSnapshot(ctx)
	if err != nil {
		return err
	}
	defer p.Close()
	var version int
	if err := p.conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read the schema version: %w", err)
	}
	if version >= SchemaVersion() {
		return nil // migrated by another process since this one looked
	}
	base := fmt.Sprintf("%s.v%d-%s", s.path, version, s.now().Format("20060102-150405"))
	for n := 1; n <= maxBackupNames; n++ {
		name := base + ".bak"
		if n > 1 {
			name = fmt.Sprintf("%s-%d.bak", base, n)
		}
		_, err := p.Write(ctx, name)
		var ie *i18n.Error
		if errors.As(err, &ie) && ie.Key == "backup.exists" {
			continue
		}
		return err
	}
	return i18n.Errorf("backup.exists", fmt.Sprintf("%s-%d.bak", base, maxBackupNames))
}
