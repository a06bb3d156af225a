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
