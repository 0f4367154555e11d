package importing

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"cooptrack/domain"
)

// Writer is where a confirmed import writes: the store of the kind. Run
// calls Exists and Create from several goroutines at once.
type Writer interface {
	// Exists reports whether a record of the kind with the id is stored.
	Exists(ctx context.Context, kind domain.RecordType, id string) (bool, error)
	// Create stores a new record under its id, as the store's Create does,
	// read models and all, but leaving the audit trail to Finish.
	// Errors: EINVALID, EUNKNOWNREF, ECONFLICT (the id is taken), and any
	// other error when the store fails.
	Create(ctx context.Context, rec domain.Record) error
	// Finish records the import in the audit trail: one entry naming the
	// records written, with a note; failure is the error that stopped it.
	Finish(ctx context.Context, kind domain.RecordType, ids []string, note string, failure error)
}

// Failure is a row the store refused, and why.
type Failure struct {
	Line    int               `json:"line"`
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// Result says what a confirmed import did, row by row (by line).
type Result struct {
	Kind    domain.RecordType `json:"kind"`
	Written []int             `json:"written"`
	// Existing are rows written by an earlier run, and not again.
	Existing []int `json:"existing"`
	// Skipped are rows left out by choice or as repeats.
	Skipped []int `json:"skipped"`
	// Invalid are rows with errors, not written.
	Invalid []int `json:"invalid"`
	// Failed are rows the store refused (a party deleted since the
	// preview); the import went on with the next row.
	Failed []Failure `json:"failed"`
	// NotWritten are the rows left when the store failed; running the
	// import again writes them.
	NotWritten []int `json:"not_written"`
	// Complete is false when the store failed midway; Error says how.
	Complete bool   `json:"complete"`
	Error    string `json:"error,omitempty"`
	// IDs are the ids of the records written.
	IDs []string `json:"ids"`
}

// writers is how many rows Run writes at once. The store batches
// concurrent writes (one insert command, one change of a read model, for
// many records), so that rows written together cost little more than one:
// on the embedded store 1,000 rows take under a third of the time they
// take one by one (see TestImportThousandRows).
const writers = 32

// outcome is what became of one row Run tried to write.
type outcome int

const (
	outNotWritten outcome = iota
	outWritten
	outExisting
	outFailed
)

// Run writes the rows of the preview that are new, each under its key as
// id, skipping any written already; up to writers rows are written at
// once, and the result lists the rows in the file's order.
// A row the store refuses for what it holds is reported and the import
// goes on; when the store fails otherwise (or ctx ends), no row is started
// after it, and the result says exactly which rows were written: each row
// in flight is judged on its own, and Run asks the store whether a failed
// row's record is there, since a write can succeed and still report an
// error. One audit entry records the import (note names the file, say).
func Run(ctx context.Context, p Preview, w Writer, note string) Result {
	res := Result{Kind: p.Kind, Written: []int{}, Existing: []int{}, Skipped: []int{}, Invalid: []int{}, Failed: []Failure{}, NotWritten: []int{}, IDs: []string{}, Complete: true}
	var todo []int // indexes in p.Rows of the rows to write
	for i, row := range p.Rows {
		switch row.Status {
		case StatusSkipped, StatusRepeat, StatusInvalid, StatusExists:
		default:
			todo = append(todo, i)
		}
	}
	outcomes := make([]outcome, len(p.Rows))
	failures := make([]Failure, len(p.Rows))
	var (
		mu   sync.Mutex
		stop error
		next atomic.Int64
		wg   sync.WaitGroup
	)
	for range min(writers, len(todo)) {
		wg.Go(func() {
			for {
				n := int(next.Add(1)) - 1
				if n >= len(todo) {
					return
				}
				i := todo[n]
				mu.Lock()
				stopped := stop != nil
				mu.Unlock()
				if stopped {
					continue // outNotWritten
				}
				var err error
				outcomes[i], failures[i], err = write(ctx, w, p.Kind, p.Rows[i])
				if err != nil {
					mu.Lock()
					if stop == nil {
						stop = err
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	for i, row := range p.Rows {
		switch row.Status {
		case StatusSkipped, StatusRepeat:
			res.Skipped = append(res.Skipped, row.Line)
			continue
		case StatusInvalid:
			res.Invalid = append(res.Invalid, row.Line)
			continue
		case StatusExists:
			res.Existing = append(res.Existing, row.Line)
			continue
		}
		switch outcomes[i] {
		case outWritten:
			res.Written = append(res.Written, row.Line)
			res.IDs = append(res.IDs, row.Key)
		case outExisting:
			res.Existing = append(res.Existing, row.Line)
		case outFailed:
			res.Failed = append(res.Failed, failures[i])
		default:
			res.NotWritten = append(res.NotWritten, row.Line)
		}
	}
	if stop != nil {
		res.Complete = false
		res.Error = "the store failed; the rows not written are written by running the import again"
	}
	note = fmt.Sprintf("%s; %d written", note, len(res.Written))
	w.Finish(ctx, p.Kind, res.IDs, note, stop)
	return res
}

// write writes one row unless its record is stored already. The error is
// the store's failure, which stops the import; the row's outcome is then
// known all the same.
func write(ctx context.Context, w Writer, kind domain.RecordType, row Row) (outcome, Failure, error) {
	exists, err := w.Exists(ctx, kind, row.Key)
	if err != nil {
		return outNotWritten, Failure{}, err
	}
	if exists {
		return outExisting, Failure{}, nil
	}
	err = w.Create(ctx, row.Record)
	switch code := domain.ErrorCode(err); {
	case err == nil:
		return outWritten, Failure{}, nil
	case code == domain.ECONFLICT:
		// Another run wrote it meanwhile.
		return outExisting, Failure{}, nil
	case code == domain.EINVALID || code == domain.EUNKNOWNREF:
		f := Failure{Line: row.Line, Code: code, Message: domain.ErrorMessage(err)}
		if de, ok := err.(*domain.Error); ok { //nolint:errorlint // the store returns *domain.Error unwrapped
			f.Fields = de.Fields
		}
		return outFailed, f, nil
	}
	// Did the write happen? Ask on a context of our own: ctx may be what
	// ended.
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if written, xerr := w.Exists(actx, kind, row.Key); xerr == nil && written {
		return outWritten, Failure{}, err
	}
	return outNotWritten, Failure{}, err
}
