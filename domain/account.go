package domain

import (
	"context"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is what a user may do. Each role may do all that the one before it
// may.
type Role string

// The roles.
const (
	RoleViewer  Role = "viewer"  // reads and exports
	RoleOfficer Role = "officer" // also creates, edits, cites and imports records
	RoleAdmin   Role = "admin"   // also deletes records, manages users and tokens, reads the whole audit log
)

// Roles lists the roles from the least to the most allowed.
var Roles = []Role{RoleViewer, RoleOfficer, RoleAdmin}

// Permission is a thing a role may be allowed to do.
type Permission string

// The permissions.
const (
	PermRead         Permission = "read"          // see records, their history, timelines, dashboards
	PermExport       Permission = "export"        // download reports
	PermCreate       Permission = "create"        // create records
	PermEdit         Permission = "edit"          // edit records and change their status
	PermCite         Permission = "cite"          // attach evidence to records and remove it
	PermImport       Permission = "import"        // import records in bulk
	PermDelete       Permission = "delete"        // delete records
	PermManageUsers  Permission = "manage_users"  // add users, change their roles, disable them
	PermManageTokens Permission = "manage_tokens" // list and revoke anyone's API tokens
	PermReadAudit    Permission = "read_audit"    // read the whole audit log
)

// permissions holds what each role may do beyond the role below it.
var permissions = map[Role][]Permission{
	RoleViewer:  {PermRead, PermExport},
	RoleOfficer: {PermCreate, PermEdit, PermCite, PermImport},
	RoleAdmin:   {PermDelete, PermManageUsers, PermManageTokens, PermReadAudit},
}

// May reports whether the role allows the permission. An unknown role
// allows nothing.
func (r Role) May(p Permission) bool {
	if !r.Valid() {
		return false
	}
	for _, role := range Roles {
		for _, q := range permissions[role] {
			if q == p {
				return true
			}
		}
		if role == r {
			return false
		}
	}
	return false
}

// Valid reports whether the role is one of Roles.
func (r Role) Valid() bool {
	for _, role := range Roles {
		if r == role {
			return true
		}
	}
	return false
}

// ParseRole returns the role named s.
// Errors: EINVALID.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if !r.Valid() {
		return "", &Error{Code: EINVALID, Message: "unknown role", Fields: map[string]string{"role": "must be one of: viewer, officer, admin"}}
	}
	return r, nil
}

func (p Permission) words() string { return strings.ReplaceAll(string(p), "_", " ") }

// Audit entries and errors name users and tokens as records of these types;
// they are not kinds of record in RecordTypes.
const (
	TypeUser  RecordType = "user"
	TypeToken RecordType = "token"
)

// User is a person who may sign in. The store keys them by their normalised
// email, which is unique.
type User struct {
	ID       string `json:"id"`
	Email    string `json:"email"`
	Name     string `json:"name"`
	Role     Role   `json:"role"`
	Disabled bool   `json:"disabled"`
	// Generation changes whenever every session of the user must end (the
	// user was disabled, their password changed); a session made under an
	// older one is no longer valid.
	Generation int64     `json:"-"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Actor returns the user as the actor of a request from ip with userAgent.
// The caller adds the session or token id.
func (u User) Actor(ip, userAgent string) Actor {
	return Actor{UserID: u.ID, Email: u.Email, Role: u.Role, IP: ip, UserAgent: userAgent}
}

// NewUser is what an administrator gives to add a user.
type NewUser struct {
	Email    string `json:"email"`
	Name     string `json:"name"`
	Role     Role   `json:"role"`
	Password string `json:"password"`
}

// Validate checks the new user's fields and normalises the email.
// Errors: EINVALID, naming each field at fault.
func (n *NewUser) Validate() error {
	fields := map[string]string{}
	email, err := NormalizeEmail(n.Email)
	if err != nil {
		fields["email"] = err.Error()
	} else {
		n.Email = email
	}
	n.Name = strings.TrimSpace(n.Name)
	switch {
	case n.Name == "":
		fields["name"] = "is required"
	case utf8.RuneCountInString(n.Name) > 200:
		fields["name"] = "must be at most 200 characters"
	case TextProblem(n.Name, false) != "":
		fields["name"] = TextProblem(n.Name, false)
	}
	if !n.Role.Valid() {
		fields["role"] = "must be one of: viewer, officer, admin"
	}
	if msg := passwordProblem(n.Password); msg != "" {
		fields["password"] = msg
	}
	return FieldErrors(fields)
}

// maxEmail is the longest address SMTP carries (RFC 5321).
const maxEmail = 254

// NormalizeEmail returns the email trimmed and in lower case, the form under
// which a user is stored and found, or an error saying why it is not a plain
// address ("name@example.org", no display name, no angle brackets).
func NormalizeEmail(s string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(s))
	switch {
	case e == "":
		return "", errorString("is required")
	case len(e) > maxEmail:
		return "", errorString("must be at most 254 characters")
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Name != "" || a.Address != e || !strings.Contains(e, "@") {
		return "", errorString("must be an email address such as name@example.org")
	}
	return e, nil
}

type errorString string

func (e errorString) Error() string { return string(e) }

// Origin is where a request comes from, as the web layer sees it.
type Origin struct {
	IP        string
	UserAgent string
}

// Session is a signed-in user's stay: created at log-in, ended by log-out,
// by the idle or absolute time-out, or by the user being disabled. The
// secret the browser holds (its cookie) is only given out by Authenticate;
// the store keeps a hash of it.
type Session struct {
	// ID names the session in audit entries and lists; it is not the secret.
	ID string `json:"id"`
	// Secret is the cookie value; set only in what Authenticate returns.
	Secret string `json:"-"`
	// User is the session's user as stored now: a change of role shows at
	// once.
	User       User      `json:"user"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	// ExpiresAt is the absolute end, whatever the activity.
	ExpiresAt time.Time `json:"expires_at"`
	IP        string    `json:"ip,omitempty"`
	UserAgent string    `json:"user_agent,omitempty"`
}

// Actor returns the session's user as the actor of a request.
func (s Session) Actor(ip, userAgent string) Actor {
	a := s.User.Actor(ip, userAgent)
	a.SessionID = s.ID
	return a
}

// Token is an API token: a secret a script sends as "Authorization: Bearer
// <secret>", acting as its user with the role the user holds now. The secret
// is shown once, when it is created; the store keeps a hash of it.
type Token struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	UserID     string    `json:"user_id"`
	Email      string    `json:"email"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
}

// Actor returns the token's user u as the actor of a request.
func (t Token) Actor(u User, ip, userAgent string) Actor {
	a := u.Actor(ip, userAgent)
	a.TokenID = t.ID
	return a
}

// ValidateTokenName checks the name a token is given, so that its owner
// can tell their tokens apart.
// Errors: EINVALID.
func ValidateTokenName(name string) error {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return FieldErrors(map[string]string{"name": "is required"})
	case utf8.RuneCountInString(name) > 100:
		return FieldErrors(map[string]string{"name": "must be at most 100 characters"})
	case TextProblem(name, false) != "":
		return FieldErrors(map[string]string{"name": TextProblem(name, false)})
	}
	return nil
}

// Credentials are an email and a password to print once: those of the
// administrator made at the first start.
type Credentials struct {
	Email    string
	Password string
}

// AccountStore keeps users, their sessions and their API tokens, and counts
// failed log-ins. Methods that change users or tokens check the permission of
// the context's actor (see WithActor) and record an audit entry.
type AccountStore interface {
	// Authenticate checks the email and password and opens a session. It
	// says nothing about whether the email exists.
	// Errors: EUNAUTHORIZED (unknown email, wrong password, disabled
	// user), ETOOMANY (too many failures for the account or the address;
	// RetryAfter set).
	Authenticate(ctx context.Context, email, password string, from Origin) (Session, error)

	// SessionByToken returns the session whose secret is given, with its
	// user as stored now, and notes the activity.
	// Errors: EUNAUTHORIZED (unknown, idle too long, past its absolute
	// end, user disabled or their password changed).
	SessionByToken(ctx context.Context, secret string, now time.Time) (Session, error)

	// Logout ends the session whose secret is given; an unknown one is no
	// error.
	Logout(ctx context.Context, secret string) error

	// ChangePassword changes the user's password when current is right,
	// ends every session of the user, and opens a new one.
	// Errors: EUNAUTHORIZED (wrong current password), EINVALID (the new
	// one), ETOOMANY.
	ChangePassword(ctx context.Context, email, current, next string, from Origin) (Session, error)

	// TokenUser returns the token whose secret is given, and its user as
	// stored now.
	// Errors: EUNAUTHORIZED (unknown or revoked token, user disabled).
	TokenUser(ctx context.Context, secret string) (User, Token, error)

	// CreateUser adds a user. Errors: EFORBIDDEN, EINVALID, ECONFLICT.
	CreateUser(ctx context.Context, n NewUser) (User, error)
	// Users lists every user by email. Errors: EFORBIDDEN.
	Users(ctx context.Context) ([]User, error)
	// UserByEmail returns a user. Errors: EFORBIDDEN (another user's,
	// unless an admin), ENOTFOUND.
	UserByEmail(ctx context.Context, email string) (User, error)
	// SetRole changes a user's role. Changes of role and of disabled
	// are made one at a time, across instances, so that concurrent ones
	// cannot together leave no enabled admin. Errors: EFORBIDDEN,
	// EINVALID, ENOTFOUND, ECONFLICT (the last enabled admin; another
	// change that holds too long).
	SetRole(ctx context.Context, email string, r Role) (User, error)
	// SetDisabled disables or enables a user, one change at a time as
	// SetRole; disabling ends their sessions. Errors: EFORBIDDEN,
	// ENOTFOUND, ECONFLICT (as SetRole).
	SetDisabled(ctx context.Context, email string, disabled bool) (User, error)

	// CreateToken makes a token for the user and returns it with its
	// secret, which is not kept. Errors: EFORBIDDEN (another user's, unless
	// an admin), EINVALID, ENOTFOUND.
	CreateToken(ctx context.Context, email, name string) (Token, string, error)
	// Tokens lists the tokens of the user with the email, or every token
	// for "" (admins only). Errors: EFORBIDDEN.
	Tokens(ctx context.Context, email string) ([]Token, error)
	// RevokeToken removes a token. Errors: EFORBIDDEN (another user's,
	// unless an admin), ENOTFOUND.
	RevokeToken(ctx context.Context, id string) error
}
