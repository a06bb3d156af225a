package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"unknot/internal/postgres/pgtest"
	"unknot/internal/testclock"
)

// startMainAt is startMain on the test's clock.
func startMainAt(t *testing.T, cfg Config, clock *testclock.Clock) *Main {
	t.Helper()
	return startMainWith(t, cfg, func(m *Main) { m.Now = clock.Now })
}

type checkinReply struct {
	Entry struct {
		Date       string `json:"date"`
		PainNow    int    `json:"pain_now"`
		Backfilled bool   `json:"backfilled"`
	} `json:"entry"`
	Trend struct {
		Status       string  `json:"status"`
		Text         string  `json:"text"`
		ChangePoints float64 `json:"change_points"`
	} `json:"trend"`
	Escalation struct {
		Step        string   `json:"step"`
		Disposition string   `json:"disposition"`
		Advice      string   `json:"advice"`
		Because     []string `json:"because"`
	} `json:"escalation"`
	Retriage *struct {
		Disposition string `json:"disposition"`
	} `json:"retriage"`
	Flags []struct{ Reason string } `json:"flags"`
}

type problemsReply struct {
	Problems []struct{ Field, Problem string } `json:"problems"`
}

func (p problemsReply) has(field string) bool {
	for _, x := range p.Problems {
		if x.Field == field {
			return true
		}
	}
	return false
}

func runDiary(t *testing.T, cfg Config) {
	clock := testclock.New()
	m := startMainAt(t, cfg, clock)
	w := buildWorld(t, m)
	ann, bob, therapist := w.actors["patientA"], w.actors["patientB"], w.actors["therapist1"]

	// Ann assesses (pain 3 now: the baseline) and shares it with her clinic, C1.
	var res struct{ ID, Disposition string }
	json.Unmarshal(w.must(ann, "POST", "/api/v1/assessments",
		json.RawMessage(`{"age": 35, "regions": ["flank_left"], "pain": {"now": 3}}`), 201), &res)
	if res.Disposition != "self_care" {
		t.Fatalf("the assessment is %q; the test needs self_care", res.Disposition)
	}
	w.must(ann, "POST", "/api/v1/assessments/"+res.ID+"/share", map[string]string{"invite_code": w.invites["C1"]}, 200)
	checkin := func(a matrixActor, body map[string]any, want int) (checkinReply, problemsReply) {
		t.Helper()
		body["assessment_id"] = res.ID
		for _, k := range []string{"pain_worst", "stiffness", "activity"} {
			if _, ok := body[k]; !ok {
				body[k] = 2
			}
		}
		b := w.must(a, "POST", "/api/v1/checkins", body, want)
		var r checkinReply
		var p problemsReply
		json.Unmarshal(b, &r)
		json.Unmarshal(b, &p)
		return r, p
	}
	today := func() string { return clock.Now().Format(time.DateOnly) }
	daysAgo := func(n int) string { return clock.Now().AddDate(0, 0, -n).Format(time.DateOnly) }

	// Bad values are refused, naming each field.
	_, p := checkin(ann, map[string]any{"pain_now": 11, "red_flags": []string{"saddle_numbnes"}}, 422)
	if !p.has("pain_now") || !p.has("red_flags[0]") {
		t.Fatalf("422 does not name pain_now and red_flags[0]: %+v", p)
	}
	_, p = checkin(ann, map[string]any{"pain_worst": 2}, 422)
	if !p.has("pain_now") {
		t.Fatalf("a missing pain_now is not named: %+v", p)
	}
	_, p = checkin(ann, map[string]any{"pain_now": 3, "date": "2026-11-03"}, 422)
	if !p.has("date") {
		t.Fatalf("a date after today is not named: %+v", p)
	}

	// A week in which pain creeps up; day 4 is missed and filled in on day 6.
	pains := []int{3, 3, 3, 4, -1, 5, 6}
	var last checkinReply
	for d, pain := range pains {
		if d > 0 {
			clock.Advance(24 * time.Hour)
		}
		if pain < 0 {
			continue
		}
		last, _ = checkin(ann, map[string]any{"pain_now": pain, "done": []string{"exercise"}}, 201)
		if last.Entry.Date != today() || last.Entry.Backfilled {
			t.Fatalf("day %d: entry %+v", d, last.Entry)
		}
		if d < 6 && last.Escalation.Step != "continue" {
			t.Fatalf("day %d (pain %d): escalation %+v, trend %+v; want continue", d, pain, last.Escalation, last.Trend)
		}
	}
	if last.Escalation.Step != "see_clinician" || last.Escalation.Disposition != "see_clinician" || last.Trend.Status != "worse" ||
		len(last.Flags) != 1 || last.Flags[0].Reason != "worse" {
		t.Fatalf("the week ends with %+v, trend %+v, flags %+v; want see_clinician, worse and a new clinic flag",
			last.Escalation, last.Trend, last.Flags)
	}

	// Filling in the missed day is accepted and marked; changing an earlier
	// day's entry is not; today's may change.
	back, _ := checkin(ann, map[string]any{"pain_now": 4, "date": daysAgo(2)}, 201)
	if !back.Entry.Backfilled || back.Entry.Date != daysAgo(2) {
		t.Fatalf("back-filled entry %+v", back.Entry)
	}
	if len(back.Flags) != 0 || back.Escalation.Step != "see_clinician" {
		t.Fatalf("back-filling: %+v, flags %+v; want still see_clinician and the flag not repeated", back.Escalation, back.Flags)
	}
	_, p = checkin(ann, map[string]any{"pain_now": 1, "date": daysAgo(1)}, 409)
	if !p.has("date") {
		t.Fatalf("editing yesterday's entry: the refusal names no field: %+v", p)
	}
	edited, _ := checkin(ann, map[string]any{"pain_now": 7}, 200)
	if edited.Entry.PainNow != 7 || edited.Entry.Date != today() || edited.Escalation.Step != "see_clinician" {
		t.Fatalf("editing today's entry: %+v %+v", edited.Entry, edited.Escalation)
	}

	// The clinic sees the flag, and who is getting worse.
	var flags struct {
		Flags []struct {
			PatientID    string `json:"patient_id"`
			AssessmentID string `json:"assessment_id"`
			Reason, Text string
		} `json:"flags"`
	}
	json.Unmarshal(w.must(therapist, "GET", "/api/v1/clinics/"+w.clinics["C1"]+"/flags", nil, 200), &flags)
	if len(flags.Flags) != 1 || flags.Flags[0].Reason != "worse" || flags.Flags[0].AssessmentID != res.ID ||
		flags.Flags[0].PatientID != w.userID("patientA") || !strings.Contains(flags.Flags[0].Text, "Pain worse") {
		t.Fatalf("the therapist sees flags %+v", flags.Flags)
	}
	var worse struct {
		Patients []struct {
			AssessmentID string  `json:"assessment_id"`
			Baseline     float64 `json:"baseline"`
			Recent       float64 `json:"recent"`
		} `json:"patients"`
	}
	json.Unmarshal(w.must(therapist, "GET", "/api/v1/clinics/"+w.clinics["C1"]+"/worsening", nil, 200), &worse)
	if len(worse.Patients) != 1 || worse.Patients[0].AssessmentID != res.ID || worse.Patients[0].Baseline != 3 {
		t.Fatalf("worsening = %+v", worse.Patients)
	}
	w.must(w.actors["admin2"], "GET", "/api/v1/clinics/"+w.clinics["C1"]+"/flags", nil, 403)

	// The diary and its CSV: one row per day, for Ann and her clinic only.
	var view struct {
		Entries []struct{ Date string } `json:"entries"`
		Trend   struct{ Status string } `json:"trend"`
		Charts  []struct {
			ID     string `json:"id"`
			Series []struct {
				Points []struct{ Date string } `json:"points"`
			} `json:"series"`
		} `json:"charts"`
	}
	json.Unmarshal(w.must(ann, "GET", "/api/v1/assessments/"+res.ID+"/diary", nil, 200), &view)
	if len(view.Entries) != 7 || view.Trend.Status != "worse" || len(view.Charts) != 3 || len(view.Charts[0].Series[0].Points) != 7 {
		t.Fatalf("diary: %d entries, trend %q, %d charts", len(view.Entries), view.Trend.Status, len(view.Charts))
	}
	w.must(therapist, "GET", "/api/v1/assessments/"+res.ID+"/diary", nil, 200)
	resp, body := w.do(ann, "GET", "/api/v1/assessments/"+res.ID+"/diary.csv", nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("diary.csv = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	lines := strings.Split(strings.TrimSpace(string(body)), "\r\n")
	if len(lines) != 8 || !strings.HasPrefix(lines[0], "date,pain_now,") || !strings.HasPrefix(lines[5], daysAgo(2)+",4,") ||
		!strings.Contains(lines[5], ",true,") {
		t.Fatalf("diary.csv: %q", lines)
	}
	var audit struct {
		Entries []struct{ Actor, Action, Record string } `json:"entries"`
	}
	json.Unmarshal(w.must(w.actors["admin1"], "GET", "/api/v1/clinics/"+w.clinics["C1"]+"/audit?record=diary:"+res.ID, nil, 200), &audit)
	seen := map[string]bool{}
	for _, e := range audit.Entries {
		seen[e.Action+" by "+e.Actor] = true
	}
	for _, want := range []string{"write by " + w.userID("patientA"), "read by " + w.userID("therapist1"), "export by " + w.userID("patientA")} {
		if !seen[want] {
			t.Errorf("the audit log lacks %s on the diary: %v", want, seen)
		}
	}
	for _, path := range []string{"/diary", "/diary.csv"} {
		w.must(bob, "GET", "/api/v1/assessments/"+res.ID+path, nil, 404)
	}
	checkin(bob, map[string]any{"pain_now": 1}, 404)
	// Her therapist reads the diary but does not write in it.
	checkin(therapist, map[string]any{"pain_now": 1}, 403)

	// The next day a new warning sign re-runs triage at once: an emergency.
	clock.Advance(24 * time.Hour)
	flag, _ := checkin(ann, map[string]any{"pain_now": 6, "red_flags": []string{"saddle_numbness"}}, 201)
	if flag.Escalation.Step != "retriage" || flag.Escalation.Disposition != "emergency" || flag.Retriage == nil ||
		flag.Retriage.Disposition != "emergency" || flag.Escalation.Advice == "" {
		t.Fatalf("a new red flag gives %+v, retriage %+v; want emergency at once", flag.Escalation, flag.Retriage)
	}
	if len(flag.Flags) != 1 || flag.Flags[0].Reason != "new_red_flag" {
		t.Fatalf("red-flag clinic flags: %+v", flag.Flags)
	}
	json.Unmarshal(w.must(therapist, "GET", "/api/v1/clinics/"+w.clinics["C1"]+"/flags", nil, 200), &flags)
	if len(flags.Flags) != 2 || flags.Flags[0].Reason != "new_red_flag" {
		t.Fatalf("after the red flag the therapist sees %+v", flags.Flags)
	}
}

func TestDiarySQLite(t *testing.T) { runDiary(t, Config{}) }

func TestDiaryPostgres(t *testing.T) { runDiary(t, Config{DatabaseURL: pgtest.URL(t)}) }
