package domain

import (
	"encoding/json"
	"time"
)

// Assessment is one stored self-check: the input as received, the result as
// given, and the protocol that produced it, so it can be re-run and compared.
type Assessment struct {
	ID              string
	CreatedAt       time.Time
	Input           json.RawMessage
	Result          json.RawMessage
	Disposition     string
	ProtocolID      string
	ProtocolVersion string
	TZ              string
	// OwnerID is the account that keeps it; empty while it is anonymous
	// and reachable only by its private link.
	OwnerID string
	// ClinicID is the clinic it was shared with, if any.
	ClinicID string
}

// AuditEntry is one read or change of a person's record. Entries are only
// ever appended.
type AuditEntry struct {
	ID      int64
	At      time.Time
	Actor   string // who: a user id, "anonymous", or "token:<id>"
	Action  string // read, create, update, delete, export
	Record  string // what: "assessment:<id>"
	Address string // where from: the client address
	// ClinicID is the clinic whose admin may see the entry, if any.
	ClinicID string
	// Subject is whose data it is: a user id, or "" for an anonymous record.
	Subject string
}

// Actor is who is asking: a signed-in person, an API token, or anonymous.
// The web layer fills it from the session or token; app authorises with it.
type Actor struct {
	// ID is the user's id, "token:<id>" for an API token, or "anonymous".
	ID      string
	Address string
	// UserID is set for a signed-in person.
	UserID   string
	Operator bool
	// Memberships are the person's clinic roles.
	Memberships []Membership
	// Token is set when the request came with an API token.
	Token *APIToken
}

// Anonymous reports whether nobody is signed in.
func (a Actor) Anonymous() bool { return a.UserID == "" && a.Token == nil }

// RoleIn returns the actor's role in a clinic, or "".
func (a Actor) RoleIn(clinicID string) Role {
	for _, m := range a.Memberships {
		if m.ClinicID == clinicID {
			return m.Role
		}
	}
	return ""
}
