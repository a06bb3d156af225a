package domain

import "time"

// Role is what a person may do in a clinic.
type Role string

// The clinic roles. The deployment's operator is a flag on the user, not a
// clinic role: an operator runs unknot and sees no health data by being one.
const (
	RolePatient   Role = "patient"
	RoleTherapist Role = "therapist"
	RoleAdmin     Role = "admin"
)

// Valid reports whether r is a known clinic role.
func (r Role) Valid() bool {
	return r == RolePatient || r == RoleTherapist || r == RoleAdmin
}

// User is a person with an account.
type User struct {
	ID           string
	Email        string
	Name         string
	PasswordHash string
	Operator     bool
	CreatedAt    time.Time
	// Unconfirmed is an account signed up for but whose email link has
	// not been used: it cannot sign in with its password yet.
	Unconfirmed bool
}

// Clinic is a tenant: its staff see only its patients.
type Clinic struct {
	ID         string
	Name       string
	InviteCode string
	CreatedAt  time.Time
}

// Membership ties a user to a clinic with a role.
type Membership struct {
	ClinicID  string
	UserID    string
	Role      Role
	CreatedAt time.Time
}

// Session is a signed-in browser. Only the hash of its id is stored.
type Session struct {
	IDHash    string
	UserID    string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// TokenScope is what an API token may do.
type TokenScope string

// The token scopes.
const (
	ScopeRead  TokenScope = "read"
	ScopeWrite TokenScope = "write"
)

// APIToken lets an integration act for one clinic. Only the hash of its
// secret is stored.
type APIToken struct {
	ID         string
	ClinicID   string
	CreatedBy  string
	Name       string
	Scope      TokenScope
	SecretHash string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// OneTimeToken is a password-reset or sign-in link's secret, stored hashed.
type OneTimeToken struct {
	Hash      string
	UserID    string
	Purpose   string
	ExpiresAt time.Time
	UsedAt    *time.Time
}

// One-time token purposes.
const (
	PurposeReset     = "reset"
	PurposeMagicLink = "magic"
)
