package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
	"cooptrack/domain/extract"
	"cooptrack/domain/intake"
	"cooptrack/web/form"
)

// "New from article": an officer pastes or uploads an article, reviews the
// records drafted from it, and accepts them.
//
//	GET  /articles/new       the form: text or file, date, URL, home country
//	POST /articles/review    the review page; nothing is stored
//	POST /articles/accept    store the reviewed draft (domain/intake), then
//	                         303 to the summary; a draft with faults comes
//	                         back with each message beside its field (422)
//	GET  /articles/accepted  the summary: what was created, what reused
//
// The draft travels in the review form's fields, so that nothing is stored
// before acceptance, and acceptance is idempotent (see intake.Accept).

func (s *Server) mountArticlePages(e *gin.Engine) {
	e.GET("/articles/new", s.articleNew)
	e.POST("/articles/review", s.articleReview)
	e.POST("/articles/accept", s.articleAccept)
	e.GET("/articles/accepted", s.articleAccepted)
}

// articleForm is what article_new.html receives.
type articleForm struct {
	Text, URL, Title, Publisher, PublishedOn, Home string
	Countries                                      []form.Option
	Errors                                         map[string]string
}

func (s *Server) showArticleForm(c *gin.Context, status int, f articleForm) {
	f.Countries = form.SelectOptions(form.CountryOptions(), f.Home, true)
	s.render(c, status, "article_new", pageData{Title: "New from article", Section: "sources", Data: f})
}

func (s *Server) articleNew(c *gin.Context) {
	s.showArticleForm(c, http.StatusOK, articleForm{Home: s.Home})
}

// articleReview reads the article, drafts records from it and shows them
// for review.
func (s *Server) articleReview(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxBodyBytes)
	if err := c.Request.ParseMultipartForm(MaxBodyBytes); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.showArticleForm(c, http.StatusRequestEntityTooLarge, articleForm{Home: s.Home, Errors: map[string]string{
				"file": "The upload is larger than the server accepts (2 MB): upload the article alone, or paste its text."}})
			return
		}
		writePageError(c, s, readFailure(err, "the form"))
		return
	}
	get := func(k string) string {
		return strings.TrimSpace(formCleanValues([]string{c.Request.PostFormValue(k)})[0])
	}
	f := articleForm{Text: formCleanValues([]string{c.Request.PostFormValue("text")})[0], URL: get("url"), Title: get("title"),
		Publisher: get("publisher"), PublishedOn: get("published_on"), Home: get("home"), Errors: map[string]string{}}
	if c.Request.MultipartForm != nil {
		if fhs := c.Request.MultipartForm.File["file"]; len(fhs) > 0 && fhs[0].Size > 0 {
			text, title, problem := readArticleUpload(fhs[0])
			if problem != "" {
				f.Errors["file"] = problem
			} else {
				f.Text = strings.ReplaceAll(text, "\r\n", "\n")
				if f.Title == "" {
					f.Title = title
				}
			}
		}
	}
	// A lone carriage return would come back from the browser as a line
	// end, moving every offset after it.
	f.Text = strings.ReplaceAll(f.Text, "\r", "\n")
	a, errs := readArticle(f)
	for k, m := range errs {
		f.Errors[k] = m
	}
	if len(f.Errors) > 0 {
		s.showArticleForm(c, http.StatusUnprocessableEntity, f)
		return
	}
	// The matcher preselects the recorded organization or person that a
	// proposal names; the officer may choose another, or a new one.
	p, err := extract.Extract(c.Request.Context(), extract.Article{Text: a.Text, PublishedOn: a.PublishedOn, Home: a.Home}, s.stores.Matcher)
	if err != nil {
		writePageError(c, s, err)
		return
	}
	cat, err := s.stores.Catalog.Catalog(c.Request.Context())
	if err != nil {
		writePageError(c, s, err)
		return
	}
	d := intake.DraftOf(a, p)
	s.showReview(c, http.StatusOK, newReviewPage(d, form.NewCatalog(cat.Entries), nil, ""))
}

// readArticle checks what the officer gave of the article.
func readArticle(f articleForm) (intake.Article, map[string]string) {
	errs := map[string]string{}
	a := intake.Article{Text: f.Text, URL: f.URL, Title: f.Title, Publisher: f.Publisher, Home: f.Home}
	switch {
	case strings.TrimSpace(f.Text) == "":
		errs["text"] = "Paste the article's text, or upload it as a file."
	case len(f.Text) > extract.MaxText:
		errs["text"] = articleTooLong
	case strings.IndexByte(f.Text, 0) >= 0:
		errs["text"] = "The text holds characters that are not text."
	}
	if f.PublishedOn != "" {
		d, err := domain.ParseDate(f.PublishedOn)
		if err != nil {
			errs["published_on"] = "Give the date as a day of the calendar, YYYY-MM-DD."
		}
		a.PublishedOn = d
	}
	if f.URL != "" {
		if u, err := url.Parse(f.URL); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			errs["url"] = "Give the article's address as an http or https URL, or leave it empty."
		}
	}
	if f.Home != "" {
		code, err := domain.ParseCountryCode("home", f.Home)
		if err != nil {
			errs["home"] = "Choose a country from the list: the code " + domain.ErrorFields(err)["home"] + "."
		}
		f.Home = string(code)
	}
	if a.Title == "" {
		a.Title = firstLine(a.Text)
	}
	return a, errs
}

// firstLine is the first line of text with a few words: the headline of a
// pasted article, most often.
func firstLine(text string) string {
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); len(strings.Fields(l)) >= 3 {
			if len(l) > 300 {
				l = strings.ToValidUTF8(l[:300], "")
			}
			return l
		}
	}
	return ""
}

func (s *Server) showReview(c *gin.Context, status int, p *reviewPage) {
	s.render(c, status, "article_review", pageData{Title: "Review the records drafted from the article", Section: "sources", Data: p})
}

// articleAccept stores the reviewed draft.
func (s *Server) articleAccept(c *gin.Context) {
	ctx := c.Request.Context()
	vals, err := formValues(c)
	if err != nil {
		writePageError(c, s, err)
		return
	}
	cat, err := s.stores.Catalog.Catalog(ctx)
	if err != nil {
		writePageError(c, s, err)
		return
	}
	fc := form.NewCatalog(cat.Entries)
	d, errs := decodeDraft(vals, fc)
	if len(errs) > 0 {
		s.showReview(c, http.StatusUnprocessableEntity, newReviewPage(d, fc, errs, ""))
		return
	}
	st := intake.Stores{RecordStores: s.stores.RecordStores, Citers: s.stores.Links, Named: intake.CatalogNamed(s.stores.Catalog)}
	res, err := intake.Accept(ctx, st, d)
	if err != nil {
		de := asDomainError(c, err)
		switch de.Code {
		case domain.EINVALID, domain.EUNKNOWNREF:
			s.showReview(c, http.StatusUnprocessableEntity, newReviewPage(d, fc, de.Fields, de.Message))
		default:
			writePageError(c, s, err)
		}
		return
	}
	q := url.Values{"source": {res.Source.Ref.ID}}
	if res.Source.Created {
		q.Set("new_source", "1")
	}
	for _, o := range res.Records {
		if o.Created {
			q.Add("created", o.Ref.ID)
		} else {
			q.Add("reused", o.Ref.ID)
		}
	}
	c.Redirect(http.StatusSeeOther, "/articles/accepted?"+q.Encode())
}

// acceptedPage is what article_accepted.html receives.
type acceptedPage struct {
	Source          domain.RecordRef
	SourceCreated   bool
	Created, Reused []domain.RecordRef
}

// articleAccepted lists what an acceptance created and reused, by the ids
// its redirect carries; ids of no record are left out.
func (s *Server) articleAccepted(c *gin.Context) {
	cat, err := s.stores.Catalog.Catalog(c.Request.Context())
	if err != nil {
		writePageError(c, s, err)
		return
	}
	fc := form.NewCatalog(cat.Entries)
	q := c.Request.URL.Query()
	src, err := s.stores.Sources.Find(c.Request.Context(), q.Get("source"))
	if err != nil {
		writePageError(c, s, err)
		return
	}
	p := acceptedPage{Source: domain.RecordRef{Type: domain.TypeSource, ID: src.ID, Name: src.Title}, SourceCreated: q.Get("new_source") == "1"}
	refs := func(ids []string) []domain.RecordRef {
		var out []domain.RecordRef
		for _, id := range ids {
			if ref, ok := fc.Ref(id); ok {
				out = append(out, ref)
			}
		}
		return out
	}
	p.Created, p.Reused = refs(q["created"]), refs(q["reused"])
	s.render(c, http.StatusOK, "article_accepted", pageData{Title: "Records from the article", Section: "sources", Data: p})
}
