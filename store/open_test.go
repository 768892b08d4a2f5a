package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kehu-app/kehu/i18n"
)

func TestOpenExistingRefusesAMissingLedgerAndCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "typo", "ledger.db")
	st, err := OpenExisting(path)
	if err == nil {
		st.Close()
		t.Fatal("OpenExisting opened a ledger that does not exist")
	}
	var ie *i18n.Error
	if !errors.As(err, &ie) || ie.Key != "db.missing" {
		t.Fatalf("error %v, want db.missing", err)
	}
	if got := i18n.Message(err, i18n.EN); got != "no ledger at "+path+" — check --db or KEHU_DB (kehu add, import or demo creates one)" {
		t.Errorf("message %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "typo")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the folder was created: %v", err)
	}
	// An empty file is no ledger either, and stays empty.
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenExisting(empty); !errors.As(err, &ie) || ie.Key != "db.missing" {
		t.Errorf("empty file: %v, want db.missing", err)
	}
	if fi, _ := os.Stat(empty); fi.Size() != 0 {
		t.Errorf("empty file now %d bytes", fi.Size())
	}
	// Open creates it and says so once; OpenExisting then opens it.
	st, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Created() {
		t.Error("Open did not report creating the ledger")
	}
	st.Close()
	st, err = OpenExisting(path)
	if err != nil {
		t.Fatalf("OpenExisting after Open: %v", err)
	}
	if st.Created() || st.ReadOnly() {
		t.Errorf("existing ledger: created %v, read-only %v", st.Created(), st.ReadOnly())
	}
	st.Close()
}

// Several processes starting on a ledger that does not exist yet: each has
// its own pool here, as separate processes would. One creates it, the
// schema is built once, and every one of them can write.
func TestConcurrentFirstOpenBuildsTheLedgerOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new", "ledger.db")
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	created := make([]bool, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := Open(path)
			if err != nil {
				errs[i] = err
				return
			}
			defer st.Close()
			created[i] = st.Created()
			_, errs[i] = st.AddCustomer(context.Background(), map[string]string{"name": fmt.Sprintf("客户%d", i)})
		}()
	}
	wg.Wait()
	makers := 0
	for i := range n {
		if errs[i] != nil {
			t.Errorf("opener %d: %v", i, errs[i])
		}
		if created[i] {
			makers++
		}
	}
	if makers != 1 {
		t.Errorf("%d openers say they created the ledger, want 1", makers)
	}
	st, err := OpenExisting(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if c, _ := st.CountAll(context.Background()); c != n {
		t.Errorf("%d customers, want %d", c, n)
	}
	if err := st.IntegrityCheck(context.Background()); err != nil {
		t.Error(err)
	}
}

// withBusyTimeout shortens how long a write waits for another process's
// lock (busyTimeout) so the test of that wait is quick.
func withBusyTimeout(d time.Duration) Option { return func(s *Store) { s.busy = d } }

// A writer waits for another process's write lock for the busy timeout,
// then fails with db.busy and writes nothing; once the lock is free the
// same write goes through.
func TestWriterWaitsThenSaysBusy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	holder, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	ctx := context.Background()
	conn := holdWriteLock(t, holder)
	defer conn.Close()
	writer, err := Open(path, withBusyTimeout(300*time.Millisecond))
	if err != nil {
		t.Fatalf("open beside a writer: %v", err)
	}
	defer writer.Close()
	start := time.Now()
	_, err = writer.AddCustomer(ctx, map[string]string{"name": "王芳"})
	waited := time.Since(start)
	if KindOf(err) != KindBusy {
		t.Fatalf("AddCustomer under a held lock: %v, want busy", err)
	}
	err = Classify(err, path) // what the command line prints
	if waited < 250*time.Millisecond {
		t.Errorf("gave up after %v, before the busy timeout", waited)
	}
	for l, want := range map[i18n.Lang]string{
		i18n.EN: "the ledger is busy (another kehu is writing); nothing was changed — try again",
		i18n.ZH: "账本正被另一个 kehu 写入，本次未做任何改动——请稍后再试",
	} {
		if got := i18n.Message(err, l); got != want {
			t.Errorf("%s message %q, want %q", l, got, want)
		}
	}
	// Reading beside the held lock works (WAL).
	if c, err := writer.CountAll(ctx); err != nil || c != 0 {
		t.Errorf("read beside a writer: %d, %v", c, err)
	}
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	if _, err := writer.AddCustomer(ctx, map[string]string{"name": "王芳"}); err != nil {
		t.Fatalf("after the lock was released: %v", err)
	}
	if c, _ := holder.CountAll(ctx); c != 1 {
		t.Errorf("%d customers, want 1", c)
	}
}

// damagedLedger writes a ledger with enough customers to fill many pages
// and overwrites pages of the customers' rows, so
// the header and schema are intact and the damage shows only when read.
func damagedLedger(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ledger.db")
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := st.NewBulk(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3000 {
		if _, err := b.Add(BulkCustomer{Fields: map[string]any{"name": fmt.Sprintf("客户%04d", i), "notes": strings.Repeat("备注", 20)}, CreatedAt: "2026-01-01 00:00:00"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	st.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Pages 100-103: the customers' rows (the schema's root pages come
	// first, the indexes rebuilt after the load come last).
	for i := 99 * 4096; i < 103*4096 && i < len(data); i++ {
		data[i] = 0x5a
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDamageIsClaimedOnlyAfterTheIntegrityCheck(t *testing.T) {
	path := damagedLedger(t)
	st, err := Open(path)
	if err != nil {
		t.Fatalf("the first page is intact, open should work: %v", err)
	}
	defer st.Close()
	ctx := context.Background()
	err = st.Each(ctx, Query{}, func(Row) error { return nil })
	if err == nil {
		t.Fatal("reading damaged pages succeeded")
	}
	told := Classify(err, path)
	if KindOf(told) != KindDamaged {
		t.Fatalf("classified %v as %v, want damaged", told, KindOf(told))
	}
	msg := i18n.Message(told, i18n.EN)
	if msg != path+" is damaged (SQLite's integrity check failed); it was left untouched — restore a backup" {
		t.Errorf("message %q", msg)
	}
	if err := st.IntegrityCheck(ctx); KindOf(err) != KindDamaged && !strings.Contains(i18n.Message(err, i18n.EN), "damaged") {
		t.Errorf("IntegrityCheck: %v", err)
	}
	// The same SQLite failure on a ledger that passes the check (a torn
	// read, say) is not called damage.
	if got := classify(err, path, func() (bool, error) { return true, nil }); KindOf(got) == KindDamaged {
		t.Errorf("an intact ledger called damaged: %v", got)
	} else if m := i18n.Message(got, i18n.ZH); m != "暂时无法读取 "+path+"（完整性检查通过，账本未损坏），本次未做任何改动——请再试一次" {
		t.Errorf("zh message %q", m)
	}
}

func TestClassifyLeavesNoSQLiteText(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	// A statement over SQLite's limits, a statement that cannot run: both
	// told in the catalogue's words, never SQLite's.
	_, err1 := st.db.ExecContext(ctx, "SELECT zeroblob(2000000000)")
	_, err2 := st.db.ExecContext(ctx, "SELECT * FROM no_such_table")
	for _, err := range []error{err1, err2} {
		if err == nil {
			t.Fatal("statement succeeded")
		}
		told := st.classify(fmt.Errorf("context: %w", err))
		for _, l := range []i18n.Lang{i18n.EN, i18n.ZH} {
			m := i18n.Message(told, l)
			if strings.Contains(strings.NewReplacer("SQLite code", "", "SQLite 代码", "").Replace(m), "SQL") || strings.Contains(m, "too big") || strings.Contains(m, "no such") {
				t.Errorf("raw text in %q", m)
			}
		}
	}
	if got := i18n.Message(st.classify(err1), i18n.EN); got != "a value is too large to store in the ledger; nothing was changed" {
		t.Errorf("too big: %q", got)
	}
	if got := i18n.Message(st.classify(err2), i18n.EN); got != "the ledger refused the operation (SQLite code 1); nothing was changed" {
		t.Errorf("no such table: %q", got)
	}
	if Classify(os.ErrNotExist, "x") != os.ErrNotExist {
		t.Error("a non-SQLite error was changed")
	}
}

// holdWriteLock takes st's write lock on a connection of its own, as
// another process writing would; ROLLBACK on the connection gives it back,
// and the caller closes it.
func holdWriteLock(t *testing.T, st *Store) *sql.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := st.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		_ = conn.Close()
		t.Fatalf("take the write lock: %v", err)
	}
	return conn
}
