package main

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"unknot/internal/postgres/pgtest"
)

// runWorkspace drives the therapist's workspace through the API on one
// engine: a program and its versions, what the patient's plan and calendar
// show, refusals that name the field, a session note that no route can
// change once signed, addenda, and the audit of every read of a chart, a
// program and a note.
func runWorkspace(t *testing.T, cfg Config) {
	m := startMain(t, cfg)
	w := buildWorld(t, m)
	w.raiseFlags()
	w.workspace()
	th, admin, ann := w.actors["therapist1"], w.actors["admin1"], w.actors["patientA"]
	c1, annID := w.clinics["C1"], w.userIDs["patientA"]
	base := "/api/v1/clinics/" + c1 + "/patients/" + annID

	// The builder starts from the plan; two assignments make two more versions.
	var draft map[string]any
	json.Unmarshal(w.must(th, "GET", base+"/programs/draft?template=plan", nil, 200), &draft)
	prog := map[string]any{"exercises": []map[string]any{{"exercise_id": "bird_dog", "reps": 6, "sets": 2, "times_a_day": 1, "days_a_week": 3,
		"note": "Slowly, keep your back flat."}}, "progression": "Add 2 reps a week.", "articles": []string{"what-is-a-knot"}}
	var v struct {
		ID      string
		Version int
		Current bool
	}
	json.Unmarshal(w.must(th, "POST", base+"/programs", prog, 201), &v)
	if v.Version != 2 || !v.Current {
		t.Fatalf("the new program is %+v; want version 2 (the world made version 1), current", v)
	}
	var versions struct {
		Versions []struct {
			Version   int
			Current   bool
			CreatedBy string `json:"created_by"`
		}
	}
	json.Unmarshal(w.must(th, "GET", base+"/programs", nil, 200), &versions)
	if len(versions.Versions) != 2 || !versions.Versions[0].Current || versions.Versions[1].Current || versions.Versions[0].CreatedBy != w.userIDs["therapist1"] {
		t.Fatalf("versions = %+v", versions)
	}

	// The patient's plan and calendar show the program.
	ics := string(w.must(ann, "GET", "/api/v1/assessments/"+w.records["A1"]+"/plan.ics", nil, 200))
	if !strings.Contains(strings.ReplaceAll(ics, "\r\n ", ""), "Bird dog") {
		t.Fatalf("the calendar does not show the program:\n%.1200s", ics)
	}
	var pl struct {
		Program   *struct{ Version int }
		Exercises []struct {
			ExerciseID string `json:"exercise_id"`
		}
	}
	json.Unmarshal(w.must(ann, "GET", "/api/v1/assessments/"+w.records["A1"]+"/plan", nil, 200), &pl)
	if pl.Program == nil || pl.Program.Version != 2 || len(pl.Exercises) != 1 || pl.Exercises[0].ExerciseID != "bird_dog" {
		t.Fatalf("the plan is not the program: %+v", pl)
	}

	// Refusals name the field: 422, 400, never 500.
	for _, c := range []struct {
		body  any
		code  int
		field string
	}{
		{map[string]any{"exercises": []map[string]any{{"exercise_id": "no_such", "times_a_day": 1, "days_a_week": 7}}}, 422, "exercises[0].exercise_id"},
		{map[string]any{"exercises": []map[string]any{{"exercise_id": "cat_cow", "hold_seconds": 600, "times_a_day": 1, "days_a_week": 7}}}, 422, "exercises[0].hold_seconds"},
		{map[string]any{"exercises": []map[string]any{}}, 422, "exercises"},
		{map[string]any{"exercises": "many"}, 422, "exercises"},
		{json.RawMessage(`{"exercises": [`), 400, ""},
	} {
		resp, body := w.do(th, "POST", base+"/programs", c.body)
		if resp.StatusCode != c.code || !strings.Contains(string(body), c.field) {
			t.Errorf("program %v = %d %s; want %d naming %s", c.body, resp.StatusCode, body, c.code, c.field)
		}
	}

	// A note: a draft changes; once signed, no route changes it.
	var n struct {
		ID   string
		Body struct {
			Text          string
			Interventions []struct{ Kind string }
		}
		Addenda []struct {
			Text     string
			AuthorID string `json:"author_id"`
		}
	}
	note := map[string]any{"date": "2026-11-30", "duration_minutes": 40, "body": map[string]any{"visit_type": "follow_up",
		"findings":      []map[string]any{{"muscle": "quadratus_lumborum", "side": "left", "trigger_point": true, "referred_pain": true}},
		"interventions": []map[string]any{{"kind": "trigger_point_release", "details": "left QL"}, {"kind": "dry_needling"}}, "text": "first"}}
	json.Unmarshal(w.must(th, "POST", base+"/session-notes", note, 201), &n)
	np := "/api/v1/clinics/" + c1 + "/session-notes/" + n.ID
	note["body"].(map[string]any)["text"] = "second"
	w.must(th, "PUT", np, note, 200)
	if resp, body := w.do(th, "PUT", np, map[string]any{"date": "2026-11-30", "duration_minutes": 40, "body": map[string]any{"visit_type": "nope"}}); resp.StatusCode != 422 || !strings.Contains(string(body), "visit_type") {
		t.Errorf("a bad visit type = %d %s", resp.StatusCode, body)
	}
	w.must(admin, "POST", np+"/sign", nil, 403) // only the author signs
	w.must(th, "POST", np+"/addenda", map[string]any{"text": "too early"}, 409)
	w.must(th, "POST", np+"/sign", nil, 200)
	note["body"].(map[string]any)["text"] = "changed after signing"
	for _, who := range []matrixActor{th, admin} {
		w.must(who, "PUT", np, note, 409)
		if resp, _ := w.do(who, "POST", np+"/sign", nil); resp.StatusCode != 409 && resp.StatusCode != 403 {
			t.Errorf("signing a signed note again = %d; want 409 (403 for someone not its author)", resp.StatusCode)
		}
		if resp, _ := w.do(who, "POST", "/clinic/"+c1+"/notes/"+n.ID, url.Values{"date": {"2026-11-30"}, "duration_minutes": {"40"},
			"visit_type": {"follow_up"}, "text": {"changed after signing"}}); resp.StatusCode != 409 {
			t.Errorf("the page's save of a signed note = %d; want 409", resp.StatusCode)
		}
		if resp, _ := w.do(who, "POST", "/clinic/"+c1+"/notes/"+n.ID+"/sign", url.Values{}); resp.StatusCode != 409 && resp.StatusCode != 403 {
			t.Errorf("the page's sign of a signed note = %d", resp.StatusCode)
		}
	}
	for _, tok := range []string{"tokenRead", "tokenWrite"} {
		w.must(w.actors[tok], "PUT", np, note, 403)
	}
	w.must(admin, "POST", np+"/addenda", map[string]any{"text": "Needling was on the left."}, 201)
	w.must(admin, "POST", np+"/addenda", map[string]any{"text": ""}, 422)
	json.Unmarshal(w.must(th, "GET", np, nil, 200), &n)
	if n.Body.Text != "second" || len(n.Body.Interventions) != 2 || len(n.Addenda) != 1 || n.Addenda[0].AuthorID != w.userIDs["admin1"] {
		t.Fatalf("the signed note changed, or lost its addendum: %+v", n)
	}

	// The patient logs a session; the caseload reads the adherence.
	w.must(ann, "GET", "/api/v1/me/program", nil, 200)
	w.must(ann, "POST", "/api/v1/me/program/sessions", map[string]any{"done": []string{"cat_cow"}}, 422)
	w.must(ann, "POST", "/api/v1/me/program/sessions", map[string]any{"date": "1999-01-01"}, 422)
	w.must(ann, "POST", "/api/v1/me/program/sessions", map[string]any{}, 201)
	w.must(ann, "POST", "/api/v1/me/program/articles/posture-and-ergonomics/read", nil, 404) // not assigned
	w.must(ann, "POST", "/api/v1/me/program/articles/what-is-a-knot/read", nil, 204)
	var chart struct {
		Read map[string]string `json:"education_read"`
	}
	json.Unmarshal(w.must(th, "GET", base, nil, 200), &chart)
	if chart.Read["what-is-a-knot"] == "" {
		t.Errorf("the chart does not show the article read: %+v", chart)
	}
	var cl struct {
		Patients []struct {
			PatientID string `json:"patient_id"`
			Adherence *struct{ Done, Expected int }
			Reasons   []struct{ Reason string }
		}
	}
	json.Unmarshal(w.must(th, "GET", "/api/v1/clinics/"+c1+"/patients", nil, 200), &cl)
	found := false
	for _, p := range cl.Patients {
		if p.PatientID == annID {
			found = p.Adherence != nil && p.Adherence.Done == 1 && p.Adherence.Expected == 1 && len(p.Reasons) > 0 && p.Reasons[0].Reason == "red_flag"
		}
	}
	if !found {
		t.Fatalf("the caseload does not show Ann first with her warning sign and adherence 1 of 1: %+v", cl)
	}
	w.must(th, "GET", "/api/v1/clinics/"+c1+"/patients?reason=bogus", nil, 422)
	var mine struct{ Patients []any }
	json.Unmarshal(w.must(th, "GET", "/api/v1/clinics/"+c1+"/patients?mine=true&q=patienta", nil, 200), &mine)
	if len(mine.Patients) != 1 {
		t.Fatalf("mine and q: %+v", mine)
	}

	// Every read of a chart, a program and a note is in the audit log.
	w.must(th, "GET", base, nil, 200)
	var audit struct {
		Entries []struct{ Actor, Action, Record string }
	}
	json.Unmarshal(w.must(admin, "GET", "/api/v1/clinics/"+c1+"/audit?limit=1000", nil, 200), &audit)
	seen := map[string]bool{}
	for _, e := range audit.Entries {
		if e.Action == "read" {
			seen[strings.SplitN(e.Record, ":", 2)[0]+":"+e.Actor] = true
			seen[e.Record] = true
		}
	}
	for _, want := range []string{"chart:" + annID, "note:" + n.ID, "program:" + v.ID, "programs:" + annID,
		"chart:" + w.userIDs["therapist1"], "program:" + w.userIDs["patientA"]} {
		if !seen[want] {
			t.Errorf("no read of %s in the audit log", want)
		}
	}
}

func TestWorkspaceSQLite(t *testing.T) { runWorkspace(t, Config{}) }

func TestWorkspacePostgres(t *testing.T) { runWorkspace(t, Config{DatabaseURL: pgtest.URL(t)}) }
