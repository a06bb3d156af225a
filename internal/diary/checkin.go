package diary

import "time"

// Checkin is one stored diary entry: the person's, for the plan of one
// assessment.
type Checkin struct {
	UserID       string
	AssessmentID string
	Entry
	UpdatedAt time.Time
}
