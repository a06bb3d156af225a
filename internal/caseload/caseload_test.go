package caseload

import (
	"testing"
	"time"

	"unknot/internal/diary"
)

func TestBuildOrdersByNeed(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	shared := now.AddDate(0, 0, -20)
	facts := []Facts{
		{PatientID: "calm", Name: "Calm", LatestAssessment: "a", SharedAt: shared, LastCheckin: "2026-11-24", SignedNote: true,
			Program: &ProgramFacts{StartsOn: "2026-11-01", DaysAWeek: 7, Logged: 7}},
		{PatientID: "quiet", Name: "Quiet", LatestAssessment: "a", SharedAt: shared, LastCheckin: "2026-11-20", SignedNote: true},
		{PatientID: "worse", Name: "Worse", LatestAssessment: "a", SharedAt: shared, LastCheckin: "2026-11-24", SignedNote: true,
			Worse: &Worsening{Recent: 6, Baseline: 3, RecentDays: 5}},
		{PatientID: "flag", Name: "Zed", LatestAssessment: "a", SharedAt: shared, LastCheckin: "2026-11-24", SignedNote: true,
			Flags: []Flag{{Reason: diary.FlagRedFlag, Text: "New red flag: numbness"}}},
		{PatientID: "new", Name: "New", LatestAssessment: "a", SharedAt: now.Add(-time.Hour)},
		{PatientID: "lazy", Name: "Lazy", LatestAssessment: "a", SharedAt: shared, LastCheckin: "2026-11-24", SignedNote: true,
			Program: &ProgramFacts{StartsOn: "2026-11-01", DaysAWeek: 7, Logged: 1}},
		{PatientID: "due", Name: "Due", LatestAssessment: "a", SharedAt: shared, LastCheckin: "2026-11-24", SignedNote: true,
			Assignments: []Assignment{{Instrument: "nprs", EveryDays: 14, StartsOn: "2026-11-01", LastTaken: "2026-11-08"}}},
	}
	rows := Build(facts, now, 3, func(id string) string { return "Pain rating" })
	var order []string
	for _, r := range rows {
		order = append(order, r.PatientID)
	}
	want := []string{"flag", "worse", "due", "lazy", "quiet", "new", "calm"}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("order %v; want %v", order, want)
		}
	}
	if rows[4].Items[0].Text != "No check-in for 4 days" || rows[3].Adherence.Percent != 14 || rows[2].Items[0].Text != "Pain rating due 2026-11-22" {
		t.Errorf("words: %+v %+v %+v", rows[4].Items, rows[3].Adherence, rows[2].Items)
	}
	if got := Build(facts[1:2], now, 5, nil); len(got[0].Items) != 0 {
		t.Errorf("a clinic's gap of 5 days still lists 4 days: %+v", got[0].Items)
	}
	if f := (Filter{Reason: Worse}).Apply(rows); len(f) != 1 || f[0].PatientID != "worse" {
		t.Errorf("reason filter: %+v", f)
	}
	if f := (Filter{Query: "ZE"}).Apply(rows); len(f) != 1 || f[0].PatientID != "flag" {
		t.Errorf("query filter: %+v", f)
	}
	if f := (Filter{TherapistID: "t1"}).Apply(rows); len(f) != 0 {
		t.Errorf("mine: %+v", f)
	}
}
