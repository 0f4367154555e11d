package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
)

// Logging in and out, as a page and in the API:
//
//	GET  /login            the log-in form; ?next= is where to go after it
//	POST /login            log in: a session cookie, then to next
//	POST /logout           end the cookie's session
//	POST   /api/v1/session log in with JSON {email, password}: a session cookie
//	DELETE /api/v1/session end the cookie's session
//
// A failed log-in says only that the email or the password is wrong, never
// which; too many failures answer 429 with Retry-After.

// loginForm is what login.html receives.
type loginForm struct {
	Email   string
	Next    string
	Message string
}

// badLogin is what a failed log-in reads, whichever of the two was wrong.
const badLogin = "The email or the password is wrong."

func (s *Server) loginPage(c *gin.Context) {
	s.render(c, http.StatusOK, "login", pageData{Title: "Log in", Data: loginForm{Next: localPath(c.Query("next"))}})
}

func (s *Server) login(c *gin.Context) {
	vals, err := formValues(c)
	if err != nil {
		writePageError(c, s, err)
		return
	}
	form := loginForm{Email: vals.Get("email"), Next: localPath(vals.Get("next"))}
	sess, err := s.stores.Accounts.Authenticate(c.Request.Context(), form.Email, vals.Get("password"), origin(c))
	switch domain.ErrorCode(err) {
	case "":
	case domain.EUNAUTHORIZED:
		form.Message = badLogin
		s.render(c, http.StatusUnauthorized, "login", pageData{Title: "Log in", Data: form})
		return
	case domain.ETOOMANY:
		de := asDomainError(c, err)
		retryAfter(c, de)
		form.Message = de.Message + "."
		s.render(c, http.StatusTooManyRequests, "login", pageData{Title: "Log in", Data: form})
		return
	default:
		writePageError(c, s, err)
		return
	}
	s.setSessionCookie(c, sess)
	c.Redirect(http.StatusSeeOther, form.Next)
}

func (s *Server) logout(c *gin.Context) {
	if secret, err := c.Cookie(sessionCookie); err == nil {
		if err := s.stores.Accounts.Logout(c.Request.Context(), secret); err != nil {
			writePageError(c, s, err)
			return
		}
	}
	s.clearSessionCookie(c)
	c.Redirect(http.StatusSeeOther, "/login")
}

// credentials is the body of POST /api/v1/session.
type credentials struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

func (s *Server) createSession(c *gin.Context) {
	var in credentials
	if err := decodeJSON(c, &in); err != nil {
		writeError(c, err)
		return
	}
	sess, err := s.stores.Accounts.Authenticate(c.Request.Context(), in.Email, in.Password, origin(c))
	if domain.ErrorCode(err) == domain.EUNAUTHORIZED {
		err = domain.Errorf(domain.EUNAUTHORIZED, "%s", badLogin)
	}
	if err != nil {
		writeError(c, err)
		return
	}
	s.setSessionCookie(c, sess)
	c.JSON(http.StatusCreated, sess)
}

// deleteSession ends the session of the cookie; a request with a token
// only has none to end.
func (s *Server) deleteSession(c *gin.Context) {
	if secret, err := c.Cookie(sessionCookie); err == nil {
		if err := s.stores.Accounts.Logout(c.Request.Context(), secret); err != nil {
			writeError(c, err)
			return
		}
		s.clearSessionCookie(c)
	}
	c.Status(http.StatusNoContent)
}

// me is the user making the request, as stored now.
func (s *Server) me(c *gin.Context) (domain.User, error) {
	actor, _ := domain.ActorFrom(c.Request.Context())
	return s.stores.Accounts.UserByEmail(c.Request.Context(), actor.Email)
}

func (s *Server) getMe(c *gin.Context) {
	u, err := s.me(c)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, u)
}

// tokenList is a list of tokens as the API returns it.
type tokenList struct {
	Items []domain.Token `json:"items"`
}

// newToken is a token just made, with its secret, shown this once.
type newToken struct {
	Token  domain.Token `json:"token"`
	Secret string       `json:"secret"`
}

func (s *Server) myTokens(c *gin.Context) {
	actor, _ := domain.ActorFrom(c.Request.Context())
	tokens, err := s.stores.Accounts.Tokens(c.Request.Context(), actor.Email)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, tokenList{Items: tokens})
}

func (s *Server) createMyToken(c *gin.Context) {
	var in struct {
		Name string `json:"name"`
	}
	if err := decodeJSON(c, &in); err != nil {
		writeError(c, err)
		return
	}
	actor, _ := domain.ActorFrom(c.Request.Context())
	t, secret, err := s.stores.Accounts.CreateToken(c.Request.Context(), actor.Email, in.Name)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, newToken{Token: t, Secret: secret})
}

func (s *Server) revokeMyToken(c *gin.Context) {
	if err := s.revokeOwnToken(c, c.Param("id")); err != nil {
		writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// revokeOwnToken revokes one of the actor's own tokens: under "me", even an
// admin revokes only their own (others' are revoked from /admin/users).
// Errors: ENOTFOUND, and the store's.
func (s *Server) revokeOwnToken(c *gin.Context, id string) error {
	ctx := c.Request.Context()
	actor, _ := domain.ActorFrom(ctx)
	tokens, err := s.stores.Accounts.Tokens(ctx, actor.Email)
	if err != nil {
		return err
	}
	for _, t := range tokens {
		if t.ID == id {
			return s.stores.Accounts.RevokeToken(ctx, id)
		}
	}
	return domain.Errorf(domain.ENOTFOUND, "you have no token with the id %q", id)
}

// userList is a list of users as the API returns it.
type userList struct {
	Items []domain.User `json:"items"`
}

func (s *Server) listUsers(c *gin.Context) {
	users, err := s.stores.Accounts.Users(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, userList{Items: users})
}

func (s *Server) createUser(c *gin.Context) {
	var in domain.NewUser
	if err := decodeJSON(c, &in); err != nil {
		writeError(c, err)
		return
	}
	u, err := s.stores.Accounts.CreateUser(c.Request.Context(), in)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, u)
}

// userChange is the body of PATCH /api/v1/users/{email}: what to change.
type userChange struct {
	Role     *domain.Role `json:"role"`
	Disabled *bool        `json:"disabled"`
}

func (s *Server) changeUser(c *gin.Context) {
	var in userChange
	if err := decodeJSON(c, &in); err != nil {
		writeError(c, err)
		return
	}
	u, err := s.applyUserChange(c, c.Param("email"), in)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, u)
}

// applyUserChange sets what the change names, the role first.
// Errors: the store's.
func (s *Server) applyUserChange(c *gin.Context, email string, in userChange) (domain.User, error) {
	ctx := c.Request.Context()
	if in.Role == nil && in.Disabled == nil {
		return domain.User{}, domain.FieldErrors(map[string]string{"role": "give a role or disabled to change"})
	}
	var u domain.User
	var err error
	if in.Role != nil {
		if u, err = s.stores.Accounts.SetRole(ctx, email, *in.Role); err != nil {
			return u, err
		}
	}
	if in.Disabled != nil {
		u, err = s.stores.Accounts.SetDisabled(ctx, email, *in.Disabled)
	}
	return u, err
}

// mountSessionAPI mounts the API's log-in, own account and users.
func (s *Server) mountSessionAPI(api *gin.RouterGroup) {
	api.POST("/session", s.createSession)
	api.DELETE("/session", s.deleteSession)
	api.GET("/me", s.getMe)
	api.GET("/me/tokens", s.myTokens)
	api.POST("/me/tokens", s.createMyToken)
	api.DELETE("/me/tokens/:id", s.revokeMyToken)
	api.GET("/users", s.listUsers)
	api.POST("/users", s.createUser)
	api.PATCH("/users/:email", s.changeUser)
}
