package web

import (
	"context"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
)

// kind is what the web layer does with one kind of record, made once from
// the kind's typed store: the API's routes, the pages, and reading a
// record or a list when only the type is known.
type kind interface {
	typ() domain.RecordType
	mountAPI(s *Server, api *gin.RouterGroup)
	mountForms(s *Server, e *gin.Engine)
	mountRecordPage(s *Server, e *gin.Engine)
	mountListPage(s *Server, e *gin.Engine)
	find(ctx context.Context, id string) (domain.Record, error)
	list(ctx context.Context, f domain.ListFilter) ([]domain.Record, error)
}

// kindsOf lists the six kinds of record, in the order of the menu: the one
// place the web layer names each.
func kindsOf(s domain.RecordStores) []kind {
	return []kind{
		kindFor[domain.Organization](s.Organizations),
		kindFor[domain.Person](s.People),
		kindFor[domain.Agreement](s.Agreements),
		kindFor[domain.Event](s.Events),
		kindFor[domain.Program](s.Programs),
		kindFor[domain.Source](s.Sources),
	}
}

// kindOf is a kind of record T, kept in store.
type kindOf[T domain.Record] struct {
	store  domain.Store[T]
	newRec func() T
}

func kindFor[R any, T interface {
	*R
	domain.Record
}](store domain.Store[T]) kind {
	return kindOf[T]{store: store, newRec: func() T { return T(new(R)) }}
}

func (k kindOf[T]) typ() domain.RecordType { return k.newRec().Type() }

func (k kindOf[T]) mountAPI(s *Server, api *gin.RouterGroup) { mountRecords(s, api, k.store, k.newRec) }

func (k kindOf[T]) mountForms(s *Server, e *gin.Engine) { mountForms(s, e, k.store, k.newRec) }

func (k kindOf[T]) mountRecordPage(s *Server, e *gin.Engine) { mountRecordPage(s, e, k.store) }

func (k kindOf[T]) mountListPage(s *Server, e *gin.Engine) { mountListPage(s, e, k.store) }

func (k kindOf[T]) find(ctx context.Context, id string) (domain.Record, error) {
	rec, err := k.store.Find(ctx, id)
	if err != nil {
		return nil, err
	}
	return rec, nil
}

func (k kindOf[T]) list(ctx context.Context, f domain.ListFilter) ([]domain.Record, error) {
	page, err := k.store.List(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]domain.Record, len(page.Items))
	for i, r := range page.Items {
		out[i] = r
	}
	return out, nil
}

// kindOfType returns the kind of the type; nil for a type that is no kind
// of record.
func (s *Server) kindOfType(t domain.RecordType) kind {
	for _, k := range s.kinds {
		if k.typ() == t {
			return k
		}
	}
	return nil
}
