package extract

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"cooptrack/domain"
)

// MaxText is the longest text Extract is asked to read, in bytes: 200 KB,
// ten times a long news article, so that one request cannot hold a server
// for long.
const MaxText = 200 << 10

// Validate checks an article given to Extract by a person or a program:
// some text, valid UTF-8, at most MaxText bytes; a real publication date,
// which dates without a year are read from; a home country that is an ISO
// 3166-1 alpha-2 code, or none. The fields are named as in JSON.
// Errors: EINVALID.
func (a Article) Validate() error {
	fields := map[string]string{}
	switch {
	case strings.TrimSpace(a.Text) == "":
		fields["text"] = "is required"
	case !utf8.ValidString(a.Text):
		fields["text"] = "is not valid UTF-8"
	case len(a.Text) > MaxText:
		fields["text"] = fmt.Sprintf("must be at most %d bytes", MaxText)
	}
	switch {
	case a.PublishedOn == "":
		fields["published_on"] = "is required: dates without a year are read from it"
	case !a.PublishedOn.Valid():
		fields["published_on"] = "must be a date of the form YYYY-MM-DD"
	}
	if a.Home != "" && !domain.IsCountryCode(a.Home) {
		fields["home_country"] = "must be an ISO 3166-1 alpha-2 country code, such as KR"
	}
	if len(fields) == 0 {
		return nil
	}
	return &domain.Error{Code: domain.EINVALID, Message: "the article cannot be read", Fields: fields}
}
