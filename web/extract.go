package web

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
	"cooptrack/domain/extract"
)

// extractArticle drafts records from an article's text (POST
// /api/v1/extract): the proposals, each matched to the record it names if
// the store has one, for an officer to review. Nothing is stored.
func (s *Server) extractArticle(c *gin.Context) {
	var a extract.Article
	if err := decodeJSON(c, &a); err != nil {
		writeError(c, err)
		return
	}
	if len(a.Text) > extract.MaxText {
		writeError(c, requestError(ETOOLARGE, fmt.Sprintf("the text is longer than %d bytes", extract.MaxText), nil))
		return
	}
	if a.Home == "" {
		a.Home = s.Home
	}
	if err := a.Validate(); err != nil {
		writeError(c, asRequestError(err))
		return
	}
	p, err := extract.Extract(c.Request.Context(), a, s.stores.Matcher)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

// asRequestError turns the domain's verdict on input that is the request
// itself, not a record, into a bad request naming the same fields.
func asRequestError(err error) error {
	var de *domain.Error
	if errors.As(err, &de) && de.Code == domain.EINVALID {
		return requestError(EBADREQUEST, de.Message, de.Fields)
	}
	return err
}
