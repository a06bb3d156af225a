package domain

import "time"

// AssessmentFilter selects assessments; set exactly one of its fields.
type AssessmentFilter struct {
	OwnerID  string
	ClinicID string
	Limit    int
}

// AuditFilter selects audit entries; empty fields match everything.
type AuditFilter struct {
	ClinicID string
	Record   string
	Actor    string
	Action   string
	// Subject is whose data the entry is about: a user id.
	Subject string
	Limit   int
}

// Member is a clinic member with the name and email the clinic's admin sees.
type Member struct {
	Membership
	Email string
	Name  string
}

// CheckinFilter selects check-ins. UserID is required; the rest narrow it.
// From and To are inclusive YYYY-MM-DD dates; empty means open-ended.
type CheckinFilter struct {
	UserID       string
	AssessmentID string
	From, To     string
}

// ClinicFlag is a note to a clinic about one of its patients: why, when,
// and whether someone has dealt with it.
type ClinicFlag struct {
	ID           string
	ClinicID     string
	UserID       string
	AssessmentID string
	Reason       string
	Text         string
	At           time.Time
	// Key makes a flag once-only per clinic and plan (diary.ClinicFlag.Key).
	Key        string
	ResolvedAt *time.Time
}

// OutcomeFilter selects outcome responses. AssessmentID is required;
// Instrument narrows it to one instrument.
type OutcomeFilter struct {
	AssessmentID string
	Instrument   string
}

// WorseningRow is one plan whose pain is meaningfully worse than its
// baseline, with the exact sums behind the judgement (see the diary
// package doc): the recent mean is RecentSum/RecentDays, the baseline
// BaseSum/BaseDays.
type WorseningRow struct {
	UserID       string
	AssessmentID string
	Today        string // the person's date the judgement was made on
	RecentSum    int
	RecentDays   int
	BaseSum      int
	BaseDays     int
	// FromAssessment is true when the baseline is the assessment's pain.
	FromAssessment bool
}

// QuestionnaireAssignment is an outcome instrument a therapist assigned to
// a patient from the chart, due every EveryDays from StartsOn.
type QuestionnaireAssignment struct {
	ClinicID   string
	UserID     string
	Instrument string
	EveryDays  int
	StartsOn   string // YYYY-MM-DD
	AssignedBy string
	AssignedAt time.Time
}
