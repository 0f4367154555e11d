package repository

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"cooptrack/domain"
)

// A backup file is a gzip stream of lines, each one JSON object:
//
//	{"header": {"magic": "cooptrack-backup", "format": 1, "cooptrack_version": "...",
//	            "created_at": "...", "database": "cooptrack", "collections": ["users", ...]}}
//	{"c": "agreements", "id": "...", "d": {...}}   a document, as canonical Extended JSON
//	{"c": "agreements", "id": "...", "gone": true} the document was removed during the backup
//	...
//	{"end": {"counts": {"agreements": 12, ...}, "lines": 345, "sha256": "..."}}
//
// A document may appear more than once: a backup taken while the server
// writes reads again what changed while it read (see backup.go), and the
// last line of a document wins. The trailer gives the number of documents
// of each collection once those amendments are applied, the number of lines
// before it, and the SHA-256 of every byte before it (uncompressed). A file
// without its trailer was cut short; one whose bytes do not match the sum
// was damaged; gzip's own check catches most damage first. Restore reads
// the whole file once to check all this before it writes anything.
//
// Canonical Extended JSON keeps every BSON type as stored (dates, 64-bit
// integers, doubles), so a document restored is the document backed up.
const (
	backupMagic = "cooptrack-backup"
	// BackupFormat is the format this version writes; it reads no newer one.
	BackupFormat = 1
	// maxBackupLine bounds one line: a document is at most 16 MiB of BSON,
	// and its Extended JSON is larger.
	maxBackupLine = 64 << 20
)

// BackupHeader opens a backup file.
type BackupHeader struct {
	Magic       string    `json:"magic"`
	Format      int       `json:"format"`
	Version     string    `json:"cooptrack_version"`
	CreatedAt   time.Time `json:"created_at"`
	Database    string    `json:"database"`
	Collections []string  `json:"collections"`
}

// backupTrailer closes a backup file.
type backupTrailer struct {
	Counts map[string]int `json:"counts"`
	Lines  int64          `json:"lines"`
	SHA256 string         `json:"sha256"`
}

// backupLine is any line of the file; exactly one of its parts is set.
type backupLine struct {
	Header *BackupHeader   `json:"header,omitempty"`
	C      string          `json:"c,omitempty"`
	ID     string          `json:"id,omitempty"`
	D      json.RawMessage `json:"d,omitempty"`
	Gone   bool            `json:"gone,omitempty"`
	End    *backupTrailer  `json:"end,omitempty"`
}

// BackupSummary says what a backup file holds.
type BackupSummary struct {
	Header BackupHeader
	// Counts are the documents of each collection.
	Counts map[string]int
	// Amended counts the documents read again because they changed while
	// the backup read them.
	Amended int
}

// Documents is the number of documents in the file.
func (s BackupSummary) Documents() int {
	n := 0
	for _, c := range s.Counts {
		n += c
	}
	return n
}

// backupWriter writes the lines of a backup file and keeps the sum and the
// ids of the documents in it.
type backupWriter struct {
	gz    *gzip.Writer
	sum   hash.Hash
	out   io.Writer
	lines int64
	ids   map[string]map[string]bool
	buf   bytes.Buffer
}

func newBackupWriter(w io.Writer, h BackupHeader) (*backupWriter, error) {
	gz := gzip.NewWriter(w)
	sum := sha256.New()
	bw := &backupWriter{gz: gz, sum: sum, out: io.MultiWriter(gz, sum), ids: map[string]map[string]bool{}}
	for _, c := range h.Collections {
		bw.ids[c] = map[string]bool{}
	}
	return bw, bw.line(backupLine{Header: &h})
}

func (bw *backupWriter) line(l backupLine) error {
	bw.buf.Reset()
	enc := json.NewEncoder(&bw.buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(l); err != nil { // Encode ends the line with \n
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := bw.out.Write(bw.buf.Bytes()); err != nil {
		return fmt.Errorf("backup: write: %w", err)
	}
	bw.lines++
	return nil
}

// doc writes a document of the collection; its _id must be a string.
func (bw *backupWriter) doc(coll string, raw bson.Raw) error {
	id, ok := raw.Lookup("_id").StringValueOK()
	if !ok {
		return fmt.Errorf("backup: a document of %s has no string _id", coll)
	}
	ext, err := bson.MarshalExtJSON(raw, true, false)
	if err != nil {
		return fmt.Errorf("backup: %s %q: %w", coll, id, err)
	}
	bw.ids[coll][id] = true
	return bw.line(backupLine{C: coll, ID: id, D: ext})
}

// gone notes that a document written before was removed since.
func (bw *backupWriter) gone(coll, id string) error {
	if !bw.ids[coll][id] {
		return nil
	}
	delete(bw.ids[coll], id)
	return bw.line(backupLine{C: coll, ID: id, Gone: true})
}

// close writes the trailer and ends the gzip stream.
func (bw *backupWriter) close() (map[string]int, error) {
	counts := map[string]int{}
	for c, ids := range bw.ids {
		counts[c] = len(ids)
	}
	t := backupTrailer{Counts: counts, Lines: bw.lines, SHA256: hex.EncodeToString(bw.sum.Sum(nil))}
	bw.out = bw.gz // the trailer is not part of its own sum
	if err := bw.line(backupLine{End: &t}); err != nil {
		return nil, err
	}
	if err := bw.gz.Close(); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	return counts, nil
}

// errBadBackup says a backup file cannot be restored; restore then writes
// nothing.
func errBadBackup(format string, args ...any) error {
	return domain.Errorf(domain.EINVALID, "not a usable backup: "+format, args...)
}

// backupReader reads the lines of a backup file.
type backupReader struct {
	r   *bufio.Reader
	gz  *gzip.Reader
	sum hash.Hash
	n   int64 // lines read
}

func newBackupReader(r io.Reader) (*backupReader, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, errBadBackup("it is not a gzip stream (%v)", err)
	}
	return &backupReader{r: bufio.NewReaderSize(gz, 1<<20), gz: gz, sum: sha256.New()}, nil
}

// next returns the next line, decoded, and its bytes; at the end of the
// stream, io.EOF. The line is added to the sum unless it is the trailer.
func (br *backupReader) next() (backupLine, error) {
	var raw []byte
	for {
		chunk, err := br.r.ReadSlice('\n')
		raw = append(raw, chunk...)
		if len(raw) > maxBackupLine {
			return backupLine{}, errBadBackup("line %d is longer than %d MiB", br.n+1, maxBackupLine>>20)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if errors.Is(err, io.EOF) {
			if len(raw) == 0 {
				return backupLine{}, io.EOF
			}
			return backupLine{}, errBadBackup("it ends in the middle of line %d: the file was cut short", br.n+1)
		}
		if err != nil {
			return backupLine{}, errBadBackup("it cannot be read after line %d (%v): the file was cut short or damaged", br.n, err)
		}
		break
	}
	br.n++
	var l backupLine
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return l, errBadBackup("line %d is not a line of a backup (%v)", br.n, err)
	}
	if l.End == nil {
		br.sum.Write(raw)
	}
	return l, nil
}

// verifiedBackup is what a full reading of a backup file found: its header,
// and for each document the line that holds its final state.
type verifiedBackup struct {
	header BackupHeader
	counts map[string]int
	// last maps collection and id to the line of the document's final
	// state; removed documents are not in it.
	last map[string]map[string]int64
}

// verifyBackup reads the whole file and checks its header, every line, the
// counts and the sum. It writes nothing anywhere.
func verifyBackup(r io.Reader) (*verifiedBackup, error) {
	br, err := newBackupReader(r)
	if err != nil {
		return nil, err
	}
	first, err := br.next()
	if errors.Is(err, io.EOF) {
		return nil, errBadBackup("it is empty")
	}
	if err != nil {
		return nil, err
	}
	h := first.Header
	if h == nil || h.Magic != backupMagic {
		return nil, errBadBackup("it does not start with a cooptrack backup header")
	}
	if h.Format > BackupFormat || h.Format < 1 {
		return nil, errBadBackup("it is in format %d, written by cooptrack %s; this cooptrack reads format %d and older: restore it with a newer cooptrack", h.Format, h.Version, BackupFormat)
	}
	v := &verifiedBackup{header: *h, last: map[string]map[string]int64{}}
	for _, c := range h.Collections {
		if !slices.Contains(backupCollections(), c) {
			return nil, errBadBackup("it holds the collection %q, which this cooptrack does not know", c)
		}
		v.last[c] = map[string]int64{}
	}
	for {
		l, err := br.next()
		if errors.Is(err, io.EOF) {
			return nil, errBadBackup("it has no trailer after line %d: the file was cut short", br.n)
		}
		if err != nil {
			return nil, err
		}
		if l.End != nil {
			if err := v.check(br, l.End); err != nil {
				return nil, err
			}
			break
		}
		ids, ok := v.last[l.C]
		switch {
		case !ok:
			return nil, errBadBackup("line %d is of the collection %q, which the header does not list", br.n, l.C)
		case l.ID == "":
			return nil, errBadBackup("line %d has no id", br.n)
		case l.Gone:
			delete(ids, l.ID)
		default:
			var doc bson.D
			if err := bson.UnmarshalExtJSON(l.D, true, &doc); err != nil {
				return nil, errBadBackup("line %d does not hold a document (%v)", br.n, err)
			}
			if len(doc) == 0 || doc[0].Key != "_id" || doc[0].Value != l.ID {
				return nil, errBadBackup("line %d: the document's _id is not %q", br.n, l.ID)
			}
			ids[l.ID] = br.n
		}
	}
	// Nothing may follow the trailer, and the gzip stream must end well
	// (its checksum is checked at its end).
	if _, err := br.next(); !errors.Is(err, io.EOF) {
		if err == nil {
			return nil, errBadBackup("lines follow the trailer")
		}
		return nil, err
	}
	return v, nil
}

func (v *verifiedBackup) check(br *backupReader, t *backupTrailer) error {
	if t.Lines != br.n-1 {
		return errBadBackup("the trailer counts %d lines, the file has %d", t.Lines, br.n-1)
	}
	if got := hex.EncodeToString(br.sum.Sum(nil)); got != t.SHA256 {
		return errBadBackup("its SHA-256 is %s, the trailer says %s: the file was damaged", got, t.SHA256)
	}
	v.counts = map[string]int{}
	for c, ids := range v.last {
		if t.Counts[c] != len(ids) {
			return errBadBackup("it holds %d documents of %s, the trailer says %d", len(ids), c, t.Counts[c])
		}
		v.counts[c] = len(ids)
	}
	return nil
}
