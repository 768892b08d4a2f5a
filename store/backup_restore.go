package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/kehu-app/kehu/i18n"
	sqlite "modernc.org/sqlite"
)

// PrepareRestore makes a private working copy of src in dir, checks that it
// is a whole kehu ledger, and brings it to this build's schema, ready for
// RestoreFrom. A write-ahead log beside src (a ledger copied while in use)
// is copied and folded in too, so its last changes are not lost. src itself
// is only read. It returns the copy's path and what it holds.
func PrepareRestore(ctx context.Context, src, dir string, opts ...Option) (string, LedgerInfo, error) {
	_, walErr := os.Stat(src + "-wal")
	if err := checkHeader(src, src); err != nil && walErr != nil {
		return "", LedgerInfo{}, err // (with a log beside it, the copy is checked once the log is in)
	}
	cp := filepath.Join(dir, "restore.db")
	if err := copyPrivate(src, cp); err != nil {
		return "", LedgerInfo{}, i18n.Errorf("restore.copyfail", src, fileCause(err, dir))
	}
	if fi, err := os.Stat(src + "-wal"); err == nil && fi.Size() > 0 {
		if err := copyPrivate(src+"-wal", cp+"-wal"); err != nil {
			return "", LedgerInfo{}, i18n.Errorf("restore.copyfail", src+"-wal", fileCause(err, dir))
		}
		if err := foldLog(ctx, cp); err != nil {
			return "", LedgerInfo{}, i18n.Errorf("backup.damaged", src)
		}
	}
	if _, err := checkLedgerFile(ctx, cp, src, true); err != nil {
		return "", LedgerInfo{}, err
	}
	// Opening the copy as a ledger migrates an older schema (keeping its
	// own pre-migration copy beside it, in dir).
	st, err := Open(cp, opts...)
	if err != nil {
		return "", LedgerInfo{}, err
	}
	if err := st.Close(); err != nil {
		return "", LedgerInfo{}, fmt.Errorf("close the working copy: %w", err)
	}
	in, err := checkLedgerFile(ctx, cp, src, false)
	if err != nil {
		return "", LedgerInfo{}, err
	}
	return cp, in, nil
}

// foldLog writes the write-ahead log beside the working copy at path into
// it (SQLite reads the log when it opens the file) and removes the log.
func foldLog(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", fileURI(path, ""))
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var busy, logged, folded int
	if err := db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logged, &folded); err != nil {
		return fmt.Errorf("fold the log: %w", err)
	}
	if busy != 0 || logged != folded {
		return fmt.Errorf("fold the log: %d of %d frames", folded, logged)
	}
	return nil
}

// RestoreFrom replaces everything the open ledger holds with the prepared
// ledger at src (see PrepareRestore), through SQLite's online backup: one
// write transaction on the ledger file itself, so every other connection,
// and a replicator such as Litestream, sees either the old ledger or the
// new one, and the file is never swapped under a process that has it open.
func (s *Store) RestoreFrom(ctx context.Context, src string) error {
	if err := s.matchPageSize(ctx, src); err != nil {
		return err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer conn.Close()
	uri := fileURI(src, "mode=ro&immutable=1")
	err = conn.Raw(func(dc any) error {
		r, ok := dc.(interface {
			NewRestore(string) (*sqlite.Backup, error)
		})
		if !ok {
			return errors.New("the SQLite driver offers no online backup")
		}
		bk, err := r.NewRestore(uri)
		if err != nil {
			return fmt.Errorf("start: %w", err)
		}
		// One step: the whole ledger is replaced in one transaction.
		if _, err := bk.Step(-1); err != nil {
			_ = bk.Finish() // the step's failure is what to report
			return err
		}
		return bk.Finish()
	})
	if err != nil {
		return s.classify(fmt.Errorf("restore: %w", err))
	}
	// What this Store knew about columns and rules came from the old ledger.
	if err := s.loadColumns(ctx); err != nil {
		return err
	}
	s.forgetTiering()
	return s.Checkpoint(ctx)
}

// matchPageSize rewrites the working copy at src with the ledger's page
// size when they differ: a ledger in WAL mode can only take pages of its own
// size.
func (s *Store) matchPageSize(ctx context.Context, src string) error {
	var want, have int
	if err := s.db.QueryRowContext(ctx, "PRAGMA page_size").Scan(&want); err != nil {
		return fmt.Errorf("restore: page size: %w", err)
	}
	db, err := sql.Open("sqlite", fileURI(src, ""))
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if err := db.QueryRowContext(ctx, "PRAGMA page_size").Scan(&have); err != nil {
		return fmt.Errorf("restore: page size: %w", err)
	}
	if have == want {
		return nil
	}
	for _, q := range []string{"PRAGMA journal_mode=DELETE", fmt.Sprintf("PRAGMA page_size=%d", want), "VACUUM"} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("restore: page size %d to %d: %w", have, want, err)
		}
	}
	return nil
}

// copyPrivate copies the file src to the new file dst (0600 from its first
// byte) and syncs it.
func copyPrivate(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Replicated reports whether Litestream replicates the ledger: it keeps its
// state in a ".NAME-litestream" folder beside the file. Litestream must own
// the write-ahead log's truncation (it copies the log before letting it
// restart), so kehu then makes no checkpoints of its own and leaves
// SQLite's automatic ones, which never truncate the log and cannot pass
// Litestream's read lock.
func (s *Store) Replicated() bool {
	dir, name := filepath.Split(s.path)
	fi, err := os.Stat(filepath.Join(dir, "."+name+"-litestream"))
	return err == nil && fi.IsDir()
}
