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
}

// Actor is who is asking: a person, a clinician, a token, or anonymous.
type Actor struct {
	ID      string
	Address string
}
