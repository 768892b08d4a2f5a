package export

import (
	"bytes"
	"compress/flate"
	"io"
	"runtime"
	"sync"
)

// deflateBlock is how much input one compression job takes.
const deflateBlock = 1 << 20

// parallelDeflate is a deflate compressor (flate.BestSpeed) that compresses
// blocks of its input on every core. Each block is compressed on its own
// and ended with a sync flush, the last one with the final block, so the
// concatenation is one valid deflate stream (as pgzip does for gzip); the
// blocks only lose the references a shared window would have allowed.
type parallelDeflate struct {
	w       io.Writer
	buf     []byte
	pending []chan deflated // in input order
	max     int             // blocks in flight
	pool    *sync.Pool
	err     error
}

type deflated struct {
	out *bytes.Buffer
	err error
}

func newParallelDeflate(w io.Writer) *parallelDeflate {
	return &parallelDeflate{
		w:    w,
		buf:  make([]byte, 0, deflateBlock),
		max:  2 * runtime.GOMAXPROCS(0),
		pool: &sync.Pool{New: func() any { fw, _ := flate.NewWriter(nil, flate.BestSpeed); return fw }},
	}
}

func (d *parallelDeflate) Write(p []byte) (int, error) {
	if d.err != nil {
		return 0, d.err
	}
	n := len(p)
	for len(p) > 0 {
		k := min(len(p), deflateBlock-len(d.buf))
		d.buf = append(d.buf, p[:k]...)
		p = p[k:]
		if len(d.buf) == deflateBlock {
			if err := d.start(false); err != nil {
				return n - len(p), err
			}
		}
	}
	return n, nil
}

// start compresses the buffered block in the background.
func (d *parallelDeflate) start(final bool) error {
	block := d.buf
	d.buf = make([]byte, 0, deflateBlock)
	ch := make(chan deflated, 1)
	d.pending = append(d.pending, ch)
	go func() {
		fw := d.pool.Get().(*flate.Writer)
		out := bytes.NewBuffer(make([]byte, 0, len(block)/3+64))
		fw.Reset(out)
		_, err := fw.Write(block)
		if err == nil {
			if final {
				err = fw.Close()
			} else {
				err = fw.Flush()
			}
		}
		d.pool.Put(fw)
		ch <- deflated{out: out, err: err}
	}()
	for len(d.pending) > d.max {
		if err := d.drainOne(); err != nil {
			return err
		}
	}
	return nil
}

// drainOne writes out the oldest block once it is compressed.
func (d *parallelDeflate) drainOne() error {
	r := <-d.pending[0]
	d.pending = d.pending[1:]
	if r.err != nil {
		d.err = r.err
		return r.err
	}
	if _, err := r.out.WriteTo(d.w); err != nil {
		d.err = err
		return err
	}
	return nil
}

// Close compresses the rest as the final block and writes everything out.
func (d *parallelDeflate) Close() error {
	if d.err != nil {
		return d.err
	}
	if err := d.start(true); err != nil {
		return err
	}
	for len(d.pending) > 0 {
		if err := d.drainOne(); err != nil {
			return err
		}
	}
	return nil
}
