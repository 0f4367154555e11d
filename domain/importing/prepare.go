package importing

import (
	"context"

	"cooptrack/domain"
)

// Prepare previews the import of the table as records of the kind: with
// the mapping given, or else the one remembered for the kind and the
// table's header, or else one guessed from the header. It reads the
// catalog and the remembered mapping, and writes nothing.
// Errors: EINVALID (the mapping; the preview returned then holds it).
func Prepare(ctx context.Context, s Store, cat domain.CatalogStore, kind domain.RecordType, t *Table, m Mapping, skip map[int]bool) (Preview, error) {
	if m == nil {
		remembered, err := s.Mapping(ctx, MappingID(kind, t.Header))
		switch {
		case err == nil:
			m = remembered
		case domain.ErrorCode(err) == domain.ENOTFOUND:
			m = Guess(kind, t.Header)
		default:
			return Preview{}, err
		}
	}
	if err := m.Check(kind, t.Header); err != nil {
		return Preview{Kind: kind, Mapping: m}, err
	}
	c, err := cat.Catalog(ctx)
	if err != nil {
		return Preview{}, err
	}
	return Build(kind, t, m, NewNames(c.Entries), skip), nil
}

// Confirm remembers the preview's mapping for the header, then writes its
// new rows (Run); name is the file's, for the audit entry.
func Confirm(ctx context.Context, s Store, p Preview, header []string, name string) (Result, error) {
	if err := s.SaveMapping(ctx, MappingID(p.Kind, header), p.Mapping); err != nil {
		return Result{}, err
	}
	note := "import"
	if name != "" {
		note += " of " + name
	}
	return Run(ctx, p, s, note), nil
}
