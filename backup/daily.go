package backup

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
)

// Job is a daily snapshot being written in the background.
type Job struct {
	done chan struct{}
	res  Result
	err  error
}

// Wait blocks until the snapshot is written, checked and the folder
// pruned, or abandoned (nothing left behind), and says which.
func (j *Job) Wait() (Result, error) {
	<-j.done
	return j.res, j.err
}

// failed is a Job that has already ended with err.
func failed(err error) *Job {
	j := &Job{done: make(chan struct{}), err: err}
	close(j.done)
	return j
}

// StartDaily takes the day's snapshot of st into dir when none was taken
// on st's today yet, and returns nil when there is nothing to do. The state
// it copies is fixed before StartDaily returns (so changes made right after
// are not in it); the copy, its check and the pruning run in the
// background. Cancelling ctx abandons it cleanly.
func StartDaily(ctx context.Context, st *store.Store, dir string, p Policy) *Job {
	now := st.Now()
	if done, err := takenOn(dir, st.Path(), now); err != nil || done {
		if err != nil {
			return failed(err)
		}
		return nil
	}
	if err := ensureFolder(dir); err != nil {
		return failed(err)
	}
	// Several kehu started at once on a new day: one takes the snapshot, the
	// others leave it to that one.
	lock, err := os.OpenFile(filepath.Join(dir, "."+prefix(st.Path())+"daily.lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return failed(i18n.Errorf("backup.notwritable", dir))
	}
	if err := lockFile(lock, true); errors.Is(err, errLocked) {
		lock.Close()
		return nil
	}
	// (a file system without locks: take it anyway; at worst two are taken)
	// (the one before may have finished between the look above and the lock)
	if done, err := takenOn(dir, st.Path(), now); err != nil || done {
		lock.Close()
		if err != nil {
			return failed(err)
		}
		return nil
	}
	state, err := st.BeginSnapshot(ctx)
	if err != nil {
		lock.Close()
		return failed(i18n.Errorf("backup.failed", dir, err))
	}
	j := &Job{done: make(chan struct{})}
	go func() {
		defer close(j.done)
		defer lock.Close()
		defer state.Close()
		path := freePath(dir, st.Path(), now, false)
		info, err := state.Write(ctx, path)
		if err != nil {
			j.err = err
			return
		}
		j.res = Result{Path: path, Info: info}
		_, j.err = Prune(dir, st.Path(), p)
	}()
	return j
}

// takenOn says whether a regular snapshot of ledgerPath taken on now's day
// is in dir.
func takenOn(dir, ledgerPath string, now time.Time) (bool, error) {
	list, err := List(dir, ledgerPath)
	if err != nil {
		return false, err
	}
	today := now.Format("2006-01-02")
	for _, s := range list {
		if !s.BeforeRestore && s.Taken.Format("2006-01-02") == today {
			return true, nil
		}
	}
	return false, nil
}
