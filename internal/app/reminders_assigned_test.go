package app

import (
	"slices"
	"testing"
	"time"

	"unknot/internal/domain"
)

// An assigned questionnaire falls due on its first day and every
// EveryDays after, from yesterday on; a one-off once.
func TestAssignedQuestionnaireDays(t *testing.T) {
	now := time.Date(2026, 12, 1, 13, 6, 0, 0, time.UTC)
	for _, c := range []struct {
		a    domain.QuestionnaireAssignment
		want []string
	}{
		{domain.QuestionnaireAssignment{StartsOn: "2026-11-17", EveryDays: 14}, []string{"2026-12-01", "2026-12-15", "2026-12-29", "2027-01-12", "2027-01-26"}},
		{domain.QuestionnaireAssignment{StartsOn: "2026-12-03", EveryDays: 0}, []string{"2026-12-03"}},
		{domain.QuestionnaireAssignment{StartsOn: "2026-11-01", EveryDays: 0}, nil},
		{domain.QuestionnaireAssignment{StartsOn: "not a date", EveryDays: 7}, nil},
	} {
		if got := assignedDue(c.a, now); !slices.Equal(got, c.want) {
			t.Errorf("%+v: %v; want %v", c.a, got, c.want)
		}
	}
}
