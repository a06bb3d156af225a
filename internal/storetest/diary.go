package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"unknot/internal/diary"
	"unknot/internal/domain"
	"unknot/internal/sqlstore"
)

func day(start string, n int) string {
	t, _ := time.Parse(time.DateOnly, start)
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

func testDiary(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := migrated(t, open)
	mustUser(t, db, "u1", "u1@example.org")
	mustUser(t, db, "u2", "u2@example.org")
	mustClinic(t, db, "c1")
	mustAssessment(t, db, "plan1", "u1")
	mustAssessment(t, db, "plan2", "u1")
	mustAssessment(t, db, "other", "u2")
	base := planDiary{Baseline: diary.Baseline{Start: "2026-11-01"}, TZ: "UTC"}
	at := time.Date(2026, 11, 3, 20, 0, 0, 0, time.UTC)

	put := func(c diary.Checkin) {
		t.Helper()
		if err := putCheckin(ctx, db, &c, base); err != nil {
			t.Fatalf("PutCheckin(%s): %v", c.Date, err)
		}
	}
	put(diary.Checkin{UserID: "u1", AssessmentID: "plan1", Entry: diary.Entry{Date: "2026-11-01", PainNow: 5, PainWorst: 7,
		Stiffness: 3, Activity: 2, SleepDisturbed: true, Done: []string{"exercise", "bird_dog"}, RedFlags: []string{"fever"},
		Backfilled: true, RecordedAt: at}})
	put(diary.Checkin{UserID: "u1", AssessmentID: "plan1", Entry: diary.Entry{Date: "2026-11-03", PainNow: 4, RecordedAt: at}})
	// The same day again replaces the entry, keeping when it was first recorded.
	put(diary.Checkin{UserID: "u1", AssessmentID: "plan1", Entry: diary.Entry{Date: "2026-11-03", PainNow: 6, PainWorst: 8,
		RecordedAt: at.Add(time.Hour)}, UpdatedAt: at.Add(time.Hour)})
	put(diary.Checkin{UserID: "u2", AssessmentID: "other", Entry: diary.Entry{Date: "2026-11-03", PainNow: 1, RecordedAt: at}})

	got, err := db.ListCheckins(ctx, domain.CheckinFilter{UserID: "u1"})
	if err != nil || len(got) != 2 {
		t.Fatalf("ListCheckins = %+v, %v; want 2 entries", got, err)
	}
	first := got[0]
	if first.Date != "2026-11-01" || first.PainNow != 5 || first.PainWorst != 7 || !first.SleepDisturbed || !first.Backfilled ||
		!slices.Equal(first.Done, []string{"exercise", "bird_dog"}) || !slices.Equal(first.RedFlags, []string{"fever"}) ||
		!first.RecordedAt.Equal(at) || first.AssessmentID != "plan1" {
		t.Fatalf("round trip: %+v", first)
	}
	if second := got[1]; second.PainNow != 6 || second.PainWorst != 8 || !second.RecordedAt.Equal(at) ||
		!second.UpdatedAt.Equal(at.Add(time.Hour)) || second.Done == nil || len(second.Done) != 0 {
		t.Fatalf("the day's second check-in did not replace the first (keeping recorded_at): %+v", second)
	}
	for f, n := range map[domain.CheckinFilter]int{
		{UserID: "u1", From: "2026-11-02"}:                      1,
		{UserID: "u1", To: "2026-11-02", AssessmentID: "plan1"}: 1,
		{UserID: "u1", From: "2026-11-01", To: "2026-11-03"}:    2,
		{UserID: "u1", AssessmentID: "plan2"}:                   0,
	} {
		if list, err := db.ListCheckins(ctx, f); err != nil || len(list) != n {
			t.Errorf("ListCheckins(%+v) = %d entries, %v; want %d", f, len(list), err, n)
		}
	}
	if _, err := db.ListCheckins(ctx, domain.CheckinFilter{}); domain.ErrorCode(err) != domain.EInvalid {
		t.Fatalf("ListCheckins without a person = %v; want invalid", err)
	}
	bad := diary.Checkin{UserID: "u1", AssessmentID: "missing", Entry: diary.Entry{Date: "2026-11-04"}}
	if err := putCheckin(ctx, db, &bad, base); err == nil {
		t.Fatal("a check-in for a missing assessment: want an error")
	}

	flag := &domain.ClinicFlag{ID: "f1", ClinicID: "c1", UserID: "u1", AssessmentID: "plan1", Reason: "worse",
		Text: "Pain worse", At: at, Key: "worse:2026-11-01"}
	if added, err := db.RecordClinicFlag(ctx, flag); err != nil || !added {
		t.Fatalf("RecordClinicFlag = %v, %v", added, err)
	}
	again := *flag
	again.ID, again.At = "f2", at.Add(time.Hour)
	if added, err := db.RecordClinicFlag(ctx, &again); err != nil || added {
		t.Fatalf("the same flag again = %v, %v; want ignored", added, err)
	}
	other := *flag
	other.ID, other.Key = "f3", "new_red_flag:2026-11-01:fever"
	if _, err := db.RecordClinicFlag(ctx, &other); err != nil {
		t.Fatal(err)
	}
	flags, err := db.ListClinicFlags(ctx, "c1")
	if err != nil || len(flags) != 2 || flags[0].ResolvedAt != nil || !flags[0].At.Equal(at) || flags[0].Text == "" {
		t.Fatalf("ListClinicFlags = %+v, %v", flags, err)
	}
	if flags, _ := db.ListClinicFlags(ctx, "c2"); len(flags) != 0 {
		t.Fatalf("another clinic sees %d flags", len(flags))
	}
	if err := db.ResolveClinicFlag(ctx, "c2", "f1"); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("resolving through another clinic = %v; want not found", err)
	}
	if err := db.ResolveClinicFlag(ctx, "c1", "f1"); err != nil {
		t.Fatal(err)
	}
	if err := db.ResolveClinicFlag(ctx, "c1", "f1"); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("resolving twice = %v; want not found", err)
	}
	for _, f := range mustFlags(t, db, "c1") {
		if (f.ID == "f1") != (f.ResolvedAt != nil) {
			t.Fatalf("after resolving f1: %+v", f)
		}
	}

	// Deleting the person leaves no check-in, baseline or flag behind.
	if err := db.DeleteUser(ctx, "u1", "deleted:u1"); err != nil {
		t.Fatal(err)
	}
	for _, row := range dumpAllRows(t, db) {
		if strings.Contains(row, "u1") && !strings.HasPrefix(row, "audit_log") {
			t.Errorf("after deletion a row still holds the person: %s", row)
		}
	}
	if left, _ := db.ListCheckins(ctx, domain.CheckinFilter{UserID: "u2"}); len(left) != 1 {
		t.Fatal("deleting one person removed another's diary")
	}
}

// testWorsening stores random diaries for a clinic's patients and checks
// that the store's caseload query names exactly the plans diary.TrendOf
// calls worse, baselines from the assessment and from the first days
// alike, across zones, with back-filled days and gaps.
func testWorsening(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := migrated(t, open)
	mustClinic(t, db, "c1")
	mustClinic(t, db, "c2")
	now := time.Date(2026, 11, 24, 11, 30, 0, 0, time.UTC) // already the 25th in Auckland
	zones := []string{"UTC", "Pacific/Auckland", "America/Los_Angeles"}
	rng := rand.New(rand.NewPCG(7, 24))
	want := map[string]bool{}
	const plans = 36
	for i := range plans {
		user, plan := fmt.Sprintf("p%02d", i), fmt.Sprintf("plan%02d", i)
		mustUser(t, db, user, user+"@example.org")
		mustAssessment(t, db, plan, user)
		clinic := "c1"
		if i%9 == 8 {
			clinic = "c2" // not c1's: never listed for c1
		}
		if err := db.SetAssessmentClinic(ctx, plan, clinic); err != nil {
			t.Fatal(err)
		}
		tz := zones[i%len(zones)]
		loc, _ := time.LoadLocation(tz)
		today := now.In(loc).Format(time.DateOnly)
		base := planDiary{Baseline: diary.Baseline{Start: day(today, -rng.IntN(20))}, TZ: tz}
		if i%2 == 0 {
			p := rng.IntN(8)
			base.Pain = &p
		}
		var entries []diary.Entry
		level := rng.IntN(7)
		for d := base.Start; d <= today; d = day(d, 1) {
			if rng.IntN(4) == 0 {
				continue // a missed day
			}
			level = min(10, max(0, level+rng.IntN(3)-1))
			e := diary.Entry{Date: d, PainNow: level, PainWorst: min(10, level+1), Backfilled: d < today && rng.IntN(3) == 0}
			entries = append(entries, e)
		}
		// Stored out of order, as back-filling does.
		rng.Shuffle(len(entries), func(a, b int) { entries[a], entries[b] = entries[b], entries[a] })
		for _, e := range entries {
			c := diary.Checkin{UserID: user, AssessmentID: plan, Entry: e}
			if err := putCheckin(ctx, db, &c, base); err != nil {
				t.Fatal(err)
			}
		}
		tr := diary.TrendOf(entries, today, base.Baseline)
		if clinic == "c1" && tr.Status == diary.Worse {
			want[plan] = true
		}
	}
	rows, err := db.Worsening(ctx, "c1", now)
	if err != nil {
		t.Fatalf("Worsening: %v", err)
	}
	got := map[string]bool{}
	for _, r := range rows {
		got[r.AssessmentID] = true
		if r.RecentDays < 1 || r.BaseDays < 1 || r.UserID == "" || r.Today == "" {
			t.Errorf("row %+v lacks its sums", r)
		}
		if diary.ClassifySums(r.RecentSum, r.RecentDays, r.BaseSum, r.BaseDays) != diary.Worse {
			t.Errorf("row %+v: its own sums are not worse", r)
		}
	}
	for p := range want {
		if !got[p] {
			t.Errorf("%s is worse by TrendOf but not listed", p)
		}
	}
	for p := range got {
		if !want[p] {
			t.Errorf("%s is listed but TrendOf does not call it worse", p)
		}
	}
	if len(want) == 0 || len(want) == plans {
		t.Fatalf("the random diaries give %d worse plans of %d: not a test", len(want), plans)
	}
	if rows, err := db.Worsening(ctx, "empty-clinic", now); err != nil || len(rows) != 0 {
		t.Fatalf("Worsening(no patients) = %v, %v", rows, err)
	}
}

func mustFlags(t *testing.T, db *sqlstore.DB, clinicID string) []domain.ClinicFlag {
	t.Helper()
	flags, err := db.ListClinicFlags(context.Background(), clinicID)
	if err != nil {
		t.Fatal(err)
	}
	return flags
}

// planDiary is a diary's baseline and zone, as app keeps them for a plan.
type planDiary struct {
	diary.Baseline
	TZ string
}

// putCheckin stores a check-in and its plan's summary in one transaction,
// as the check-in use case does.
func putCheckin(ctx context.Context, db *sqlstore.DB, c *diary.Checkin, p planDiary) error {
	return db.InTx(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.PutCheckin(ctx, c); err != nil {
			return err
		}
		list, err := tx.ListCheckins(ctx, domain.CheckinFilter{UserID: c.UserID, AssessmentID: c.AssessmentID})
		if err != nil {
			return err
		}
		entries := make([]diary.Entry, len(list))
		for i, c := range list {
			entries[i] = c.Entry
		}
		s := diary.SummaryOf(entries, p.Baseline)
		s.AssessmentID, s.UserID, s.TZ = c.AssessmentID, c.UserID, p.TZ
		return tx.PutDiarySummary(ctx, &s)
	})
}
