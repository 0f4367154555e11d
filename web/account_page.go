package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"cooptrack/domain"
)

// The account pages:
//
//	GET  /account                       one's own account: password, API tokens
//	POST /account/password              change one's password
//	POST /account/tokens                make a token, shown once
//	POST /account/tokens/:id/revoke     revoke one's token
//	GET  /admin/users                   users and every token (admins)
//	POST /admin/users                   add a user
//	POST /admin/users/:email            change a user's role, disable or enable them
//	POST /admin/tokens/:id/revoke       revoke anyone's token

// mountSessionPages mounts the log-in and the account pages.
func (s *Server) mountSessionPages(e *gin.Engine) {
	e.GET("/login", s.loginPage)
	e.POST("/login", s.login)
	e.POST("/logout", s.logout)
	e.GET("/account", s.accountPage)
	e.POST("/account/password", s.changePassword)
	e.POST("/account/tokens", s.createTokenPage)
	e.POST("/account/tokens/:id/revoke", s.revokeTokenPage)
	e.POST("/account/calendar", s.newCalendarPage)
	e.GET("/admin/users", s.usersPage)
	e.POST("/admin/users", s.addUserPage)
	e.POST("/admin/users/:email", s.changeUserPage)
	e.POST("/admin/tokens/:id/revoke", s.revokeAnyTokenPage)
}

// accountView is what account.html receives.
type accountView struct {
	User   domain.User
	Tokens []domain.Token
	// NewToken is the token just made, its secret shown this once.
	NewToken *newToken
	// Notice says what was just done.
	Notice string
	// Errors are the forms' problems by input name ("current", "password",
	// "confirm", "name"); Message is one about the whole form.
	Errors    map[string]string
	Message   string
	TokenName string
	// CalendarFeed is the user's calendar feed, if any, at CalendarURL;
	// NewCalendarURL is its address when this request made it.
	CalendarFeed                *domain.CalendarFeed
	NewCalendarURL, CalendarURL string
}

func (s *Server) accountPage(c *gin.Context) {
	s.showAccount(c, http.StatusOK, accountView{})
}

// showAccount renders the account page with the user and their tokens as
// stored now.
func (s *Server) showAccount(c *gin.Context, status int, v accountView) {
	u, err := s.me(c)
	if err != nil {
		writePageError(c, s, err)
		return
	}
	if v.Tokens, err = s.stores.Accounts.Tokens(c.Request.Context(), u.Email); err != nil {
		writePageError(c, s, err)
		return
	}
	v.User = u
	f, ok, err := s.stores.CalendarFeeds.CalendarFeed(c.Request.Context(), u.Email)
	if err != nil {
		writePageError(c, s, err)
		return
	}
	if ok {
		v.CalendarFeed = &f
		if v.NewCalendarURL == "" && f.Secret != "" {
			v.CalendarURL = s.calendarFeedURL(f.Secret)
		}
	}
	s.render(c, status, "account", pageData{Title: "Your account", Section: "account", Data: v})
}

func (s *Server) changePassword(c *gin.Context) {
	vals, err := formValues(c)
	if err != nil {
		writePageError(c, s, err)
		return
	}
	actor, _ := domain.ActorFrom(c.Request.Context())
	v := accountView{Errors: map[string]string{}}
	if vals.Get("password") != vals.Get("confirm") {
		v.Errors["confirm"] = "does not match the new password"
		s.showAccount(c, http.StatusUnprocessableEntity, v)
		return
	}
	sess, err := s.stores.Accounts.ChangePassword(c.Request.Context(), actor.Email, vals.Get("current"), vals.Get("password"), origin(c))
	if err != nil {
		de := asDomainError(c, err)
		status := http.StatusUnprocessableEntity
		switch de.Code {
		case domain.EUNAUTHORIZED:
			v.Errors["current"] = "is wrong"
		case domain.EINVALID:
			v.Errors["password"] = de.Fields["password"]
		case domain.ETOOMANY:
			retryAfter(c, de)
			status, v.Message = http.StatusTooManyRequests, de.Message+"."
		default:
			writePageError(c, s, err)
			return
		}
		s.showAccount(c, status, v)
		return
	}
	// Every session of the user has ended, this one too: the browser gets
	// the new one.
	s.setSessionCookie(c, sess)
	v.Notice = "Your password is changed. Every other session of yours has ended."
	s.showAccount(c, http.StatusOK, v)
}

func (s *Server) createTokenPage(c *gin.Context) {
	vals, err := formValues(c)
	if err != nil {
		writePageError(c, s, err)
		return
	}
	actor, _ := domain.ActorFrom(c.Request.Context())
	t, secret, err := s.stores.Accounts.CreateToken(c.Request.Context(), actor.Email, vals.Get("name"))
	if err != nil {
		de := asDomainError(c, err)
		if de.Code != domain.EINVALID {
			writePageError(c, s, err)
			return
		}
		s.showAccount(c, http.StatusUnprocessableEntity, accountView{Errors: map[string]string{"name": de.Fields["name"]}, TokenName: vals.Get("name")})
		return
	}
	s.showAccount(c, http.StatusCreated, accountView{NewToken: &newToken{Token: t, Secret: secret}})
}

func (s *Server) revokeTokenPage(c *gin.Context) {
	if err := s.revokeOwnToken(c, c.Param("id")); err != nil {
		writePageError(c, s, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/account")
}

// usersView is what admin_users.html receives.
type usersView struct {
	Users  []domain.User
	Tokens []domain.Token
	Roles  []domain.Role
	// New is the add-a-user form as typed (its password left out), Errors
	// its problems by input name.
	New     domain.NewUser
	Errors  map[string]string
	Message string
}

func (s *Server) usersPage(c *gin.Context) {
	s.showUsers(c, http.StatusOK, usersView{New: domain.NewUser{Role: domain.RoleViewer}})
}

func (s *Server) showUsers(c *gin.Context, status int, v usersView) {
	ctx := c.Request.Context()
	var err error
	if v.Users, err = s.stores.Accounts.Users(ctx); err != nil {
		writePageError(c, s, err)
		return
	}
	if v.Tokens, err = s.stores.Accounts.Tokens(ctx, ""); err != nil {
		writePageError(c, s, err)
		return
	}
	v.Roles = domain.Roles
	s.render(c, status, "admin_users", pageData{Title: "Users", Section: "users", Data: v})
}

func (s *Server) addUserPage(c *gin.Context) {
	vals, err := formValues(c)
	if err != nil {
		writePageError(c, s, err)
		return
	}
	n := domain.NewUser{Email: vals.Get("email"), Name: vals.Get("name"), Role: domain.Role(vals.Get("role")), Password: vals.Get("password")}
	if _, err := s.stores.Accounts.CreateUser(c.Request.Context(), n); err != nil {
		de := asDomainError(c, err)
		if de.Code != domain.EINVALID && de.Code != domain.ECONFLICT {
			writePageError(c, s, err)
			return
		}
		n.Password = ""
		s.showUsers(c, statusOf(de.Code), usersView{New: n, Errors: de.Fields, Message: de.Message})
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/users")
}

func (s *Server) changeUserPage(c *gin.Context) {
	vals, err := formValues(c)
	if err != nil {
		writePageError(c, s, err)
		return
	}
	var in userChange
	if r := vals.Get("role"); r != "" {
		role := domain.Role(r)
		in.Role = &role
	}
	if d := vals.Get("disabled"); d != "" {
		disabled := d == "true"
		in.Disabled = &disabled
	}
	if _, err := s.applyUserChange(c, c.Param("email"), in); err != nil {
		writePageError(c, s, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/users")
}

func (s *Server) revokeAnyTokenPage(c *gin.Context) {
	if err := s.stores.Accounts.RevokeToken(c.Request.Context(), c.Param("id")); err != nil {
		writePageError(c, s, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/users")
}
