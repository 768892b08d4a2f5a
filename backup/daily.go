package backup

import (
	"context"

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
	list, err := List(dir, st.Path())
	if err != nil {
		return failed(err)
	}
	today := now.Format("2006-01-02")
	for _, s := range list {
		if !s.BeforeRestore && s.Taken.Format("2006-01-02") == today {
			return nil
		}
	}
	if err := ensureFolder(dir); err != nil {
		return failed(err)
	}
	state, err := st.BeginSnapshot(ctx)
	if err != nil {
		return failed(i18n.Errorf("backup.failed", dir, err))
	}
	j := &Job{done: make(chan struct{})}
	go func() {
		defer close(j.done)
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
