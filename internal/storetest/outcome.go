package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"unknot/internal/domain"
	"unknot/internal/outcome"
)

func testOutcomes(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := migrated(t, open)
	mustUser(t, db, "u1", "u1@example.org")
	mustUser(t, db, "u2", "u2@example.org")
	mustAssessment(t, db, "plan1", "u1")
	mustAssessment(t, db, "other", "u2")
	at := time.Date(2026, 11, 3, 20, 0, 0, 0, time.UTC)
	v := func(n int) *int { return &n }

	put := func(o outcome.Response) {
		t.Helper()
		if err := db.PutOutcome(ctx, &o); err != nil {
			t.Fatalf("PutOutcome(%s): %v", o.ID, err)
		}
	}
	psfs := []outcome.Answer{{LinkID: "activity_1", Text: "Lifting my child", Value: v(3)},
		{LinkID: "activity_2", Text: "Sitting at work", Value: v(4)}, {LinkID: "activity_3", Text: "Running", Value: v(2)}}
	put(outcome.Response{ID: "o2", UserID: "u1", AssessmentID: "plan1", Instrument: "psfs", Answers: psfs,
		Score: 3, Date: "2026-11-17", TakenAt: at.AddDate(0, 0, 14)})
	put(outcome.Response{ID: "o1", UserID: "u1", AssessmentID: "plan1", Instrument: "nprs",
		Answers: []outcome.Answer{{LinkID: "pain", Value: v(6)}}, Score: 6, Date: "2026-11-03", TakenAt: at})
	put(outcome.Response{ID: "o3", UserID: "u1", AssessmentID: "plan1", Instrument: "startback",
		Answers: []outcome.Answer{{LinkID: "1", Value: v(1)}}, Score: 5.5, Subscale: v(4), Band: "high",
		Licence: "TEST DATA licence", Date: "2026-11-03", TakenAt: at.Add(time.Minute)})
	put(outcome.Response{ID: "o4", UserID: "u2", AssessmentID: "other", Instrument: "nprs",
		Answers: []outcome.Answer{{LinkID: "pain", Value: v(1)}}, Score: 1, Date: "2026-11-03", TakenAt: at})

	got, err := db.ListOutcomes(ctx, domain.OutcomeFilter{AssessmentID: "plan1"})
	if err != nil || len(got) != 3 {
		t.Fatalf("ListOutcomes = %+v, %v; want 3", got, err)
	}
	if ids := []string{got[0].ID, got[1].ID, got[2].ID}; !slices.Equal(ids, []string{"o1", "o3", "o2"}) {
		t.Fatalf("order %v; want by time taken", ids)
	}
	sb := got[1]
	if sb.Score != 5.5 || sb.Subscale == nil || *sb.Subscale != 4 || sb.Band != "high" || sb.Licence != "TEST DATA licence" ||
		sb.Date != "2026-11-03" || !sb.TakenAt.Equal(at.Add(time.Minute)) || sb.UserID != "u1" {
		t.Fatalf("round trip: %+v", sb)
	}
	if p := got[2]; len(p.Answers) != 3 || p.Answers[0].Text != "Lifting my child" || *p.Answers[2].Value != 2 || p.Subscale != nil {
		t.Fatalf("answers round trip: %+v", p)
	}
	only, err := db.ListOutcomes(ctx, domain.OutcomeFilter{AssessmentID: "plan1", Instrument: "nprs"})
	if err != nil || len(only) != 1 || only[0].ID != "o1" {
		t.Fatalf("ListOutcomes(nprs) = %+v, %v", only, err)
	}
	if _, err := db.ListOutcomes(ctx, domain.OutcomeFilter{}); err == nil {
		t.Fatal("ListOutcomes without an assessment: want an error")
	}

	// Erasing the person erases their responses.
	if err := db.DeleteUser(ctx, "u1", "gone"); err != nil {
		t.Fatal(err)
	}
	if got, err := db.ListOutcomes(ctx, domain.OutcomeFilter{AssessmentID: "plan1"}); err != nil || len(got) != 0 {
		t.Fatalf("after DeleteUser: %+v, %v", got, err)
	}
	if got, err := db.ListOutcomes(ctx, domain.OutcomeFilter{AssessmentID: "other"}); err != nil || len(got) != 1 {
		t.Fatalf("another's responses after DeleteUser: %+v, %v", got, err)
	}
}
