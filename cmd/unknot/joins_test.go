package main

import (
	"encoding/json"
	"strings"
	"testing"

	"unknot/internal/postgres/pgtest"
)

// TestIntakesAndLeaving: a result shared with a clinic by someone not its
// patient is an intake (its staff read the result, not a chart); declined
// with a message the person reads (the result is no longer shared), or
// accepted (the person is the clinic's patient). A patient who leaves: the
// clinic keeps their signed session notes, read under the audit, and loses
// the chart, results, thread and FHIR export. On both engines.
func TestIntakesAndLeavingSQLite(t *testing.T) { runIntakesAndLeaving(t, Config{}) }

func TestIntakesAndLeavingPostgres(t *testing.T) {
	runIntakesAndLeaving(t, Config{DatabaseURL: pgtest.URL(t)})
}

func runIntakesAndLeaving(t *testing.T, cfg Config) {
	m := startMain(t, cfg)
	w := buildWorld(t, m)
	w.workspace()
	loner, therapist, admin1, admin2 := w.actors["loner"], w.actors["therapist1"], w.actors["admin1"], w.actors["admin2"]
	var me struct{ ID string }
	json.Unmarshal(w.must(loner, "GET", "/api/v1/me", nil, 200), &me)
	c1, c2 := "/api/v1/clinics/"+w.clinics["C1"], "/api/v1/clinics/"+w.clinics["C2"]

	// An intake in C1, declined with a message.
	first := w.assess(loner)
	w.must(loner, "POST", "/api/v1/assessments/"+first+"/share", map[string]string{"invite_code": w.invites["C1"]}, 200)
	if b := w.must(therapist, "GET", c1+"/intakes", nil, 200); !strings.Contains(string(b), me.ID) || !strings.Contains(string(b), first) {
		t.Fatalf("the intake is not listed: %s", b)
	}
	w.must(therapist, "GET", "/api/v1/assessments/"+first, nil, 200)
	if resp, _ := w.do(therapist, "GET", c1+"/patients/"+me.ID, nil); resp.StatusCode != 404 {
		t.Fatalf("an intake's chart = %d; want 404 before it is accepted", resp.StatusCode)
	}
	if resp, _ := w.do(therapist, "POST", c1+"/intakes/"+me.ID+"/answer", map[string]string{"decision": "decline"}); resp.StatusCode != 422 {
		t.Fatalf("declining without a message = %d; want 422", resp.StatusCode)
	}
	const why = "We only see people who live near us. Your GP can refer you to a local service."
	w.must(therapist, "POST", c1+"/intakes/"+me.ID+"/answer", map[string]string{"decision": "decline", "message": why}, 200)
	if b := w.must(loner, "GET", "/api/v1/me/intakes", nil, 200); !strings.Contains(string(b), why) {
		t.Fatalf("the person does not read the decline: %s", b)
	}
	if resp, _ := w.do(therapist, "GET", "/api/v1/assessments/"+first, nil); resp.StatusCode != 404 {
		t.Fatalf("after declining, the clinic reads the result: %d", resp.StatusCode)
	}
	if resp, _ := w.do(therapist, "POST", c1+"/intakes/"+me.ID+"/answer", map[string]string{"decision": "accept"}); resp.StatusCode != 409 {
		t.Fatalf("a second answer = %d; want 409", resp.StatusCode)
	}

	// An intake in C2, accepted: the person is its patient.
	second := w.assess(loner)
	w.must(loner, "POST", "/api/v1/assessments/"+second+"/share", map[string]string{"invite_code": w.invites["C2"]}, 200)
	w.must(admin2, "POST", c2+"/intakes/"+me.ID+"/answer", map[string]string{"decision": "accept"}, 200)
	w.must(admin2, "GET", c2+"/patients/"+me.ID, nil, 200)
	if resp, _ := w.do(admin1, "GET", c2+"/intakes", nil); resp.StatusCode != 403 {
		t.Fatalf("another clinic's admin reads C2's intakes: %d", resp.StatusCode)
	}

	// patientA leaves C1, after a message and with a signed note.
	a := w.actors["patientA"]
	pa := c1 + "/patients/" + w.userIDs["patientA"]
	w.must(a, "POST", "/api/v1/me/clinics/"+w.clinics["C1"]+"/messages", map[string]string{"text": "Thank you, I am better."}, 201)
	w.must(a, "POST", "/api/v1/me/clinics/"+w.clinics["C1"]+"/leave", nil, 204)
	for _, path := range []string{pa, pa + "/messages", pa + "/fhir", pa + "/programs", "/api/v1/assessments/" + w.records["A1"]} {
		if resp, b := w.do(therapist, "GET", path, nil); resp.StatusCode != 404 && resp.StatusCode != 403 {
			t.Errorf("after leaving, GET %s = %d %.200s; want refused", path, resp.StatusCode, b)
		}
	}
	var list struct {
		Notes []struct {
			ID       string  `json:"id"`
			SignedAt *string `json:"signed_at"`
		} `json:"notes"`
	}
	json.Unmarshal(w.must(therapist, "GET", pa+"/session-notes", nil, 200), &list)
	if len(list.Notes) != 1 || list.Notes[0].SignedAt == nil || list.Notes[0].ID != w.notes["C1/signed"] {
		t.Fatalf("after leaving, the notes are %+v; want the one signed note", list.Notes)
	}
	w.must(therapist, "GET", c1+"/session-notes/"+w.notes["C1/signed"], nil, 200)
	if b := w.must(admin1, "GET", c1+"/audit?record=note:"+w.notes["C1/signed"], nil, 200); !strings.Contains(string(b), "note:"+w.notes["C1/signed"]) {
		t.Fatalf("reading the kept note is not audited: %.400s", b)
	}
	if resp, _ := w.do(a, "GET", "/api/v1/me/clinics/"+w.clinics["C1"]+"/messages", nil); resp.StatusCode < 400 {
		t.Fatalf("after leaving, the person still reaches the clinic's thread: %d", resp.StatusCode)
	}
}
