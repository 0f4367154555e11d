package web

import (
	"net/http"
	"strings"

	"cooptrack/domain"
)

// Access levels of routes beyond the domain's permissions.
const (
	// open routes answer anyone, signed in or not.
	open domain.Permission = ""
	// signedIn routes answer any signed-in user, whatever their role: they
	// are about the user's own account, and the store checks the rest.
	signedIn domain.Permission = "signed_in"
)

// recordsParam stands in the table below for each collection of records
// ("agreements", "people", …), whose routes are alike.
const recordsParam = ":records"

// access says what each route needs: the one place to review who may do
// what. Paths are Gin's, as c.FullPath() gives them. A route not listed is
// refused to everyone (and TestEveryRouteDeclaresItsAccess fails), so that a
// new route is never open by mistake.
var access = []struct {
	method string
	path   string
	need   domain.Permission
}{
	// Open: health, the log-in, static files, the API's description.
	{http.MethodGet, "/healthz", open},
	{http.MethodGet, "/readyz", open},
	{http.MethodGet, "/static/*file", open},
	{http.MethodGet, "/login", open},
	{http.MethodPost, "/login", open},
	{http.MethodPost, "/logout", open}, // ends the cookie's session, if any
	{http.MethodGet, "/api/v1/openapi.json", open},
	{http.MethodPost, "/api/v1/session", open},
	// The calendar feed authenticates by the secret in its path, which
	// calendar programs can send where they cannot send a token; the
	// handler checks the user and their role.
	{http.MethodGet, "/api/v1/calendar/:feed", open},

	// One's own account.
	{http.MethodGet, "/account", signedIn},
	{http.MethodPost, "/account/password", signedIn},
	{http.MethodPost, "/account/tokens", signedIn},
	{http.MethodPost, "/account/tokens/:id/revoke", signedIn},
	{http.MethodDelete, "/api/v1/session", signedIn},
	{http.MethodGet, "/api/v1/me", signedIn},
	{http.MethodGet, "/api/v1/me/tokens", signedIn},
	{http.MethodPost, "/api/v1/me/tokens", signedIn},
	{http.MethodDelete, "/api/v1/me/tokens/:id", signedIn},
	{http.MethodGet, "/api/v1/me/calendar", signedIn},
	{http.MethodPost, "/api/v1/me/calendar", signedIn},
	{http.MethodPost, "/account/calendar", signedIn},

	// Users and everyone's tokens.
	{http.MethodGet, "/admin/users", domain.PermManageUsers},
	{http.MethodPost, "/admin/users", domain.PermManageUsers},
	{http.MethodPost, "/admin/users/:email", domain.PermManageUsers},
	{http.MethodPost, "/admin/tokens/:id/revoke", domain.PermManageTokens},
	{http.MethodGet, "/api/v1/users", domain.PermManageUsers},
	{http.MethodPost, "/api/v1/users", domain.PermManageUsers},
	{http.MethodPatch, "/api/v1/users/:email", domain.PermManageUsers},

	// Pages that read.
	{http.MethodGet, "/", domain.PermRead},
	{http.MethodGet, "/search", domain.PermRead},
	{http.MethodGet, "/countries/:code", domain.PermRead},
	{http.MethodGet, "/countries/:code/brief.pdf", domain.PermRead},
	{http.MethodGet, "/" + recordsParam, domain.PermRead},
	{http.MethodGet, "/" + recordsParam + "/:id", domain.PermRead},

	// Forms that write.
	{http.MethodGet, "/" + recordsParam + "/new", domain.PermCreate},
	{http.MethodPost, "/" + recordsParam, domain.PermCreate},
	{http.MethodGet, "/" + recordsParam + "/:id/edit", domain.PermEdit},
	{http.MethodPost, "/" + recordsParam + "/:id", domain.PermEdit},
	{http.MethodGet, "/" + recordsParam + "/:id/evidence", domain.PermCite},
	{http.MethodPost, "/" + recordsParam + "/:id/evidence", domain.PermCite},
	// New from article: the review writes nothing, acceptance creates and
	// cites; all of it is the officer's.
	{http.MethodGet, "/articles/new", domain.PermCreate},
	{http.MethodPost, "/articles/review", domain.PermCreate},
	{http.MethodPost, "/articles/accept", domain.PermCreate},
	{http.MethodGet, "/articles/accepted", domain.PermCreate},

	// Importing from a spreadsheet.
	{http.MethodGet, "/import", domain.PermImport},
	{http.MethodPost, "/import", domain.PermImport},
	{http.MethodGet, "/import/:id", domain.PermImport},
	{http.MethodPost, "/import/:id/preview", domain.PermImport},
	{http.MethodPost, "/import/:id/confirm", domain.PermImport},
	{http.MethodPost, "/api/v1/import/:kind", domain.PermImport},

	// The API: reads.
	{http.MethodGet, "/api/v1/overview", domain.PermRead},
	{http.MethodGet, "/api/v1/search", domain.PermRead},
	{http.MethodGet, "/api/v1/countries", domain.PermRead},
	{http.MethodGet, "/api/v1/countries/:code", domain.PermRead},
	{http.MethodGet, "/api/v1/countries/:code/timeline", domain.PermRead},
	{http.MethodGet, "/api/v1/countries/:code/dashboard", domain.PermRead},
	{http.MethodGet, "/api/v1/countries/:code/office-holders", domain.PermRead},
	{http.MethodGet, "/api/v1/countries/:code/brief.pdf", domain.PermRead},
	{http.MethodGet, "/api/v1/" + recordsParam, domain.PermRead},
	{http.MethodGet, "/api/v1/" + recordsParam + "/:id", domain.PermRead},
	{http.MethodGet, "/api/v1/" + recordsParam + "/:id/links", domain.PermRead},
	// A record's history is read by whoever may read the record; the whole
	// log only by admins, which the handler checks (see audit.go).
	{http.MethodGet, "/api/v1/" + recordsParam + "/:id/history", domain.PermRead},
	{http.MethodGet, "/api/v1/audit", domain.PermRead},
	// A backup holds every user's password hash: for whoever manages users.
	{http.MethodGet, "/api/v1/backup", domain.PermManageUsers},
	// Exports.
	{http.MethodGet, "/api/v1/iati/activities.xml", domain.PermExport},

	// The API: writes.
	{http.MethodPost, "/api/v1/" + recordsParam, domain.PermCreate},
	{http.MethodPut, "/api/v1/" + recordsParam + "/:id", domain.PermEdit},
	{http.MethodDelete, "/api/v1/" + recordsParam + "/:id", domain.PermDelete},
	{http.MethodPost, "/api/v1/" + recordsParam + "/:id/evidence", domain.PermCite},
	{http.MethodDelete, "/api/v1/" + recordsParam + "/:id/evidence/:citation", domain.PermCite},
	// Drafting records from an article writes nothing, but it is the first
	// step of creating them, and costs the server more than a read.
	{http.MethodPost, "/api/v1/extract", domain.PermCreate},
}

// routeAccess is the table above by "METHOD path", each collection's routes
// spelled out.
var routeAccess = func() map[string]domain.Permission {
	m := map[string]domain.Permission{}
	for _, a := range access {
		if !strings.Contains(a.path, recordsParam) {
			m[a.method+" "+a.path] = a.need
			continue
		}
		for _, t := range domain.RecordTypes {
			m[a.method+" "+strings.Replace(a.path, recordsParam, t.Collection(), 1)] = a.need
		}
	}
	return m
}()
