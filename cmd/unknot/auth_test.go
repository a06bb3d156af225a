package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"unknot/internal/mail"
	"unknot/internal/mail/mailtest"
)

// TestPasswordResetAndSignInLinkBySMTP holds a real SMTP conversation: the
// links arrive by mail and work once.
func TestPasswordResetAndSignInLinkBySMTP(t *testing.T) {
	smtpd := mailtest.Start(t)
	m := startMain(t, Config{Mail: mail.Config{Host: smtpd.Host, Port: smtpd.Port, TLS: "none", From: "unknot <no-reply@example.org>"}})
	w := &world{t: t, url: m.URL()}
	w.must(matrixActor{}, "POST", "/api/v1/signup", map[string]string{"email": "ann@example.org", "password": strongPassword}, 202)
	confirm := linkToken.FindStringSubmatch(smtpd.Wait(t, 1).Body(t))
	if confirm == nil {
		t.Fatal("no link in the sign-up mail")
	}
	resp, _ := w.do(matrixActor{}, "POST", "/api/v1/login-link/"+confirm[1], nil)
	ann := matrixActor{cookie: sessionOf(resp), user: "ann"}

	w.must(matrixActor{}, "POST", "/api/v1/password-reset", map[string]string{"email": "nobody@example.org"}, 202)
	w.must(matrixActor{}, "POST", "/api/v1/password-reset", map[string]string{"email": "ANN@example.org"}, 202)
	msg := smtpd.Wait(t, 2)
	if smtpd.Count() != 2 || !strings.Contains(msg.To, "ann@example.org") {
		t.Fatalf("want one more mail, to ann; got %d, to %q", smtpd.Count(), msg.To)
	}
	link := regexp.MustCompile(`https?://\S+/reset/(\S+)`).FindStringSubmatch(msg.Body(t))
	if link == nil {
		t.Fatalf("no reset link in:\n%s", msg.Body(t))
	}
	newPassword := "a brand new long passphrase"
	w.must(matrixActor{}, "POST", "/api/v1/password-reset/"+link[1], map[string]string{"password": newPassword}, 204)
	w.must(matrixActor{}, "POST", "/api/v1/password-reset/"+link[1], map[string]string{"password": newPassword}, 404)
	// The reset ends every session, and the old password no longer works.
	w.must(ann, "GET", "/api/v1/me", nil, 401)
	w.must(matrixActor{}, "POST", "/api/v1/login", map[string]string{"email": "ann@example.org", "password": strongPassword}, 401)
	w.must(matrixActor{}, "POST", "/api/v1/login", map[string]string{"email": "ann@example.org", "password": newPassword}, 200)

	w.must(matrixActor{}, "POST", "/api/v1/login-link", map[string]string{"email": "ann@example.org"}, 202)
	body := smtpd.Wait(t, 3).Body(t)
	magic := regexp.MustCompile(`https?://\S+/login/link/(\S+)`).FindStringSubmatch(body)
	if magic == nil {
		t.Fatalf("no sign-in link in:\n%s", body)
	}
	resp, _ = w.do(matrixActor{}, "POST", "/api/v1/login-link/"+magic[1], nil)
	if resp.StatusCode != 204 || sessionOf(resp) == "" {
		t.Fatalf("sign-in link = %d", resp.StatusCode)
	}
	w.must(matrixActor{cookie: sessionOf(resp)}, "GET", "/api/v1/me", nil, 200)
	w.must(matrixActor{}, "POST", "/api/v1/login-link/"+magic[1], nil, 404)
}

func TestSessionFixationAndSignOut(t *testing.T) {
	m := startMain(t, Config{})
	w := &world{t: t, url: m.URL()}
	w.signUp("bob", "")
	planted := matrixActor{cookie: "planted-by-an-attacker-0123456789"}
	resp, _ := w.do(planted, "POST", "/api/v1/login", map[string]string{"email": "bob@example.org", "password": strongPassword})
	got := sessionOf(resp)
	if resp.StatusCode != 200 || got == "" || got == planted.cookie {
		t.Fatalf("login with a planted cookie: %d, new cookie %q", resp.StatusCode, got)
	}
	w.must(planted, "GET", "/api/v1/me", nil, 401)
	for _, c := range resp.Cookies() {
		if c.Name == "unknot_session" && (!c.HttpOnly || c.SameSite != http.SameSiteLaxMode) {
			t.Fatalf("session cookie must be HttpOnly and SameSite=Lax: %+v", c)
		}
	}
	bob := matrixActor{cookie: got}
	second := matrixActor{cookie: w.login("bob")}
	w.must(bob, "POST", "/api/v1/logout", nil, 204)
	w.must(bob, "GET", "/api/v1/me", nil, 401)
	w.must(second, "GET", "/api/v1/me", nil, 200)
	third := matrixActor{cookie: w.login("bob")}
	w.must(second, "POST", "/api/v1/logout/everywhere", nil, 204)
	w.must(third, "GET", "/api/v1/me", nil, 401)
}

func TestCrossOriginStateChangesRefused(t *testing.T) {
	m := startMain(t, Config{})
	w := &world{t: t, url: m.URL()}
	carol := w.signUp("carol", "")
	for _, tc := range []struct{ method, path string }{
		{"POST", "/api/v1/login"}, {"POST", "/api/v1/signup"}, {"DELETE", "/api/v1/me"},
		{"POST", "/api/v1/logout/everywhere"}, {"POST", "/api/v1/assessments"},
	} {
		req, _ := http.NewRequest(tc.method, m.URL()+tc.path, strings.NewReader(`{}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.AddCookie(&http.Cookie{Name: "unknot_session", Value: carol.cookie})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct{ Code string }
		json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden || body.Code != "forbidden" {
			t.Errorf("cross-site %s %s = %d %q; want 403 with the JSON error", tc.method, tc.path, resp.StatusCode, body.Code)
		}
	}
	w.must(carol, "GET", "/api/v1/me", nil, 200)
}

func TestRevokedTokenAndReadsAudited(t *testing.T) {
	m := startMain(t, Config{})
	w := buildWorld(t, m)
	a1 := w.records["A1"]
	w.must(w.actors["tokenRead"], "GET", "/api/v1/assessments/"+a1, nil, 200)
	w.must(w.actors["tokenRevoked"], "GET", "/api/v1/assessments/"+a1, nil, 401)
	w.must(w.actors["tokenRevoked"], "GET", "/api/v1/clinics/"+w.clinics["C1"]+"/caseload", nil, 401)
	w.must(w.actors["therapist1"], "GET", "/api/v1/assessments/"+a1, nil, 200)

	var audit struct {
		Entries []struct{ Actor, Action, Record string } `json:"entries"`
	}
	json.Unmarshal(w.must(w.actors["admin1"], "GET", "/api/v1/clinics/"+w.clinics["C1"]+"/audit?record=assessment:"+a1+"&action=read", nil, 200), &audit)
	actors := map[string]bool{}
	for _, e := range audit.Entries {
		if e.Action != "read" || e.Record != "assessment:"+a1 {
			t.Fatalf("filter leaked %+v", e)
		}
		actors[e.Actor] = true
	}
	if len(audit.Entries) < 2 || !actors[w.userID("therapist1")] {
		t.Fatalf("reads by the therapist and the token are not in the audit log: %+v", audit.Entries)
	}
	// C2's admin cannot see C1's audit log.
	w.must(w.actors["admin2"], "GET", "/api/v1/clinics/"+w.clinics["C1"]+"/audit", nil, 403)
}

func TestSignInThrottled(t *testing.T) {
	m := startMain(t, Config{})
	w := &world{t: t, url: m.URL()}
	w.signUp("dan", "")
	for i := 0; i < 5; i++ {
		w.must(matrixActor{}, "POST", "/api/v1/login", map[string]string{"email": "dan@example.org", "password": "wrong password here"}, 401)
	}
	w.must(matrixActor{}, "POST", "/api/v1/login", map[string]string{"email": "dan@example.org", "password": "wrong password here"}, 401)
	// Locked now: even the right password waits.
	resp, body := w.do(matrixActor{}, "POST", "/api/v1/login", map[string]string{"email": "dan@example.org", "password": strongPassword})
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(body), "wait") {
		t.Fatalf("after 6 failures = %d %s; want 429", resp.StatusCode, body)
	}
}

// userID finds an account's id through its own /me.
func (w *world) userID(name string) string {
	var me struct{ ID string }
	json.Unmarshal(w.must(w.actors[name], "GET", "/api/v1/me", nil, 200), &me)
	return me.ID
}

// TestAccountListsKeptResults: a result made while signed in, or kept from
// its link, is listed on the account page; a clinic admin sees members by
// name and email.
func TestAccountListsKeptResults(t *testing.T) {
	m := startMain(t, Config{})
	w := buildWorld(t, m)
	mine := w.assess(w.actors["loner"])
	anon := w.assess(matrixActor{})
	w.must(w.actors["loner"], "POST", "/api/v1/assessments/"+anon+"/claim", nil, 204)
	page := string(w.must(w.actors["loner"], "GET", "/account", nil, 200))
	for _, id := range []string{mine, anon} {
		if !strings.Contains(page, "/r/"+id) {
			t.Errorf("/account does not list %s", id)
		}
	}
	if strings.Contains(page, "/r/"+w.records["A1"]) {
		t.Error("/account lists another person's result")
	}
	clinic := string(w.must(w.actors["admin1"], "GET", "/clinic/"+w.clinics["C1"], nil, 200))
	if !strings.Contains(clinic, "therapist1@example.org") || !strings.Contains(clinic, "patienta@example.org") {
		t.Error("the clinic page does not show its members' emails")
	}
}

// TestClinicPageListsFlags: a patient's check-in with a new warning sign
// puts a flag at the top of the clinic admin's page, and the admin can mark
// it dealt with.
func TestClinicPageListsFlags(t *testing.T) {
	m := startMain(t, Config{})
	w := buildWorld(t, m)
	w.raiseFlags()
	clinicPage := func() string {
		return string(w.must(w.actors["admin1"], "GET", "/clinic/"+w.clinics["C1"], nil, 200))
	}
	resolveAll := func(page string) {
		for _, b := range regexp.MustCompile(`action="(/clinic/[^"]+/flags/[^"]+/resolve)"`).FindAllStringSubmatch(page, -1) {
			if resp, _ := w.do(w.actors["admin1"], "POST", b[1], url.Values{}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("resolving %s = %d", b[1], resp.StatusCode)
			}
		}
	}
	// The world's fever check-in raised a flag; the admin deals with it.
	page := clinicPage()
	if !strings.Contains(page, "/r/"+w.records["A1"]+"/diary") || !strings.Contains(page, "Mark as dealt with") {
		t.Fatalf("the flag is not on the clinic page:\n%.3000s", page)
	}
	resolveAll(page)
	if !strings.Contains(clinicPage(), "No one needs attention now") {
		t.Fatal("a resolved flag still needs attention")
	}

	var checkin struct {
		Retriage struct{ ID, Disposition string } `json:"retriage"`
	}
	json.Unmarshal(w.must(w.actors["patientA"], "POST", "/api/v1/checkins", map[string]any{"assessment_id": w.records["A1"],
		"pain_now": 3, "pain_worst": 4, "stiffness": 2, "activity": 2, "red_flags": []string{"saddle_numbness"}}, 200), &checkin)
	if checkin.Retriage.ID == "" || checkin.Retriage.Disposition != "emergency" {
		t.Fatalf("the re-triage result is not returned with an id: %+v", checkin.Retriage)
	}
	// The new result is on record, for the person and for their clinic.
	for _, who := range []string{"patientA", "therapist1"} {
		var stored struct{ Disposition string }
		json.Unmarshal(w.must(w.actors[who], "GET", "/api/v1/assessments/"+checkin.Retriage.ID, nil, 200), &stored)
		if stored.Disposition != "emergency" {
			t.Fatalf("%s reads the stored re-triage as %q", who, stored.Disposition)
		}
	}
	if page := clinicPage(); !strings.Contains(page, "/r/"+w.records["A1"]+"/diary") {
		t.Fatalf("the new flag is not on the clinic page:\n%.3000s", page)
	}
	// The therapist sees the same flag and the shared results, and none of
	// the admin's parts.
	th := string(w.must(w.actors["therapist1"], "GET", "/clinic/"+w.clinics["C1"], nil, 200))
	if !strings.Contains(th, "/r/"+w.records["A1"]+"/diary") || !strings.Contains(th, "Shared results") {
		t.Fatalf("the therapist's page lacks the caseload:\n%.2000s", th)
	}
	for _, adminOnly := range []string{"Invite code", "Audit log", w.invites["C1"]} {
		if strings.Contains(th, adminOnly) {
			t.Errorf("the therapist's page shows %q", adminOnly)
		}
	}
	if acct := string(w.must(w.actors["therapist1"], "GET", "/account", nil, 200)); !strings.Contains(acct, `href="/clinic/`+w.clinics["C1"]+`"`) {
		t.Error("the therapist's account page does not link to the clinic")
	}
}

// TestTrustProxyAddresses: behind a proxy, throttling counts each client's
// own address, so one person's mistakes do not lock out everyone else.
func TestTrustProxyAddresses(t *testing.T) {
	m := startMain(t, Config{TrustProxy: true})
	w := &world{t: t, url: m.URL()}
	w.signUp("hana", "")
	for i := 0; i < 25; i++ {
		// A guesser tries many accounts from one address.
		req, _ := http.NewRequest("POST", m.URL()+"/api/v1/login", strings.NewReader(fmt.Sprintf(`{"email": "guess%d@example.org", "password": "wrong password here"}`, i)))
		req.Header.Set("X-Forwarded-For", "203.0.113.7")
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	// Another client behind the same proxy still signs in.
	req, _ := http.NewRequest("POST", m.URL()+"/api/v1/login", strings.NewReader(`{"email": "hana@example.org", "password": "`+strongPassword+`"}`))
	req.Header.Set("X-Forwarded-For", "198.51.100.9")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("another client behind the proxy = %d; want 200", resp.StatusCode)
	}
	// The first client is locked out by address.
	req, _ = http.NewRequest("POST", m.URL()+"/api/v1/login", strings.NewReader(`{"email": "hana@example.org", "password": "`+strongPassword+`"}`))
	req.Header.Set("X-Forwarded-For", "203.0.113.7")
	req.Header.Set("Content-Type", "application/json")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("the guessing client = %d; want 429", resp.StatusCode)
	}
}

// TestExportHasEverything: the personal export carries the assessments,
// the diary and the questionnaires, and nothing of anyone else.
func TestExportHasEverything(t *testing.T) {
	m := startMain(t, Config{})
	w := buildWorld(t, m)
	a := w.actors["patientA"]
	w.must(a, "POST", "/api/v1/checkins", map[string]any{"assessment_id": w.records["A1"],
		"pain_now": 4, "pain_worst": 6, "stiffness": 3, "activity": 2}, 201)
	w.must(a, "POST", "/api/v1/assessments/"+w.records["A1"]+"/outcomes", map[string]any{"instrument": "nprs",
		"answers": []map[string]any{{"link_id": "pain", "value": 4}}}, 201)
	var exp struct {
		Account     struct{ Email string } `json:"account"`
		Assessments []struct{ ID string }  `json:"assessments"`
		Checkins    []struct {
			AssessmentID string `json:"assessment_id"`
			PainNow      int    `json:"pain_now"`
		} `json:"checkins"`
		Outcomes []struct{ Instrument string } `json:"outcomes"`
	}
	body := w.must(a, "GET", "/api/v1/me/export", nil, 200)
	if err := json.Unmarshal(body, &exp); err != nil {
		t.Fatal(err)
	}
	if exp.Account.Email != "patienta@example.org" || len(exp.Assessments) != 1 || exp.Assessments[0].ID != w.records["A1"] {
		t.Fatalf("export account/assessments wrong: %s", body)
	}
	if len(exp.Checkins) != 1 || exp.Checkins[0].PainNow != 4 || len(exp.Outcomes) != 1 || exp.Outcomes[0].Instrument != "nprs" {
		t.Fatalf("export lacks the diary or the questionnaire: %s", body)
	}
	if strings.Contains(string(body), w.records["B1"]) {
		t.Fatal("the export holds another person's record")
	}
}
