package importing

import (
	"context"
	"time"

	"cooptrack/domain"
)

// Upload is a file read for an import and kept between the steps of the
// import pages (upload, mapping, preview, confirm) until it expires. It is
// only a table: no record exists before confirmation.
type Upload struct {
	ID        string            `json:"id"`
	Kind      domain.RecordType `json:"kind"`
	Name      string            `json:"name"` // the file's name, for the audit note
	Table     Table             `json:"table"`
	ExpiresAt time.Time         `json:"expires_at"`
}

// UploadLifetime is how long an upload is kept for its import.
const UploadLifetime = 2 * time.Hour

// Store keeps what an import needs between its steps, and writes it.
type Store interface {
	Writer
	// Mapping returns the mapping remembered under the id (MappingID).
	// Errors: ENOTFOUND.
	Mapping(ctx context.Context, id string) (Mapping, error)
	// SaveMapping remembers the mapping under the id, for next time.
	SaveMapping(ctx context.Context, id string, m Mapping) error
	// PutUpload keeps the upload, giving it an id and its expiry; it lets
	// expired uploads go.
	PutUpload(ctx context.Context, u *Upload) error
	// Upload returns the upload with the id, if it has not expired.
	// Errors: ENOTFOUND.
	Upload(ctx context.Context, id string) (*Upload, error)
}
