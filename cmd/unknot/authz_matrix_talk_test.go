package main

import (
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// The clinic and its patients talking, in the authorisation matrix: the
// thread (a patient of C1 writing to C2 is refused, as are C2's staff
// reading C1's threads: target C2/patientA), unread counts, visit requests
// and their answers, and education assigned from the chart. No token
// reaches a thread: it is people talking.

// talk gives each clinic an open visit request from its patient; loner
// invitations (to C2 by id, to C0 by link, to C1 for the account page)
// and, with loner2, an intake in C1 and C2 for the API and the pages; and
// a link to a new address for the join page.
func (w *world) talk() {
	t := w.t
	t.Helper()
	w.joins = map[string]string{}
	loner := w.actors["loner"]
	var me0 struct{ ID string }
	invite := func(admin, clinic, email string, nth int) string {
		w.must(w.actors[admin], "POST", "/api/v1/clinics/"+w.clinics[clinic]+"/members", map[string]string{"email": email, "role": "patient"}, 202)
		if nth == 0 {
			return "" // past the mail a person may get in a while: the request is on their account page
		}
		msg := mailboxOf(t, w.url).wait(t, email, nth)
		m := joinToken.FindStringSubmatch(msg.Text)
		if m == nil {
			t.Fatalf("no invitation link in the mail to %s:\n%s", email, msg.Text)
		}
		return m[1]
	}
	// loner's first mail was signing up; the members route runs later.
	invite("admin2", "C2", "loner@example.org", 2)
	w.joins["C0-token"] = invite("operator", "C0", "loner@example.org", 3)
	invite("admin1", "C1", "loner@example.org", 0)
	var inv struct {
		Invitations []struct {
			ID       string `json:"id"`
			ClinicID string `json:"clinic_id"`
		} `json:"invitations"`
	}
	for range 200 { // the invitation is made after the answer
		json.Unmarshal(w.must(loner, "GET", "/api/v1/me/invitations", nil, 200), &inv)
		if len(inv.Invitations) == 3 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	for _, in := range inv.Invitations {
		for name, id := range w.clinics {
			if id == in.ClinicID {
				w.joins[name] = in.ID
			}
		}
	}
	if w.joins["C1"] == "" || w.joins["C2"] == "" {
		t.Fatalf("loner's invitations: %+v", inv)
	}
	w.joins["nobody-token"] = invite("operator", "C0", "nobody@example.org", 1)
	// C3, whose only member among the actors is loner (by accepting): for
	// the account page's "leave".
	var c3 struct {
		Clinic map[string]string `json:"clinic"`
	}
	json.Unmarshal(w.must(w.actors["operator"], "POST", "/api/v1/clinics", map[string]string{"name": "C3",
		"admin_email": "admin3@example.org", "admin_password": strongPassword}, 201), &c3)
	w.clinics["C3"] = c3.Clinic["id"]
	w.must(matrixActor{cookie: w.login("admin3")}, "POST", "/api/v1/clinics/"+w.clinics["C3"]+"/members",
		map[string]string{"email": "loner@example.org", "role": "patient"}, 202)
	for range 200 {
		json.Unmarshal(w.must(loner, "GET", "/api/v1/me/invitations", nil, 200), &inv)
		if len(inv.Invitations) == 4 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	for _, in := range inv.Invitations {
		if in.ClinicID == w.clinics["C3"] {
			w.must(loner, "POST", "/api/v1/me/invitations/"+in.ID+"/accept", nil, 200)
		}
	}
	json.Unmarshal(w.must(loner, "GET", "/api/v1/me", nil, 200), &me0)
	w.userIDs["loner"] = me0.ID
	w.seq++
	loner2 := w.signUp("loner2", "")
	var me struct{ ID string }
	json.Unmarshal(w.must(loner2, "GET", "/api/v1/me", nil, 200), &me)
	w.userIDs["loner2"] = me.ID
	for _, c := range []string{"C1", "C2"} {
		w.must(loner, "POST", "/api/v1/assessments/"+w.assess(loner)+"/share", map[string]string{"invite_code": w.invites[c]}, 200)
		w.must(loner2, "POST", "/api/v1/assessments/"+w.assess(loner2)+"/share", map[string]string{"invite_code": w.invites[c]}, 200)
	}
	// A version of each clinic's protocol (the default's rules) to read
	// and put in force.
	for _, c := range []struct{ clinic, admin string }{{"C1", "admin1"}, {"C2", "admin2"}} {
		w.must(w.actors[c.admin], "POST", "/api/v1/clinics/"+w.clinics[c.clinic]+"/protocols", map[string]any{"protocol": clinicProtocol(t, "m1", false)}, 201)
	}
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

// only: these accounts, signed in (no token).
func only(names ...string) func(*world, matrixActor, string) bool {
	return func(_ *world, a matrixActor, _ string) bool {
		return a.bearer == "" && a.user != "" && slices.Contains(names, a.user)
	}
}

// person: anyone signed in as themselves, not a token.
func person(w *world, a matrixActor, _ string) bool { return a.bearer == "" && signedIn(a) }

// recordOwnerOnly: the signed-in owner of the record.
func recordOwnerOnly(w *world, a matrixActor, t string) bool {
	owner := recordOwner[t][0]
	return a.bearer == "" && owner != "" && a.user == owner
}

func talkRoutes(w0 testing.TB) map[string]matrixRoute {
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
		"POST /r/{id}/visit":                          signInPage(visitRoute(false), 303),
		"POST /clinic/{clinic}/visits/{visit}/answer": signInPage(answer(false), 303, 409),
		"GET /api/v1/me/invitations":                  selfOnly("/api/v1/me/invitations"),
		"POST /api/v1/me/invitations/{invitation}/accept": {targets: []string{"C2"}, call: func(w *world, c string) (string, string, any) {
			return "POST", "/api/v1/me/invitations/" + w.joins[c] + "/accept", nil
		}, allowed: only("loner"), ok: []int{200, 409}},
		"POST /api/v1/me/invitations/{invitation}/decline": {targets: []string{"C2"}, call: func(w *world, c string) (string, string, any) {
			return "POST", "/api/v1/me/invitations/" + w.joins[c] + "/decline", nil
		}, allowed: only("loner"), ok: []int{200, 409}},
		"POST /api/v1/invitations/{token}/accept": {targets: none, call: func(w *world, _ string) (string, string, any) {
			return "POST", "/api/v1/invitations/" + w.joins["C0-token"] + "/accept", nil
		}, allowed: only("loner"), ok: []int{200, 409}},
		// Leaving C0: its admin (the operator) and loner, who joined it by the link above.
		"POST /api/v1/me/clinics/{clinic}/leave": {targets: []string{"C0"}, call: func(w *world, c string) (string, string, any) {
			return "POST", "/api/v1/me/clinics/" + w.clinics[c] + "/leave", nil
		}, allowed: only("loner", "operator")},
		"GET /api/v1/clinics/{clinic}/intakes": clinicRoute("GET", "/intakes", nil, caseloadStaff),
		"POST /api/v1/clinics/{clinic}/intakes/{patient}/answer": {targets: []string{"C1", "C2"}, call: func(w *world, c string) (string, string, any) {
			return "POST", "/api/v1/clinics/" + w.clinics[c] + "/intakes/" + w.userIDs["loner"] + "/answer",
				map[string]string{"decision": "decline", "message": "We only see people from our area; try your local service."}
		}, allowed: caseloadStaff, ok: []int{200, 409}},
		"GET /api/v1/me/intakes": selfOnly("/api/v1/me/intakes"),
		// The join page shows anyone holding the link which clinic asks;
		// only the account the link was sent to (none here) answers it.
		"GET /join/{token}": {targets: none, call: func(w *world, _ string) (string, string, any) {
			return "GET", "/join/" + w.joins["nobody-token"], nil
		}, allowed: public},
		"POST /join/{token}": signInPage(matrixRoute{targets: none, call: func(w *world, _ string) (string, string, any) {
			return "POST", "/join/" + w.joins["nobody-token"], url.Values{"decision": {"accept"}}
		}, allowed: only()}, 303),
		"POST /account/invitations/{invitation}": signInPage(matrixRoute{targets: []string{"C1"}, call: func(w *world, c string) (string, string, any) {
			return "POST", "/account/invitations/" + w.joins[c], url.Values{"decision": {"decline"}}
		}, allowed: only("loner")}, 303),
		// loner leaves C3, which they joined by accepting its invitation.
		"POST /account/clinics/{clinic}/leave": signInPage(matrixRoute{targets: []string{"C3"}, call: func(w *world, c string) (string, string, any) {
			return "POST", "/account/clinics/" + w.clinics[c] + "/leave", url.Values{"confirm": {"yes"}}
		}, allowed: only("loner")}, 303),
		"POST /clinic/{clinic}/intakes/{patient}": signInPage(matrixRoute{targets: []string{"C1", "C2"}, call: func(w *world, c string) (string, string, any) {
			return "POST", "/clinic/" + w.clinics[c] + "/intakes/" + w.userIDs["loner2"], url.Values{"decision": {"accept"}}
		}, allowed: caseloadStaff}, 303, 409),
		"GET /api/v1/clinics/{clinic}/protocols": clinicRoute("GET", "/protocols", nil, clinicAdmin),
		"POST /api/v1/clinics/{clinic}/protocols": func() matrixRoute {
			rt := clinicRoute("POST", "/protocols", map[string]any{"protocol": clinicProtocol(w0, "m2", false)}, clinicAdmin)
			rt.ok = []int{201, 409}
			return rt
		}(),
		"GET /api/v1/clinics/{clinic}/protocols/{version}":           clinicRoute("GET", "/protocols/m1", nil, clinicAdmin),
		"POST /api/v1/clinics/{clinic}/protocols/{version}/activate": clinicRoute("POST", "/protocols/m1/activate", nil, clinicAdmin),
		"GET /clinic/{clinic}/protocol":                              signInPage(clinicPage("GET", "/protocol", nil), 200, 303),
		"POST /clinic/{clinic}/protocol":                             signInPage(clinicPage("POST", "/protocol", url.Values{"protocol": {clinicProtocol(w0, "m3", false)}}), 303, 409),
		"POST /clinic/{clinic}/protocol/{version}/activate":          signInPage(clinicPage("POST", "/protocol/m1/activate", url.Values{}), 303),
		"POST /clinic/{clinic}/patients/{patient}/articles":          signInPage(patientRoute("POST", "/articles", false, url.Values{"articles": {"ice-and-heat"}}, caseloadStaff), 303),
	}
}

var joinToken = regexp.MustCompile(`/join/(\S+)`)

// acceptInvitation has a accept the invitation mailed to addr (its nth
// mail) by its link.
func (w *world) acceptInvitation(a matrixActor, addr string, nth int) {
	w.t.Helper()
	msg := mailboxOf(w.t, w.url).wait(w.t, addr, nth)
	m := joinToken.FindStringSubmatch(msg.Text)
	if m == nil {
		w.t.Fatalf("no invitation link in the mail to %s:\n%s", addr, msg.Text)
	}
	w.must(a, "POST", "/api/v1/invitations/"+m[1]+"/accept", nil, 200)
}

// noMemberWithoutConsent: the admins' "add member" calls of the matrix
// (loner, an existing account, "added" to C1 and C2 by every actor) made
// no membership without loner's answer: loner declined C1's request, so
// is not its member; loner is C2's patient only by accepting its
// invitation. The members route told nobody whether the address has an
// account (it answers 202 for every address: the matrix checks it).
func (w *world) noMemberWithoutConsent() {
	w.t.Helper()
	var me struct {
		Clinics []struct {
			ClinicID string `json:"clinic_id"`
			Role     string `json:"role"`
		} `json:"clinics"`
	}
	json.Unmarshal(w.must(w.actors["loner"], "GET", "/api/v1/me", nil, 200), &me)
	for _, m := range me.Clinics {
		if m.ClinicID == w.clinics["C1"] || m.ClinicID == w.clinics["C2"] && m.Role != "patient" {
			w.t.Errorf("loner is %s of a clinic without having accepted that: %+v", m.Role, me.Clinics)
		}
	}
	for _, addr := range []string{"loner@example.org", "no-account@example.org"} {
		resp, b := w.do(w.actors["admin1"], "POST", "/api/v1/clinics/"+w.clinics["C1"]+"/members", map[string]string{"email": addr, "role": "admin"})
		if resp.StatusCode != 202 || !strings.Contains(string(b), "We have sent an invitation") {
			w.t.Errorf("adding %s = %d %s; want the one answer for every address", addr, resp.StatusCode, b)
		}
	}
	json.Unmarshal(w.must(w.actors["loner"], "GET", "/api/v1/me", nil, 200), &me)
	for _, m := range me.Clinics {
		if m.ClinicID == w.clinics["C1"] {
			w.t.Errorf("an admin made loner %s of C1 without consent", m.Role)
		}
	}
}
