package domain

import (
	"context"
	"strings"
	"testing"
)

func TestRoleMay(t *testing.T) {
	all := []Permission{PermRead, PermExport, PermCreate, PermEdit, PermCite, PermImport, PermDelete, PermManageUsers, PermManageTokens, PermReadAudit}
	allowed := map[Role][]Permission{
		RoleViewer:  {PermRead, PermExport},
		RoleOfficer: {PermRead, PermExport, PermCreate, PermEdit, PermCite, PermImport},
		RoleAdmin:   all,
		"":          nil,
		"root":      nil,
	}
	for role, want := range allowed {
		for _, p := range all {
			got := role.May(p)
			should := false
			for _, w := range want {
				should = should || w == p
			}
			if got != should {
				t.Errorf("Role(%q).May(%q) = %v, want %v", role, p, got, should)
			}
		}
	}
}

func TestParseRole(t *testing.T) {
	tests := []struct {
		in   string
		want Role
		code string
	}{
		{"viewer", RoleViewer, ""},
		{" Officer ", RoleOfficer, ""},
		{"ADMIN", RoleAdmin, ""},
		{"", "", EINVALID},
		{"superuser", "", EINVALID},
	}
	for _, tc := range tests {
		got, err := ParseRole(tc.in)
		if got != tc.want || ErrorCode(err) != tc.code {
			t.Errorf("ParseRole(%q) = %q, %v; want %q, code %q", tc.in, got, err, tc.want, tc.code)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"ana@example.org", "ana@example.org", true},
		{"  Ana.Perez@Example.ORG ", "ana.perez@example.org", true},
		{"admin@localhost", "admin@localhost", true},
		{"", "", false},
		{"ana", "", false},
		{"Ana <ana@example.org>", "", false},
		{"<ana@example.org>", "", false},
		{`{"$gt": ""}`, "", false},
		{"ana@example.org, bob@example.org", "", false},
		{strings.Repeat("a", 250) + "@x.org", "", false},
	}
	for _, tc := range tests {
		got, err := NormalizeEmail(tc.in)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestNewUserValidate(t *testing.T) {
	good := NewUser{Email: "Ana@Example.org", Name: " Ana ", Role: RoleOfficer, Password: "correct horse battery"}
	tests := []struct {
		name   string
		change func(*NewUser)
		fields []string // fields at fault; none for a valid user
	}{
		{"valid", func(*NewUser) {}, nil},
		{"short password", func(n *NewUser) { n.Password = "elevenchars" }, []string{"password"}},
		{"twelve accented characters", func(n *NewUser) { n.Password = "éééééééééééé" }, nil},
		{"twelve bytes, six characters", func(n *NewUser) { n.Password = "éééééé" }, []string{"password"}},
		{"password too long", func(n *NewUser) { n.Password = strings.Repeat("x", 1025) }, []string{"password"}},
		{"unknown role", func(n *NewUser) { n.Role = "root" }, []string{"role"}},
		{"no name", func(n *NewUser) { n.Name = "  " }, []string{"name"}},
		{"an escape in the name", func(n *NewUser) { n.Name = "Ana\x1b[31m" }, []string{"name"}},
		{"a line break in the name", func(n *NewUser) { n.Name = "Ana\nAdmin" }, []string{"name"}},
		{"operator as email", func(n *NewUser) { n.Email = `{"$gt": ""}` }, []string{"email"}},
		{"everything wrong", func(n *NewUser) { *n = NewUser{} }, []string{"email", "name", "role", "password"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := good
			tc.change(&n)
			err := n.Validate()
			var got []string
			if e, ok := err.(*Error); ok { //nolint:errorlint // Validate returns *Error unwrapped
				for f := range e.Fields {
					got = append(got, f)
				}
			} else if err != nil {
				t.Fatalf("Validate() = %v, want an *Error", err)
			}
			if len(got) != len(tc.fields) {
				t.Fatalf("fields at fault = %v (%v), want %v", got, err, tc.fields)
			}
			for _, f := range tc.fields {
				if !strings.Contains(strings.Join(got, " "), f) {
					t.Errorf("fields at fault = %v, want %v", got, tc.fields)
				}
			}
			if err == nil && (n.Email != "ana@example.org" || n.Name != "Ana") {
				t.Errorf("after Validate: email %q, name %q; want them normalised", n.Email, n.Name)
			}
		})
	}
}

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash = %q, want an argon2id PHC string", h)
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Errorf("two hashes of one password are equal: the salt is not random")
	}
	tests := []struct {
		hash, pw string
		want     bool
	}{
		{h, "correct horse battery", true},
		{h, "correct horse batterY", false},
		{h, "", false},
		// NFC and NFD spellings of the same text match.
		{mustHash(t, "caf\u00e9 con leche!"), "cafe\u0301 con leche!", true},
		{"", "correct horse battery", false},
		{"$argon2id$v=19$m=999999999,t=2,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5", "x", false},
		{"$2a$10$bcrypt", "x", false},
	}
	for _, tc := range tests {
		if got := CheckPassword(tc.hash, tc.pw); got != tc.want {
			t.Errorf("CheckPassword(%q, %q) = %v, want %v", tc.hash, tc.pw, got, tc.want)
		}
	}
	if CheckNoPassword("anything at all") {
		t.Error("CheckNoPassword = true, want false")
	}
}

func mustHash(t *testing.T, pw string) string {
	t.Helper()
	h, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestSecrets(t *testing.T) {
	a, b := NewSecret("ctk_"), NewSecret("ctk_")
	if a == b || !strings.HasPrefix(a, "ctk_") || len(a) != 4+43 {
		t.Errorf("NewSecret = %q, %q; want two different ctk_ + 43 characters", a, b)
	}
	if p := NewPassword(); len(p) < MinPasswordLength || ValidatePassword(p) != nil {
		t.Errorf("NewPassword = %q, which is not a valid password", p)
	}
}

func TestActorInContext(t *testing.T) {
	ctx := context.Background()
	if _, ok := ActorFrom(ctx); ok {
		t.Fatal("ActorFrom(empty) ok = true")
	}
	if err := Require(ctx, PermRead); ErrorCode(err) != EFORBIDDEN {
		t.Errorf("Require without actor = %v, want %s", err, EFORBIDDEN)
	}
	a := Actor{UserID: "u1", Email: "ana@example.org", Role: RoleOfficer, IP: "192.0.2.1", SessionID: "s1"}
	ctx = WithActor(ctx, a)
	got, ok := ActorFrom(ctx)
	if !ok || got != a {
		t.Errorf("ActorFrom = %+v, %v; want %+v", got, ok, a)
	}
	tests := []struct {
		p    Permission
		code string
	}{
		{PermEdit, ""},
		{PermDelete, EFORBIDDEN},
		{PermManageUsers, EFORBIDDEN},
	}
	for _, tc := range tests {
		if err := Require(ctx, tc.p); ErrorCode(err) != tc.code {
			t.Errorf("officer Require(%s) = %v, want code %q", tc.p, err, tc.code)
		}
	}
}
