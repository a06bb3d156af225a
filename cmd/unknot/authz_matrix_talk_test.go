package main

import (
	"encoding/json"
	"net/url"
	"strings"
)

// The clinic and its patients talking, in the authorisation matrix: the
// thread (a patient of C1 writing to C2 is refused, as are C2's staff
// reading C1's threads: target C2/patientA), unread counts, visit requests
// and their answers, and education assigned from the chart. No token
// reaches a thread: it is people talking.

// talk gives each clinic an open visit request from its patient.
func (w *world) talk() {
	w.visits = map[string]string{}
	for _, p := range []struct{ patient, record, clinic string }{{"patientA", "A1", "C1"}, {"patientB", "B1", "C2"}} {
		var v struct{ ID string }
		json.Unmarshal(w.must(w.actors[p.patient], "POST", "/api/v1/assessments/"+w.records[p.record]+"/visits",
			map[string]string{"times": "Mornings"}, 201), &v)
		w.visits[p.clinic] = v.ID
	}
}

// clinicPatient: the clinic's own patient, signed in (no token). Sharing
// an anonymous result with a clinic (earlier routes of the matrix) makes
// the sharer its patient, so the roles are read as they are now.
func clinicPatient(w *world, a matrixActor, c string) bool {
	if a.bearer != "" || a.cookie == "" {
		return false
	}
	var me struct {
		Memberships []struct {
			ClinicID string `json:"clinic_id"`
			Role     string `json:"role"`
		} `json:"clinics"`
	}
	json.Unmarshal(w.must(a, "GET", "/api/v1/me", nil, 200), &me)
	for _, m := range me.Memberships {
		if m.ClinicID == w.clinics[c] {
			return m.Role == "patient"
		}
	}
	return false
}

// threadStaff: the clinic's therapists and admins; the patient reaches
// their own thread through the clinic's route too (as their program's
// versions), never another's.
func threadStaff(w *world, a matrixActor, c string) bool { return caseloadStaff(w, a, c) }

func threadRoute(method string, api bool, body any) matrixRoute {
	rt := patientRoute(method, "/messages", api, body, threadStaff)
	staff := rt.allowed
	rt.allowed = func(w *world, a matrixActor, t string) bool {
		_, p, _ := strings.Cut(t, "/")
		return staff(w, a, t) || patientOfClinic(t) && a.bearer == "" && a.user == p
	}
	return rt
}

// person: anyone signed in as themselves, not a token.
func person(w *world, a matrixActor, _ string) bool { return a.bearer == "" && signedIn(a) }

// recordOwnerOnly: the signed-in owner of the record.
func recordOwnerOnly(w *world, a matrixActor, t string) bool {
	owner := recordOwner[t][0]
	return a.bearer == "" && owner != "" && a.user == owner
}

func talkRoutes() map[string]matrixRoute {
	none := []string{""}
	msg := map[string]any{"text": "Hello from the matrix."}
	meThread := func(method string, body any) matrixRoute {
		return matrixRoute{targets: []string{"C1", "C2"}, call: func(w *world, c string) (string, string, any) {
			return method, "/api/v1/me/clinics/" + w.clinics[c] + "/messages", body
		}, allowed: clinicPatient}
	}
	visitRoute := func(api bool) matrixRoute {
		return matrixRoute{targets: []string{"A1", "B1", "X"}, call: func(w *world, t string) (string, string, any) {
			if api {
				return "POST", "/api/v1/assessments/" + w.target(t) + "/visits", map[string]string{"times": "Evenings"}
			}
			return "POST", "/r/" + w.target(t) + "/visit", url.Values{"times": {"Evenings"}}
		}, allowed: recordOwnerOnly}
	}
	answer := func(api bool) matrixRoute {
		return matrixRoute{targets: []string{"C1", "C2"}, call: func(w *world, c string) (string, string, any) {
			if api {
				return "POST", "/api/v1/clinics/" + w.clinics[c] + "/visits/" + w.visits[c] + "/answer",
					map[string]string{"decision": "decline", "reply": "Please call us to book."}
			}
			return "POST", "/clinic/" + w.clinics[c] + "/visits/" + w.visits[c] + "/answer",
				url.Values{"decision": {"decline"}, "reply": {"Please call us to book."}}
		}, allowed: caseloadStaff}
	}
	selfOnly := func(path string) matrixRoute {
		return matrixRoute{targets: none, call: func(*world, string) (string, string, any) { return "GET", path, nil }, allowed: person}
	}
	articles := map[string]any{"articles": []string{"ice-and-heat"}}
	return map[string]matrixRoute{
		"GET /api/v1/me/clinics/{clinic}/messages":                  meThread("GET", nil),
		"POST /api/v1/me/clinics/{clinic}/messages":                 meThread("POST", msg),
		"GET /api/v1/me/messages/unread":                            selfOnly("/api/v1/me/messages/unread"),
		"GET /api/v1/clinics/{clinic}/patients/{patient}/messages":  threadRoute("GET", true, nil),
		"POST /api/v1/clinics/{clinic}/patients/{patient}/messages": threadRoute("POST", true, msg),
		"GET /api/v1/clinics/{clinic}/messages/unread":              clinicRoute("GET", "/messages/unread", nil, caseloadStaff),
		"POST /api/v1/assessments/{id}/visits":                      visitRoute(true),
		"GET /api/v1/me/visits":                                     selfOnly("/api/v1/me/visits"),
		"GET /api/v1/clinics/{clinic}/visits":                       clinicRoute("GET", "/visits", nil, caseloadStaff),
		"POST /api/v1/clinics/{clinic}/visits/{visit}/answer":       func() matrixRoute { rt := answer(true); rt.ok = []int{200, 409}; return rt }(),
		"POST /api/v1/clinics/{clinic}/patients/{patient}/articles": patientRoute("POST", "/articles", true, articles, caseloadStaff, 201),
		"GET /api/v1/me/reading":                                    selfOnly("/api/v1/me/reading"),
		"POST /messages/{clinic}": signInPage(matrixRoute{targets: []string{"C1", "C2"}, call: func(w *world, c string) (string, string, any) {
			return "POST", "/messages/" + w.clinics[c], url.Values{"text": {"Hello from the matrix."}, "back": {"/account"}}
		}, allowed: clinicPatient}, 303),
		"POST /clinic/{clinic}/patients/{patient}/messages": signInPage(threadRoute("POST", false, url.Values{"text": {"Hello."}}), 303),
		"POST /r/{id}/visit":                                signInPage(visitRoute(false), 303),
		"POST /clinic/{clinic}/visits/{visit}/answer":       signInPage(answer(false), 303, 409),
		"POST /clinic/{clinic}/patients/{patient}/articles": signInPage(patientRoute("POST", "/articles", false, url.Values{"articles": {"ice-and-heat"}}, caseloadStaff), 303),
	}
}
