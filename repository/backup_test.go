package repository_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cooptrack/domain"
	"cooptrack/domain/demo"
	"cooptrack/repository"
	"cooptrack/repository/storetest"
)

var admin = domain.WithActor(context.Background(), domain.SystemActor("test", ""))

func demoStores(db *repository.DB) demo.Stores {
	return db.RecordStores()
}

// opener hands Restore a file held in memory.
func opener(b []byte) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
}

func backup(t *testing.T, db *repository.DB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := db.Backup(context.Background(), &buf, "test"); err != nil {
		t.Fatalf("backup: %v", err)
	}
	return buf.Bytes()
}

// documents returns every backed-up collection's documents.
func documents(t *testing.T, db *repository.DB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, c := range repository.BackupCollections() {
		docs, err := repository.Documents(context.Background(), db, c)
		if err != nil {
			t.Fatal(err)
		}
		out[c] = docs
	}
	return out
}

// views returns what readers see that the read models and histories serve:
// the catalog, every partner country's dossier, every record's links and
// history.
func views(t *testing.T, db *repository.DB) string {
	t.Helper()
	ctx := admin
	cat, err := db.Catalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	entries := slices.Clone(cat.Entries)
	slices.SortFunc(entries, func(a, b domain.CatalogEntry) int { return strings.Compare(a.ID, b.ID) })
	out := map[string]any{"catalog": entries}
	for _, code := range []domain.CountryCode{"PE", "CO", "KR"} {
		d, err := db.Dossier(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		out["dossier "+string(code)] = d
	}
	for _, e := range entries {
		links, err := db.LinksTo(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		h, err := db.Audit.List(ctx, domain.AuditFilter{RecordType: e.Type, RecordID: e.ID, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		out["links "+e.ID], out["history "+e.ID] = links, h
	}
	log, err := db.Audit.List(ctx, domain.AuditFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	out["log"] = log
	b, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestBackupRestoresTheSameData(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			src, dst := storetest.Open(t, b), storetest.Open(t, b)
			if _, err := demo.Load(ctx, demoStores(src), "The article's text."); err != nil {
				t.Fatal(err)
			}
			const pw = "correct horse battery"
			if _, err := src.Accounts.CreateUser(admin, domain.NewUser{Email: "ana@example.org", Name: "Ana", Role: domain.RoleOfficer, Password: pw}); err != nil {
				t.Fatal(err)
			}
			_, secret, err := src.Accounts.CreateToken(admin, "ana@example.org", "nightly")
			if err != nil {
				t.Fatal(err)
			}
			session, err := src.Accounts.Authenticate(ctx, "ana@example.org", pw, domain.Origin{})
			if err != nil {
				t.Fatal(err)
			}

			file := backup(t, src)
			sum, err := dst.Restore(ctx, opener(file), repository.RestoreOptions{})
			if err != nil {
				t.Fatalf("restore: %v", err)
			}
			want, got := documents(t, src), documents(t, dst)
			for _, c := range repository.BackupCollections() {
				if !reflect.DeepEqual(got[c], want[c]) {
					t.Errorf("%s restored differs:\n got %d documents %.600s\nwant %d documents %.600s", c, len(got[c]), got[c], len(want[c]), want[c])
				}
				if sum.Counts[c] != len(want[c]) {
					t.Errorf("the file counts %d documents of %s, want %d", sum.Counts[c], c, len(want[c]))
				}
			}
			if g, w := views(t, dst), views(t, src); g != w {
				t.Errorf("read models and histories after restore differ:\n got %.2000s\nwant %.2000s", g, w)
			}
			if u, _, err := dst.Accounts.TokenUser(ctx, secret); err != nil || u.Email != "ana@example.org" {
				t.Errorf("the token after restore: %+v, %v; want Ana's", u, err)
			}
			if _, err := dst.Accounts.Authenticate(ctx, "ana@example.org", pw, domain.Origin{}); err != nil {
				t.Errorf("log in with the old password after restore: %v", err)
			}
			if _, err := dst.Accounts.SessionByToken(ctx, session.Secret, time.Now()); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
				t.Errorf("a session of before the backup after restore: %v, want %s (sessions are not backed up)", err, domain.EUNAUTHORIZED)
			}
		})
	}
}

// rewrite decompresses a backup, lets edit change its lines (the trailer
// excluded), and writes it again with a trailer that fits, so that a test
// reaches the checks behind the sum.
func rewrite(t *testing.T, file []byte, edit func(lines []string) []string) []byte {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	sc := bufio.NewScanner(gz)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	trailer := lines[len(lines)-1]
	lines = edit(lines[:len(lines)-1])
	body := strings.Join(lines, "\n") + "\n"
	var end struct {
		End map[string]any `json:"end"`
	}
	if err := json.Unmarshal([]byte(trailer), &end); err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256([]byte(body))
	end.End["sha256"], end.End["lines"] = hex.EncodeToString(h[:]), len(lines)
	tb, _ := json.Marshal(end)
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	_, _ = w.Write([]byte(body + string(tb) + "\n"))
	_ = w.Close()
	return out.Bytes()
}

func gzipped(s string) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	_, _ = w.Write([]byte(s))
	_ = w.Close()
	return out.Bytes()
}

func TestRestoreRefusesABadFileOrAFullStoreAndChangesNothing(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			src, empty, full := storetest.Open(t, b), storetest.Open(t, b), storetest.Open(t, b)
			if _, err := demo.Load(ctx, demoStores(src), ""); err != nil {
				t.Fatal(err)
			}
			for _, email := range []string{"ana@example.org", "bo@example.org"} {
				if _, err := src.Accounts.CreateUser(admin, domain.NewUser{Email: email, Name: "X", Role: domain.RoleViewer, Password: "correct horse battery"}); err != nil {
					t.Fatal(err)
				}
				if _, _, err := src.Accounts.CreateToken(admin, email, "t"); err != nil {
					t.Fatal(err)
				}
			}
			good := backup(t, src)
			if err := full.Organizations.Create(ctx, &domain.Organization{Name: "Already here", Kind: domain.OrgMinistry, Country: "PE"}); err != nil {
				t.Fatal(err)
			}
			flipped := bytes.Clone(good)
			flipped[len(flipped)/2] ^= 0x01
			plain := rewrite(t, good, func(l []string) []string { return l })
			cases := []struct {
				name  string
				file  []byte
				into  *repository.DB
				force bool
				code  string
				want  string
				wiped bool // the store ends empty
			}{
				{"a store holding data", good, full, false, domain.ECONFLICT, "not empty (it holds organizations, audit)", false},
				{"cut in half", good[:len(good)/2], empty, false, domain.EINVALID, "cut short", true},
				{"empty", nil, empty, false, domain.EINVALID, "not a gzip stream", true},
				{"without its trailer", gzipped(strings.Join(strings.SplitAfter(string(ungzip(t, plain)), "\n")[:5], "")), empty, false, domain.EINVALID, "no trailer after line 5", true},
				{"one compressed byte flipped", flipped, empty, false, domain.EINVALID, "", true},
				{"one byte of a document changed", damage(t, good), empty, false, domain.EINVALID, "the file was damaged", true},
				{"a newer format", rewrite(t, good, func(l []string) []string {
					l[0] = strings.Replace(l[0], `"format":1`, `"format":2`, 1)
					return l
				}), empty, false, domain.EINVALID, "format 2", true},
				{"not gzip", []byte("organizations,people\n"), empty, false, domain.EINVALID, "not a gzip stream", true},
				{"an operator for an id", rewrite(t, good, func(l []string) []string {
					l[3] = strings.Replace(l[3], `"_id":"`, `"_id":{"$gt":""},"x":"`, 1)
					return l
				}), empty, false, domain.EINVALID, "the document's _id is not", true},
				{"an unknown collection", rewrite(t, good, func(l []string) []string {
					l[3] = strings.Replace(l[3], `"c":"`, `"c":"x`, 1)
					return l
				}), empty, false, domain.EINVALID, "which the header does not list", true},
				// Two tokens with one id break a unique index halfway through
				// the writes: what was written is removed.
				{"a write refused halfway", rewrite(t, good, func(l []string) []string {
					var ids []string
					for _, line := range l {
						if strings.HasPrefix(line, `{"c":"tokens"`) {
							var v struct {
								D struct {
									ID string `json:"id"`
								} `json:"d"`
							}
							_ = json.Unmarshal([]byte(line), &v)
							if !slices.Contains(ids, v.D.ID) {
								ids = append(ids, v.D.ID)
							}
						}
					}
					for i, line := range l { // every line of the second token, amendments too
						if strings.HasPrefix(line, `{"c":"tokens"`) {
							l[i] = strings.ReplaceAll(line, ids[1], ids[0])
						}
					}
					return l
				}), full, true, "", "what it wrote was removed: the store is empty", true},
			}
			for _, tc := range cases {
				before := documents(t, tc.into)
				_, err := tc.into.Restore(ctx, opener(tc.file), repository.RestoreOptions{Force: tc.force})
				if err == nil || (tc.code != "" && domain.ErrorCode(err) != tc.code) || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("%s: restore: %v; want a %s error saying %q", tc.name, err, tc.code, tc.want)
				}
				after := documents(t, tc.into)
				if tc.wiped {
					for c, docs := range after {
						if len(docs) > 0 {
							t.Errorf("%s: %s holds %d documents after the failed restore, want none", tc.name, c, len(docs))
						}
					}
				} else if !reflect.DeepEqual(after, before) {
					t.Errorf("%s: the store changed", tc.name)
				}
			}
			// Forced, a good file replaces what the store held.
			if err := full.Organizations.Create(ctx, &domain.Organization{Name: "Here again", Kind: domain.OrgMinistry, Country: "PE"}); err != nil {
				t.Fatal(err)
			}
			if _, err := full.Restore(ctx, opener(good), repository.RestoreOptions{Force: true}); err != nil {
				t.Fatalf("forced restore: %v", err)
			}
			if got, want := documents(t, full), documents(t, src); !reflect.DeepEqual(got, want) {
				t.Errorf("after a forced restore the store differs from the backed-up one")
			}
		})
	}
}

func ungzip(t *testing.T, b []byte) []byte {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(gz)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// damage changes one letter of a document and compresses the file again
// with its old trailer: only the sum tells.
func damage(t *testing.T, file []byte) []byte {
	t.Helper()
	plain := ungzip(t, file)
	i := bytes.Index(plain, []byte(`"name":"`)) + len(`"name":"`)
	plain[i] ^= 0x01
	return gzipped(string(plain))
}

func TestBackupWhileWritingRestoresAConsistentState(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			src, dst := storetest.Open(t, b), storetest.Open(t, b)
			if _, err := demo.Load(ctx, demoStores(src), "text"); err != nil {
				t.Fatal(err)
			}
			srcs, err := src.Sources.List(ctx, domain.ListFilter{Limit: 1})
			if err != nil || len(srcs.Items) == 0 {
				t.Fatalf("demo source: %v", err)
			}
			source := srcs.Items[0].ID
			// The writer makes pairs of organizations, the second the child
			// of the first and citing the source, and removes every other
			// pair again, child first, as the store wants.
			stop := make(chan struct{})
			var wg sync.WaitGroup
			var writes atomic.Int64
			wg.Go(func() {
				// At a busy office's pace, not flat out: a backup reads
				// again every change of the last minute, and a writer in a
				// tight loop (writes are acknowledged before their documents
				// are written) gave it thousands.
				tick := time.NewTicker(50 * time.Millisecond)
				defer tick.Stop()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					case <-tick.C:
					}
					parent := &domain.Organization{Name: fmt.Sprintf("Parent %d", i), Kind: domain.OrgAgency, Country: "PE"}
					if err := src.Organizations.Create(ctx, parent); err != nil {
						t.Error(err)
						return
					}
					writes.Add(1)
					child := &domain.Organization{Name: fmt.Sprintf("Child %d", i), Kind: domain.OrgOffice, Country: "PE", Parent: &domain.Ref{ID: parent.ID}}
					if err := src.Organizations.Create(ctx, child); err != nil {
						t.Error(err)
						return
					}
					writes.Add(1)
					if _, err := src.Organizations.Cite(ctx, child.ID, domain.EvidenceInput{SourceID: source, Quote: "q"}); err != nil {
						t.Error(err)
						return
					}
					writes.Add(1)
					if i%2 == 1 {
						if err := src.Organizations.Delete(ctx, child.ID, 0); err != nil {
							t.Error(err)
							return
						}
						if err := src.Organizations.Delete(ctx, parent.ID, 0); err != nil {
							t.Error(err)
							return
						}
						writes.Add(2)
					}
				}
			})
			// Backups are taken until one saw a few writes made while it
			// ran: its file is restored.
			var file []byte
			during := int64(0)
			for n := 0; n < 5 && during < 2; n++ {
				before := writes.Load()
				file = backup(t, src)
				during = writes.Load() - before
			}
			close(stop)
			wg.Wait()
			if _, err := dst.Restore(ctx, opener(file), repository.RestoreOptions{}); err != nil {
				t.Fatalf("restore: %v", err)
			}
			t.Logf("%d writes in all, %d while the last backup ran", writes.Load(), during)
			// Every link resolves.
			ids := map[string]bool{}
			docs := documents(t, dst)
			for _, typ := range domain.RecordTypes {
				for _, d := range docs[typ.Collection()] {
					var v struct {
						ID string `json:"_id"`
					}
					_ = json.Unmarshal([]byte(d), &v)
					ids[v.ID] = true
				}
			}
			for _, typ := range domain.RecordTypes {
				for _, d := range docs[typ.Collection()] {
					var v struct {
						ID string `json:"_id"`
					}
					_ = json.Unmarshal([]byte(d), &v)
					links, err := repository.LinksOf(ctx, dst, typ.Collection(), v.ID)
					if err != nil {
						t.Fatal(err)
					}
					for _, l := range links {
						if !ids[l] {
							t.Errorf("%s %s links to %s, which the restored store lacks", typ, v.ID, l)
						}
					}
				}
			}
			// Every record the log says was made and not removed is there.
			log, err := dst.Audit.List(admin, domain.AuditFilter{Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			made := map[string]bool{}
			for _, e := range slices.Backward(log.Entries) { // oldest first
				switch e.Action {
				case domain.ActionCreate:
					made[e.Record.ID] = true
				case domain.ActionDelete:
					made[e.Record.ID] = false
				}
			}
			for id, there := range made {
				if there && !ids[id] {
					t.Errorf("the audit log has %s made and not removed, but the restored store lacks it", id)
				}
			}
		})
	}
}

// TestBackupCatchesUpWithWritesMadeWhileItReads writes between the
// collections a backup reads, where a server's writes would fall: a record
// made after its collection was read and linked from one read later, a
// record changed and one removed after they were read. The file must hold
// the state after those writes, with their audit entries.
func TestBackupCatchesUpWithWritesMadeWhileItReads(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			src, dst := storetest.Open(t, b), storetest.Open(t, b)
			changed := &domain.Organization{Name: "Ministry of Justice", Kind: domain.OrgMinistry, Country: "PE"}
			removed := &domain.Person{FullName: "Leaving Soon", Country: "PE"}
			if err := src.Organizations.Create(ctx, changed); err != nil {
				t.Fatal(err)
			}
			if err := src.People.Create(ctx, removed); err != nil {
				t.Fatal(err)
			}
			made := &domain.Organization{Name: "New Agency", Kind: domain.OrgAgency, Country: "PE"}
			linking := &domain.Person{FullName: "Ana Pérez", Country: "PE"}
			done := map[string]bool{}
			repository.SetAfterBackupCopy(src, func(coll string) {
				if done[coll] {
					return
				}
				done[coll] = true
				var err error
				switch coll {
				case "organizations":
					if err = src.Organizations.Create(ctx, made); err != nil {
						break
					}
					linking.Positions = []domain.Position{{Title: "Director", Organization: &domain.Ref{ID: made.ID}}}
					if err = src.People.Create(ctx, linking); err != nil {
						break
					}
					changed.Name = "Ministry of Justice and Human Rights"
					err = src.Organizations.Update(ctx, changed)
				case "people":
					err = src.People.Delete(ctx, removed.ID, 0)
				}
				if err != nil {
					t.Errorf("write during the backup: %v", err)
				}
			})
			file := backup(t, src)
			repository.SetAfterBackupCopy(src, nil)
			if _, err := dst.Restore(ctx, opener(file), repository.RestoreOptions{}); err != nil {
				t.Fatal(err)
			}
			if got, err := dst.Organizations.Find(ctx, made.ID); err != nil || got.Name != made.Name {
				t.Errorf("the organization made during the backup: %+v, %v; want it restored", got, err)
			}
			if got, err := dst.People.Find(ctx, linking.ID); err != nil || len(got.Positions) != 1 || got.Positions[0].Organization.Name != "New Agency" {
				t.Errorf("the person linking to it: %+v, %v; want them restored with the link", got, err)
			}
			if got, err := dst.Organizations.Find(ctx, changed.ID); err != nil || got.Name != changed.Name || got.Version != 2 {
				t.Errorf("the organization renamed during the backup: %+v, %v; want version 2, %q", got, err, changed.Name)
			}
			if _, err := dst.People.Find(ctx, removed.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
				t.Errorf("the person removed during the backup: %v; want %s", err, domain.ENOTFOUND)
			}
			if got, want := documents(t, dst), documents(t, src); !reflect.DeepEqual(got, want) {
				t.Errorf("the restored store differs from the one backed up, as it was once the backup ended:\n got %v\nwant %v", got, want)
			}
		})
	}
}
