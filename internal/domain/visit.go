package domain

import "time"

// Visit statuses: a patient asks, the clinic accepts (with a time) or
// declines (with a message). One request, one answer.
const (
	VisitRequested = "requested"
	VisitAccepted  = "accepted"
	VisitDeclined  = "declined"
)

// Visit is a patient's request to see their clinic and the clinic's
// answer. Issue 14 stores and answers them; issue 15 reminds people of
// accepted ones and puts them in the private calendar feed.
type Visit struct {
	ID       string
	ClinicID string
	UserID   string // the patient
	// AssessmentID is the result the request was made from, if any.
	AssessmentID string
	Status       string
	// Times is when suits the patient, in their own words.
	Times string
	// Note is the patient's message with the request.
	Note string
	// At is the accepted visit's start; Minutes its length.
	At      *time.Time
	Minutes int
	// Reply is the clinic's message with its answer.
	Reply      string
	AnsweredBy string
	CreatedAt  time.Time
	AnsweredAt *time.Time
}
