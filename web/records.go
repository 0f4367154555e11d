package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
)

// listBody is a page of a list as the API returns it.
type listBody[T domain.Record] struct {
	Items      []T    `json:"items"`
	Total      int64  `json:"total"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// records serves one collection of the API.
type records[T domain.Record] struct {
	srv   *Server
	store domain.Store[T]
	new   func() T
	typ   domain.RecordType
}

// mountRecords mounts the routes of one collection: list and create on
// /{collection}, read, replace and delete on /{collection}/{id}, the
// evidence the record cites, and its history from the audit log.
func mountRecords[T domain.Record](srv *Server, g *gin.RouterGroup, store domain.Store[T], newRec func() T) {
	h := &records[T]{srv: srv, store: store, new: newRec, typ: newRec().Type()}
	base := "/" + h.typ.Collection()
	g.GET(base, h.list)
	g.POST(base, h.create)
	g.GET(base+"/:id", h.get)
	g.PUT(base+"/:id", h.update)
	g.DELETE(base+"/:id", h.delete)
	g.GET(base+"/:id/links", h.links)
	g.POST(base+"/:id/evidence", h.cite)
	g.DELETE(base+"/:id/evidence/:citation", h.uncite)
	g.GET(base+"/:id/history", h.history)
}

func (h *records[T]) list(c *gin.Context) {
	f, err := listFilter(c)
	if err != nil {
		writeError(c, err)
		return
	}
	format, err := listFormat(c)
	if err != nil {
		writeError(c, err)
		return
	}
	if format != nil {
		exportList(c, h.srv, h.store, f, *format)
		return
	}
	f.Today = h.srv.today()
	ctx := c.Request.Context()
	// A country's list is answered once per change to the country: its
	// answer is kept with the country's dossier, which a change replaces.
	var memo *domain.Memo
	if f.Country != "" {
		if d, err := h.srv.stores.Dossiers.Dossier(ctx, f.Country); err == nil {
			memo = d.Memo
		}
	}
	key := listKey{h.typ, f}
	a := domain.Remember(memo, listJSON, key, func() listAnswer {
		page, err := h.store.List(ctx, f)
		if err != nil {
			return listAnswer{err: err}
		}
		body, err := json.Marshal(listBody[T]{Items: page.Items, Total: page.Total, NextCursor: page.NextCursor})
		return listAnswer{body: body, err: err}
	})
	if a.err != nil {
		domain.Forget(memo, listJSON, key) // the store may answer next time
		writeError(c, a.err)
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", a.body)
}

// A country's list kept as JSON with its dossier, by kind and filter.
var listJSON = domain.NewMemoKey[listKey, listAnswer]("list json")

type listKey struct {
	typ    domain.RecordType
	filter domain.ListFilter
}

type listAnswer struct {
	body []byte
	err  error
}

func (h *records[T]) get(c *gin.Context) {
	rec, err := h.store.Find(c.Request.Context(), c.Param("id"))
	if err != nil {
		writeError(c, err)
		return
	}
	h.respond(c, http.StatusOK, rec)
}

// respond writes a record with its version as ETag; a source carries the
// records that cite it.
func (h *records[T]) respond(c *gin.Context, status int, rec T) {
	c.Header("ETag", strconv.Quote(strconv.FormatInt(rec.RecordMeta().Version, 10)))
	if src, ok := any(rec).(*domain.Source); ok {
		citedBy, err := h.srv.stores.Links.CitersOf(c.Request.Context(), src.ID)
		if err != nil {
			writeError(c, err)
			return
		}
		src.CitedBy = citedBy
	}
	c.JSON(status, rec)
}

// links answers the records that link to this one, and for a source, those
// citing it.
func (h *records[T]) links(c *gin.Context) {
	ctx := c.Request.Context()
	// The catalog names the record: reading the record itself would cost
	// more than its links.
	cat, err := h.srv.stores.Catalog.Catalog(ctx)
	if err != nil {
		writeError(c, err)
		return
	}
	id := c.Param("id")
	entry, ok := catalogEntry(cat, id)
	if !ok || entry.Type != h.typ {
		writeError(c, domain.Errorf(domain.ENOTFOUND, "%s %q not found", h.typ, id))
		return
	}
	linked, err := h.srv.stores.Links.LinksTo(ctx, id)
	if err != nil {
		writeError(c, err)
		return
	}
	citedBy := []domain.RecordRef{}
	if h.typ == domain.TypeSource {
		if citedBy, err = h.srv.stores.Links.CitersOf(ctx, id); err != nil {
			writeError(c, err)
			return
		}
	}
	c.JSON(http.StatusOK, gin.H{"record": entry.Ref(), "linked_from": linked, "cited_by": citedBy})
}

// catalogByID indexes the catalog's lines by record id.
var catalogByID = domain.NewMemoKey[struct{}, map[string]int]("catalog by id")

// catalogEntry finds a record's line in the catalog, through an index by id
// built once per catalog.
func catalogEntry(cat *domain.Catalog, id string) (domain.CatalogEntry, bool) {
	byID := domain.Remember(cat.Memo, catalogByID, struct{}{}, func() map[string]int {
		m := make(map[string]int, len(cat.Entries))
		for i, e := range cat.Entries {
			m[e.ID] = i
		}
		return m
	})
	i, ok := byID[id]
	if !ok {
		return domain.CatalogEntry{}, false
	}
	return cat.Entries[i], true
}

func (h *records[T]) create(c *gin.Context) {
	rec := h.new()
	if err := decodeJSON(c, rec); err != nil {
		writeError(c, err)
		return
	}
	// The store gives ids and versions; what a caller sends for them is ignored.
	m := rec.RecordMeta()
	m.ID, m.Version = "", 0
	if err := h.store.Create(c.Request.Context(), rec); err != nil {
		writeError(c, err)
		return
	}
	c.Header("Location", c.Request.URL.Path+"/"+m.ID)
	h.respond(c, http.StatusCreated, rec)
}

func (h *records[T]) update(c *gin.Context) {
	rec := h.new()
	if err := decodeJSON(c, rec); err != nil {
		writeError(c, err)
		return
	}
	version, err := ifMatch(c)
	if err != nil {
		writeError(c, err)
		return
	}
	m := rec.RecordMeta()
	switch {
	case m.ID != "" && m.ID != c.Param("id"):
		writeError(c, &domain.Error{Code: domain.EINVALID, Message: "the id in the body is not the id in the path", Fields: map[string]string{"id": "must be " + c.Param("id") + " or left out"}})
		return
	case version != 0 && m.Version != 0 && version != m.Version:
		writeError(c, &domain.Error{Code: domain.EINVALID, Message: "If-Match and the body name different versions", Fields: map[string]string{"version": "differs from If-Match"}})
		return
	case version == 0 && m.Version == 0:
		writeError(c, &domain.Error{Code: domain.EINVALID, Message: "say which version you edited, in the body or in If-Match", Fields: map[string]string{"version": "is required"}})
		return
	case m.Version == 0:
		m.Version = version
	}
	m.ID = c.Param("id")
	if err := h.store.Update(c.Request.Context(), rec); err != nil {
		writeError(c, err)
		return
	}
	// The record as this edit wrote it, not read again: another edit may
	// have followed it already, and its writer must see the version it made
	// (issue 8: two instances under concurrent edits).
	h.respond(c, http.StatusOK, rec)
}

// delete removes the record of the version If-Match names, which is
// required: a delete checked against no version could remove an edit its
// sender never saw.
func (h *records[T]) delete(c *gin.Context) {
	version, err := ifMatch(c)
	if err != nil {
		writeError(c, err)
		return
	}
	if version == 0 {
		writeError(c, requestError(EPRECONDITION, `say which version you delete, in If-Match (the ETag a read gave, such as "3")`, map[string]string{"If-Match": "is required"}))
		return
	}
	if err := h.store.Delete(c.Request.Context(), c.Param("id"), version); err != nil {
		writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (h *records[T]) cite(c *gin.Context) {
	var in domain.EvidenceInput
	if err := decodeJSON(c, &in); err != nil {
		writeError(c, err)
		return
	}
	citation, err := h.store.Cite(c.Request.Context(), c.Param("id"), in)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, citation)
}

func (h *records[T]) uncite(c *gin.Context) {
	if err := h.store.Uncite(c.Request.Context(), c.Param("id"), c.Param("citation")); err != nil {
		writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
