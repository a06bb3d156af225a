package outcome

import "time"

// Response is one completed outcome instrument, for the plan of one
// assessment: the answers as given and the score they made when taken.
type Response struct {
	ID           string
	UserID       string
	AssessmentID string
	Instrument   string
	Answers      []Answer
	Score        float64
	Subscale     *int
	Band         string
	// Licence is the clinic's licence statement for licensed wording, as
	// it stood when the form was answered; empty otherwise.
	Licence string
	Date    string // YYYY-MM-DD in the person's zone
	TakenAt time.Time
}
