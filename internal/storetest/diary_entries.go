package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"unknot/internal/diary"
	"unknot/internal/domain"
)

// ListDiaryEntries gives a plan's entries exactly as ListCheckins does
// for that person and plan: the same days, in order, with every field an
// entry holds; none of another plan's or another person's.
func testDiaryEntries(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := migrated(t, open)
	mustUser(t, db, "u1", "u1@example.org")
	mustUser(t, db, "u2", "u2@example.org")
	mustAssessment(t, db, "plan1", "u1")
	mustAssessment(t, db, "plan2", "u1")
	mustAssessment(t, db, "other", "u2")
	base := planDiary{Baseline: diary.Baseline{Start: "2026-11-01"}, TZ: "UTC"}
	at := time.Date(2026, 11, 3, 20, 0, 0, 123456000, time.UTC)
	for _, c := range []diary.Checkin{
		{UserID: "u1", AssessmentID: "plan1", Entry: diary.Entry{Date: "2026-11-03", PainNow: 4, PainWorst: 6, Stiffness: 2,
			Activity: 3, SleepDisturbed: true, Done: []string{"heat", "bird_dog"}, RedFlags: []string{"fever"}, RecordedAt: at}},
		{UserID: "u1", AssessmentID: "plan1", Entry: diary.Entry{Date: "2026-11-01", PainNow: 7, Backfilled: true, RecordedAt: at}},
		{UserID: "u1", AssessmentID: "plan2", Entry: diary.Entry{Date: "2026-11-02", PainNow: 1, RecordedAt: at}},
		{UserID: "u2", AssessmentID: "other", Entry: diary.Entry{Date: "2026-11-01", PainNow: 2, RecordedAt: at}},
	} {
		if err := putCheckin(ctx, db, &c, base); err != nil {
			t.Fatal(err)
		}
	}
	list, err := db.ListCheckins(ctx, domain.CheckinFilter{UserID: "u1", AssessmentID: "plan1"})
	if err != nil {
		t.Fatal(err)
	}
	want := []diary.Entry{}
	for _, c := range list {
		want = append(want, c.Entry)
	}
	got, err := db.ListDiaryEntries(ctx, "u1", "plan1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !reflect.DeepEqual(got, want) {
		t.Fatalf("ListDiaryEntries = %+v\nListCheckins' entries = %+v", got, want)
	}
	if none, err := db.ListDiaryEntries(ctx, "u2", "plan1"); err != nil || len(none) != 0 || none == nil {
		t.Fatalf("another person's entries of plan1 = %#v, %v; want an empty list", none, err)
	}
}
