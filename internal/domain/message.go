package domain

import "time"

// Message is one message in the private thread between a patient and
// their clinic's staff. It is stored before it is shown as sent.
type Message struct {
	ID       string
	ClinicID string
	// UserID is the patient whose thread it is.
	UserID    string
	AuthorID  string
	FromStaff bool
	Text      string
	// RefKind and RefID point at a result, a program or an article
	// ("" when the message points at nothing).
	RefKind   string
	RefID     string
	CreatedAt time.Time
	// ReadAt is when the other side first read it.
	ReadAt *time.Time
}

// Message reference kinds.
const (
	RefResult  = "result"
	RefProgram = "program"
	RefArticle = "article"
)

// ArticleAssignment is an article a therapist assigned to a patient from
// the chart, Position its place in the sequence.
type ArticleAssignment struct {
	ClinicID   string
	UserID     string
	ArticleID  string
	Position   int
	AssignedBy string
	AssignedAt time.Time
}

// Invitation asks a person to join a clinic with a role: by a link mailed
// to a new address, or as a request an existing account sees on its
// account page. Nobody is a member until they accept.
type Invitation struct {
	ID         string
	ClinicID   string
	Email      string
	Role       Role
	TokenHash  string
	InvitedBy  string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	AcceptedAt *time.Time
	DeclinedAt *time.Time
}

// Intake statuses: a result shared with a clinic by someone not yet its
// patient waits for the clinic's answer.
const (
	IntakePending  = "pending"
	IntakeAccepted = "accepted"
	IntakeDeclined = "declined"
)

// Intake is a result shared with a clinic, to accept (the person becomes
// its patient) or decline with a message the person reads.
type Intake struct {
	ClinicID     string
	UserID       string
	AssessmentID string
	Status       string
	Message      string
	DecidedBy    string
	CreatedAt    time.Time
	DecidedAt    *time.Time
}

// ClinicProtocol is one version of a clinic's own triage protocol: the
// file as uploaded (checked before it is kept), the clinic's own test
// cases, and, when it is or was in force, who activated it and when.
type ClinicProtocol struct {
	ClinicID    string
	Version     string
	Body        []byte
	Cases       []byte
	UploadedBy  string
	UploadedAt  time.Time
	Active      bool
	ActivatedBy string
	ActivatedAt *time.Time
}
