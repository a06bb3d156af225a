package domain

import "time"

// Notification is one reminder in a person's in-app list (issue 15).
type Notification struct {
	ID     string
	UserID string
	// Occurrence names the reminder's occurrence: unique per person, so
	// that it is delivered once.
	Occurrence string
	Kind       string
	Title      string
	Body       string
	Path       string
	DueAt      time.Time
	CreatedAt  time.Time
	ReadAt     *time.Time
}
