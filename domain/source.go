package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"time"
)

// The source's kind.
var _ = describe(Kind{Type: TypeSource, One: "source", Many: "sources", Matches: "Title or publisher", DateLabel: "Published", DefaultSort: "-date"})

// Source is a news article or document that reports facts; records cite it
// as evidence. Its text is stored apart from the fields lists read.
type Source struct {
	Meta
	URL         string    `json:"url,omitempty" validate:"omitempty,max=2000,http_url"`
	Title       string    `json:"title" validate:"required,max=500"`
	Publisher   string    `json:"publisher,omitempty" validate:"max=300"`
	PublishedOn Date      `json:"published_on,omitempty" validate:"date"`
	Language    string    `json:"language,omitempty" validate:"omitempty,bcp47_language_tag"`
	RetrievedAt time.Time `json:"retrieved_at,omitzero"`
	ContentHash string    `json:"content_hash,omitempty"`
	// Text is the full text. Lists leave it out; the store keeps it in a
	// collection of its own.
	Text string `json:"text,omitempty" validate:"max=1000000,multiline"`
	// CitedBy are the records citing the source, filled in when one source
	// is read; ignored on input.
	CitedBy []RecordRef `json:"cited_by,omitzero"`
}

// Type names the kind of record.
func (s *Source) Type() RecordType { return TypeSource }

// Label is the title.
func (s *Source) Label() string { return s.Title }

// Validate checks the source's rules.
// Errors: EINVALID.
func (s *Source) Validate() error {
	fields := validateStruct(s)
	if s.URL != "" {
		if u, err := url.Parse(s.URL); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			fields["url"] = "must be an absolute http or https URL"
		}
	}
	return FieldErrors(fields)
}

// References lists the sources this source cites, which is rare but allowed.
func (s *Source) References() []Reference { return s.EvidenceReferences() }

// Resolve sets the content hash from the text.
func (s *Source) Resolve(map[string]Linked) {
	if s.Text == "" {
		s.ContentHash = ""
		return
	}
	sum := sha256.Sum256([]byte(s.Text))
	s.ContentHash = hex.EncodeToString(sum[:])
}

// SearchText is the title and publisher.
func (s *Source) SearchText() string { return searchText(s.Title, s.Publisher) }

// MainDate is the publication date.
func (s *Source) MainDate() Date { return s.PublishedOn }
