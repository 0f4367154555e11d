package domain

import "context"

// Actor is who makes a request: the user, with the role they hold now, and
// where the request came from. The web layer puts it in the request's
// context once it has checked the session or token; the store reads it from
// there to check permissions and to stamp audit entries.
type Actor struct {
	UserID    string `json:"user_id,omitempty"`
	Email     string `json:"email,omitempty"`
	Role      Role   `json:"role,omitempty"`
	IP        string `json:"ip,omitempty"`
	UserAgent string `json:"user_agent,omitempty"`
	// SessionID or TokenID says which credential the request came with
	// (the ids shown in lists, never the secret or its hash).
	SessionID string `json:"session_id,omitempty"`
	TokenID   string `json:"token_id,omitempty"`
	// System names a program acting on its own authority rather than a
	// user's: "cli" for the administrator's commands, "serve" for the first
	// start. Such an actor holds the admin role.
	System string `json:"system,omitempty"`
}

// SystemActor returns the actor of a program acting with the admin role:
// the command line, run by whoever may read the data directory or reach the
// database, or the server at its first start.
func SystemActor(name, detail string) Actor {
	return Actor{System: name, Role: RoleAdmin, UserAgent: detail}
}

// May reports whether the actor's role allows the permission.
func (a Actor) May(p Permission) bool { return a.Role.May(p) }

// String names the actor for people: their email, or the program.
func (a Actor) String() string {
	switch {
	case a.Email != "":
		return a.Email
	case a.System != "":
		return a.System
	}
	return "anonymous"
}

type actorKey struct{}

// WithActor returns a context carrying the actor.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor the context carries; ok is false when it
// carries none, and the zero Actor returned then may do nothing.
func ActorFrom(ctx context.Context) (a Actor, ok bool) {
	a, ok = ctx.Value(actorKey{}).(Actor)
	return a, ok
}

// Require returns EFORBIDDEN unless the context's actor may do p. A context
// without an actor may do nothing.
func Require(ctx context.Context, p Permission) error {
	a, _ := ActorFrom(ctx)
	if a.May(p) {
		return nil
	}
	return Errorf(EFORBIDDEN, "your role may not %s", p.words())
}
