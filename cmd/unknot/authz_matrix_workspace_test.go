package main

import (
	"encoding/json"
	"net/url"
	"strings"
)

// The therapist's workspace in the authorisation matrix: the caseload, the
// chart, programs, session notes and the patient's own program. Targets
// of patient routes are "clinic/patient"; C2/patientA is a patient of
// another clinic, whom nobody reaches through C1.
var patientTargets = []string{"C1/patientA", "C2/patientB", "C2/patientA"}

// patientOfClinic: the target's patient is the clinic's.
func patientOfClinic(t string) bool { return t == "C1/patientA" || t == "C2/patientB" }

func targetClinic(t string) string { c, _, _ := strings.Cut(t, "/"); return c }

// workspace builds each clinic's records for the matrix: patient ids, a
// program for each patient, and per clinic a draft note for the API's
// routes, one for the pages' and a signed one for addenda.
func (w *world) workspace() {
	w.userIDs = map[string]string{}
	for _, name := range []string{"patientA", "patientB", "therapist1", "admin1", "admin2"} {
		var me struct{ ID string }
		json.Unmarshal(w.must(w.actors[name], "GET", "/api/v1/me", nil, 200), &me)
		w.userIDs[name] = me.ID
	}
	w.notes = map[string]string{}
	prog := map[string]any{"exercises": []map[string]any{{"exercise_id": "knee_to_chest", "reps": 5, "times_a_day": 2, "days_a_week": 7}},
		"articles": []string{"what-is-a-knot"}}
	for _, s := range []struct{ clinic, patient, staff string }{{"C1", "patientA", "therapist1"}, {"C2", "patientB", "admin2"}} {
		base := "/api/v1/clinics/" + w.clinics[s.clinic] + "/patients/" + w.userIDs[s.patient]
		w.must(w.actors[s.staff], "POST", base+"/programs", prog, 201)
		for _, kind := range []string{"api", "ui", "signed"} {
			var n struct{ ID string }
			json.Unmarshal(w.must(w.actors[s.staff], "POST", base+"/session-notes", map[string]any{"template": "follow_up"}, 201), &n)
			w.notes[s.clinic+"/"+kind] = n.ID
			w.authors[s.clinic] = s.staff
		}
		w.must(w.actors[s.staff], "POST", "/api/v1/clinics/"+w.clinics[s.clinic]+"/session-notes/"+w.notes[s.clinic+"/signed"]+"/sign", nil, 200)
	}
}

func (w *world) patientPath(t string, api bool) string {
	c, p, _ := strings.Cut(t, "/")
	prefix := "/clinic/"
	if api {
		prefix = "/api/v1/clinics/"
	}
	return prefix + w.clinics[c] + "/patients/" + w.userIDs[p]
}

func patientRoute(method, suffix string, api bool, body any, allowed func(*world, matrixActor, string) bool, ok ...int) matrixRoute {
	return matrixRoute{targets: patientTargets,
		call: func(w *world, t string) (string, string, any) { return method, w.patientPath(t, api) + suffix, body },
		allowed: func(w *world, a matrixActor, t string) bool {
			return patientOfClinic(t) && allowed(w, a, targetClinic(t))
		}, ok: ok}
}

func noteRoute(method, suffix, kind string, api bool, body any, allowed func(*world, matrixActor, string) bool, ok ...int) matrixRoute {
	prefix := "/clinic/"
	if api {
		prefix = "/api/v1/clinics/"
	}
	middle := "/notes/"
	if api {
		middle = "/session-notes/"
	}
	return matrixRoute{targets: []string{"C1", "C2"},
		call: func(w *world, c string) (string, string, any) {
			return method, prefix + w.clinics[c] + middle + w.notes[c+"/"+kind] + suffix, body
		},
		allowed: allowed, ok: ok}
}

// noteAuthor: only the note's author signs it.
func noteAuthor(w *world, a matrixActor, c string) bool {
	return a.bearer == "" && a.user == w.authors[c]
}

// hasProgram: the patients the world gave a program.
func hasProgram(w *world, a matrixActor, _ string) bool {
	return a.bearer == "" && (a.user == "patientA" || a.user == "patientB")
}

func workspaceRoutes() map[string]matrixRoute {
	// Programs the matrix assigns keep the article the education routes read.
	prog := map[string]any{"exercises": []map[string]any{{"exercise_id": "cat_cow", "reps": 8, "times_a_day": 1, "days_a_week": 5}},
		"articles": []string{"what-is-a-knot"}}
	note := map[string]any{"date": "2026-11-20", "duration_minutes": 30, "body": map[string]any{"visit_type": "follow_up",
		"interventions": []map[string]any{{"kind": "dry_needling"}}}}
	none := []string{""}
	progForm := url.Values{"action": {"assign"}, "ex.0.id": {"cat_cow"}, "ex.0.reps": {"8"}, "ex.0.times": {"1"}, "ex.0.days": {"5"},
		"articles": {"what-is-a-knot"}}
	return map[string]matrixRoute{
		"POST /api/v1/me/program/articles/{article}/read": {targets: none, call: func(*world, string) (string, string, any) {
			return "POST", "/api/v1/me/program/articles/what-is-a-knot/read", nil
		}, allowed: hasProgram},
		"POST /program/articles/{article}/read": signInPage(matrixRoute{targets: none, call: func(*world, string) (string, string, any) {
			return "POST", "/program/articles/what-is-a-knot/read", url.Values{"back": {"/account"}}
		}, allowed: hasProgram}, 303),
		"GET /api/v1/clinics/{clinic}/patients":                           clinicRoute("GET", "/patients", nil, caseloadReader),
		"GET /api/v1/clinics/{clinic}/patients/{patient}":                 patientRoute("GET", "", true, nil, caseloadReader),
		"POST /api/v1/clinics/{clinic}/patients/{patient}/questionnaires": patientRoute("POST", "/questionnaires", true, map[string]any{"instrument": "nprs", "every_days": 7}, caseloadStaff),
		"PUT /api/v1/clinics/{clinic}/settings":                           clinicRoute("PUT", "/settings", map[string]any{"checkin_gap_days": 3}, clinicAdmin),
		// A patient reads their own program's versions too.
		"GET /api/v1/clinics/{clinic}/patients/{patient}/programs": func() matrixRoute {
			rt := patientRoute("GET", "/programs", true, nil, caseloadReader)
			staff := rt.allowed
			rt.allowed = func(w *world, a matrixActor, t string) bool {
				_, p, _ := strings.Cut(t, "/")
				return staff(w, a, t) || patientOfClinic(t) && a.bearer == "" && a.user == p
			}
			return rt
		}(),
		"POST /api/v1/clinics/{clinic}/patients/{patient}/programs":         patientRoute("POST", "/programs", true, prog, caseloadStaff),
		"GET /api/v1/clinics/{clinic}/patients/{patient}/programs/draft":    patientRoute("GET", "/programs/draft?template=plan", true, nil, caseloadStaff),
		"POST /api/v1/clinics/{clinic}/patients/{patient}/programs/preview": patientRoute("POST", "/programs/preview", true, prog, caseloadStaff),
		"GET /api/v1/clinics/{clinic}/program-templates":                    clinicRoute("GET", "/program-templates", nil, caseloadReader),
		"POST /api/v1/clinics/{clinic}/program-templates":                   clinicRoute("POST", "/program-templates", map[string]any{"name": "T", "program": prog}, caseloadStaff),
		"GET /api/v1/me/program":                                            {targets: none, call: func(*world, string) (string, string, any) { return "GET", "/api/v1/me/program", nil }, allowed: hasProgram},
		"POST /api/v1/me/program/sessions": {targets: none, call: func(*world, string) (string, string, any) {
			return "POST", "/api/v1/me/program/sessions", map[string]any{}
		}, allowed: hasProgram},
		"GET /api/v1/clinics/{clinic}/patients/{patient}/session-notes":  patientRoute("GET", "/session-notes", true, nil, caseloadReader),
		"POST /api/v1/clinics/{clinic}/patients/{patient}/session-notes": patientRoute("POST", "/session-notes", true, note, caseloadStaff),
		"GET /api/v1/clinics/{clinic}/session-notes/{note}":              noteRoute("GET", "", "api", true, nil, caseloadReader),
		"PUT /api/v1/clinics/{clinic}/session-notes/{note}":              noteRoute("PUT", "", "api", true, note, caseloadStaff),
		"POST /api/v1/clinics/{clinic}/session-notes/{note}/sign":        noteRoute("POST", "/sign", "api", true, nil, noteAuthor, 200, 409),
		"POST /api/v1/clinics/{clinic}/session-notes/{note}/addenda":     noteRoute("POST", "/addenda", "signed", true, map[string]any{"text": "A correction."}, caseloadStaff, 201),
		"GET /clinic/{clinic}/patients": signInPage(func() matrixRoute {
			rt := clinicPage("GET", "/patients", nil)
			rt.allowed = caseloadReader
			return rt
		}(), 200, 303),
		"GET /clinic/{clinic}/patients/{patient}":                 signInPage(patientRoute("GET", "", false, nil, caseloadReader), 200, 303),
		"POST /clinic/{clinic}/patients/{patient}/questionnaires": signInPage(patientRoute("POST", "/questionnaires", false, url.Values{"instrument": {"nprs"}, "every_days": {"14"}}, caseloadStaff), 303),
		"GET /clinic/{clinic}/patients/{patient}/program":         signInPage(patientRoute("GET", "/program", false, nil, caseloadStaff), 200, 303),
		"POST /clinic/{clinic}/patients/{patient}/program":        signInPage(patientRoute("POST", "/program", false, progForm, caseloadStaff), 303),
		"POST /clinic/{clinic}/patients/{patient}/notes":          signInPage(patientRoute("POST", "/notes", false, url.Values{"visit_type": {"initial"}}, caseloadStaff), 303),
		"GET /clinic/{clinic}/notes/{note}":                       signInPage(noteRoute("GET", "", "ui", false, nil, caseloadReader), 200, 303),
		"POST /clinic/{clinic}/notes/{note}":                      signInPage(noteRoute("POST", "", "ui", false, url.Values{"date": {"2026-11-20"}, "duration_minutes": {"30"}, "visit_type": {"follow_up"}}, caseloadStaff), 303),
		"POST /clinic/{clinic}/notes/{note}/sign":                 signInPage(noteRoute("POST", "/sign", "ui", false, url.Values{}, noteAuthor), 303),
		"POST /clinic/{clinic}/notes/{note}/addenda":              signInPage(noteRoute("POST", "/addenda", "signed", false, url.Values{"text": {"A correction."}}, caseloadStaff), 303),
		"POST /program/sessions": signInPage(matrixRoute{targets: none, call: func(*world, string) (string, string, any) {
			return "POST", "/program/sessions", url.Values{"back": {"/account"}}
		}, allowed: hasProgram}, 303),
	}
}
