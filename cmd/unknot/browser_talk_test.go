package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"unknot/internal/testclock"
)

// browserSession is a browser on one server with signing in and out and
// form submission that waits for the next page.
type browserSession struct {
	t *testing.T
	b *browser
}

func (s browserSession) signIn(email string) {
	t, b := s.t, s.b
	t.Helper()
	b.do(t, "sign out", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.ClearBrowserCookies, cdp.Empty{})
		return err
	}))
	b.open(t, "/login", "h1")
	b.do(t, "sign in as "+email,
		chromedp.SendKeys(chromedp.CSS(`#f-email`), email),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), strongPassword))
	s.submit(`form[action="/login"] button[type=submit]`)
}

func (s browserSession) submit(sel string) {
	t, b := s.t, s.b
	t.Helper()
	eval[bool](t, b, `(window.__before = document.body, true)`)
	b.click(t, sel)
	b.waitForNewPage(t)
	b.do(t, "the next page", chromedp.WaitVisible(chromedp.CSS(`h1`)))
}

// TestBrowserTalk is issue 14's walk on the demo clinic: a patient writes
// to their clinic from their plan page; the therapist sees the unread
// count on the caseload and answers from the chart; the patient sees the
// answer. The therapist assigns two articles; the patient opens one; the
// chart shows one opened. The patient asks for a visit from a result that
// says to see a clinician; the therapist accepts it with a time; it is in
// the patient's calendar feed. Every page passes axe-core at 360 px.
func TestBrowserTalk(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser suite is not short")
	}
	m := startMain(t, Config{Demo: true, DemoPassword: strongPassword})
	b := newBrowser(t, m.URL())
	s := browserSession{t: t, b: b}
	now := testclock.Fixed()()

	s.signIn("admin@demo.example")
	b.open(t, "/account", "h1")
	clinicLink := eval[string](t, b, `document.querySelector('a[href^="/clinic/"]').getAttribute("href")`)
	clinicID := strings.TrimPrefix(clinicLink, "/clinic/")
	invite := eval[string](t, b, `fetch("/api/v1/clinics/`+clinicID+`").then(function (r) { return r.json(); }).then(function (j) { return j.clinic ? j.clinic.invite_code : j.invite_code; })`)
	if invite == "" {
		t.Fatal("no invite code for the demo clinic")
	}

	// The patient writes from their plan page.
	s.signIn("patient1@demo.example")
	b.open(t, "/account", "h1")
	result := eval[string](t, b, `document.querySelector('a[href^="/r/"]').getAttribute("href")`)
	b.open(t, result, "#messages-h")
	if !strings.Contains(b.text(t, "#talk-warning"), "not read at once") {
		t.Fatalf("no emergency advice beside the message box: %s", b.text(t, "#messages"))
	}
	b.check(t, "talk patient plan")
	const question = "Can I swim this week with the knot?"
	b.do(t, "write", chromedp.SendKeys(chromedp.CSS(`#f-text`), question))
	eval[bool](t, b, `(document.querySelector("#f-about").value = "result:`+strings.TrimPrefix(result, "/r/")+`", true)`)
	s.submit(`#send-message`)
	if !strings.Contains(b.text(t, "main"), "Your message is sent") || !strings.Contains(b.text(t, "[data-thread]"), question) {
		t.Fatalf("the message is not shown sent:\n%.1500s", b.text(t, "main"))
	}

	// A result that says to see a clinician, shared with the clinic: ask
	// for a visit from it.
	onset := now.AddDate(0, 0, -49).UTC().Format(time.RFC3339)
	seeID := eval[string](t, b, `fetch("/api/v1/assessments", {method: "POST", headers: {"Content-Type": "application/json"},
		body: JSON.stringify({age: 58, regions: ["lumbar_center"], onset: "`+onset+`"})}).then(function (r) { return r.json(); }).then(function (j) { return j.id; })`)
	status := eval[float64](t, b, `fetch("/api/v1/assessments/`+seeID+`/share", {method: "POST", headers: {"Content-Type": "application/json"},
		body: JSON.stringify({invite_code: "`+invite+`"})}).then(function (r) { return r.status; })`)
	if status != 200 {
		t.Fatalf("sharing the see-clinician result: %v", status)
	}
	b.open(t, "/r/"+seeID, "#visits-h")
	if d := eval[string](t, b, `document.querySelector("[data-disposition]").getAttribute("data-disposition")`); d != "see_clinician" {
		t.Fatalf("the result is %s, not see_clinician", d)
	}
	if !strings.Contains(b.text(t, ".visit-request"), "Ask your clinic for a visit") {
		t.Fatalf("a see-clinician result does not offer a visit: %s", b.text(t, "#visits"))
	}
	const times = "Tuesday or Thursday after 4 pm"
	b.do(t, "when suits", chromedp.SendKeys(chromedp.CSS(`#f-times`), times))
	s.submit(`#request-visit`)
	if !strings.Contains(b.text(t, "#visits"), "waiting for an answer") {
		t.Fatalf("the request is not shown: %s", b.text(t, "main"))
	}
	b.check(t, "talk visit requested")

	// The therapist: the unread count on the caseload, the answer from the chart.
	s.signIn("therapist@demo.example")
	b.open(t, clinicLink+"/patients", "h1")
	if !strings.Contains(b.text(t, "[data-unread-total]"), "unread messages") {
		t.Fatalf("the caseload shows no unread total: %s", b.text(t, "[data-unread-total]"))
	}
	chart := eval[string](t, b, `(function () { var a = document.querySelector("a[data-unread]"); return a ? a.getAttribute("href") : ""; })()`)
	if chart == "" {
		t.Fatalf("no patient row shows unread messages:\n%.1500s", b.text(t, "main"))
	}
	unread := b.text(t, "a[data-unread]")
	if !strings.Contains(unread, "unread") {
		t.Fatalf("the unread count reads %q", unread)
	}
	b.check(t, "talk caseload")
	b.open(t, strings.TrimSuffix(chart, "#messages"), "#messages-h")
	if !strings.Contains(b.text(t, "[data-thread]"), question) {
		t.Fatalf("the chart's thread lacks the patient's message:\n%s", b.text(t, "#messages"))
	}
	if !eval[bool](t, b, `!!document.querySelector('[data-thread] a[href="`+result+`"]')`) {
		t.Fatalf("the message does not point at the result it is about:\n%s", b.text(t, "#messages"))
	}
	b.check(t, "talk chart")
	const answer = "Yes, gentle swimming is fine. Stop if the pain gets sharp."
	b.do(t, "answer", chromedp.SendKeys(chromedp.CSS(`#f-text`), answer))
	s.submit(`#send-message`)
	if !strings.Contains(b.text(t, "[data-thread]"), answer) {
		t.Fatalf("the answer is not in the thread: %s", b.text(t, "#messages"))
	}
	b.open(t, clinicLink+"/patients", "h1")
	if eval[bool](t, b, `!!document.querySelector('a[data-unread][href^="`+strings.TrimSuffix(chart, "#messages")+`"]')`) {
		t.Fatal("the caseload still shows the patient's messages unread after the chart was read")
	}

	// Two articles assigned from the chart.
	b.open(t, strings.TrimSuffix(chart, "#messages"), "#education-h")
	picked := eval[[]string](t, b, `(function () { var out = [];
		var boxes = document.querySelectorAll('input[name=articles]:not([disabled])');
		for (var i = 0; i < boxes.length && out.length < 2; i++) { boxes[i].checked = true; out.push(boxes[i].value); }
		return out; })()`)
	if len(picked) != 2 {
		t.Fatalf("fewer than two articles to assign: %v", picked)
	}
	s.submit(`#assign-articles`)
	if !strings.Contains(b.text(t, "main"), "The articles are assigned") {
		t.Fatalf("assigning: %.800s", b.text(t, "main"))
	}

	// The visit request: accept it with a time.
	at := now.Add(72 * time.Hour).UTC()
	at = time.Date(at.Year(), at.Month(), at.Day(), 10, 0, 0, 0, time.UTC)
	visit := eval[string](t, b, `(function () { var li = document.querySelectorAll("li[data-visit]");
		for (var i = 0; i < li.length; i++) { if (li[i].textContent.indexOf("`+times+`") >= 0) { return li[i].getAttribute("data-visit"); } }
		return ""; })()`)
	if visit == "" {
		t.Fatalf("the chart does not list the visit request:\n%s", b.text(t, "#visits"))
	}
	eval[bool](t, b, `(function () { var tz = document.querySelector('li[data-visit="`+visit+`"] input[name=tz]').value;
		document.querySelector("#f-at-`+visit+`").value = "`+at.Format("2006-01-02T15:04")+`"; return true; })()`)
	tz := eval[string](t, b, `document.querySelector('li[data-visit="`+visit+`"] input[name=tz]').value`)
	s.submit(`li[data-visit="` + visit + `"] button[value=accept]`)
	if !strings.Contains(b.text(t, `li[data-visit='`+visit+`']`), "Booked") {
		t.Fatalf("the visit is not booked: %s", b.text(t, "#visits"))
	}

	// The patient: the answer, the reading in Today, the visit in the feed.
	s.signIn("patient1@demo.example")
	b.open(t, result, "#messages-h")
	if !strings.Contains(b.text(t, "[data-thread]"), answer) {
		t.Fatalf("the patient does not see the answer:\n%s", b.text(t, "#messages"))
	}
	if !strings.Contains(b.text(t, "#messages-h"), "new") {
		t.Fatalf("the plan page does not say the answer is new: %s", b.text(t, "#messages-h"))
	}
	reading := b.text(t, "[data-assigned-reading]")
	for _, id := range picked {
		if !eval[bool](t, b, `!!document.querySelector('[data-open-article="`+id+`"]')`) {
			t.Fatalf("Today does not offer %s to read: %s", id, reading)
		}
	}
	s.submit(`[data-open-article="` + picked[0] + `"]`)
	if !strings.HasPrefix(eval[string](t, b, `location.pathname`), "/articles/"+picked[0]) {
		t.Fatalf("opening the article went to %s", eval[string](t, b, `location.href`))
	}
	b.open(t, "/r/"+seeID, "#visits-h")
	if !strings.Contains(b.text(t, "#visits"), "Booked") {
		t.Fatalf("the plan page does not show the booked visit: %s", b.text(t, "#visits"))
	}
	ics := eval[string](t, b, `fetch("/api/v1/assessments/`+seeID+`/plan.ics").then(function (r) { return r.text(); })`)
	if !strings.Contains(ics, "SUMMARY:Visit with your clinic") {
		t.Fatalf("the calendar feed has no visit:\n%.2000s", ics)
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		loc = time.UTC
	}
	want := time.Date(at.Year(), at.Month(), at.Day(), 10, 0, 0, 0, loc).UTC().Format("20060102T150405Z")
	if !strings.Contains(ics, "DTSTART:"+want) {
		t.Fatalf("the visit is not at %s in the feed:\n%.3000s", want, ics)
	}

	// The chart: one of the two opened, with when.
	s.signIn("therapist@demo.example")
	b.open(t, strings.TrimSuffix(chart, "#messages"), "#education-h")
	var lines []string
	json.Unmarshal([]byte(eval[string](t, b, `JSON.stringify(Array.from(document.querySelectorAll("[data-education] li")).map(function (l) { return l.textContent; }))`)), &lines)
	opened, notYet := 0, 0
	for _, id := range picked {
		title := eval[string](t, b, `fetch("/api/v1/articles/`+id+`").then(function (r) { return r.json(); }).then(function (j) { return j.title; })`)
		for _, l := range lines {
			if strings.HasPrefix(l, title+" (assigned") || strings.HasPrefix(l, title+" (in the program") {
				if strings.Contains(l, "): opened ") {
					opened++
				} else {
					notYet++
				}
			}
		}
	}
	if opened != 1 || notYet != 1 {
		t.Fatalf("the chart shows %d opened and %d not of the two assigned: %v", opened, notYet, lines)
	}
	b.check(t, "talk chart education")
}

// TestBrowserClinicProtocol is the clinic's own protocol in Chromium: the
// admin pastes one that lowers a red flag (refused, the rule named), then
// one that adds a rule with a test case (the diff and the cases shown),
// puts it in force; a patient's new result records its version; a second
// version goes in force and the first is restored.
func TestBrowserClinicProtocol(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser suite is not short")
	}
	m := startMain(t, Config{Demo: true, DemoPassword: strongPassword})
	b := newBrowser(t, m.URL())
	s := browserSession{t: t, b: b}
	s.signIn("admin@demo.example")
	b.open(t, "/account", "h1")
	clinicLink := eval[string](t, b, `document.querySelector('a[href^="/clinic/"]').getAttribute("href")`)
	b.open(t, clinicLink, "h1")
	s.submit(`a[href$="/protocol"]`)
	if !strings.Contains(b.text(t, "[data-active-version]"), "default protocol") {
		t.Fatalf("the protocol page does not say the default is in force: %s", b.text(t, "main"))
	}
	b.check(t, "protocol page")
	paste := func(protocolText, cases string) {
		t.Helper()
		p, _ := json.Marshal(protocolText)
		c, _ := json.Marshal(cases)
		eval[bool](t, b, `(document.querySelector("#f-protocol").value = `+string(p)+`, document.querySelector("#f-cases").value = `+string(c)+`, true)`)
		s.submit(`#upload-protocol`)
	}

	// The lowered protocol comes as a file chosen from the computer.
	file := filepath.Join(t.TempDir(), "lowered.yaml")
	if err := os.WriteFile(file, []byte(loweredProtocol(t)), 0o600); err != nil {
		t.Fatal(err)
	}
	b.do(t, "choose the file", chromedp.SetUploadFiles(`#f-protocol-file`, []string{file}),
		chromedp.Poll[chromedp.Void](`document.querySelector("#f-protocol").value.includes("saddle")`, chromedp.WithPollingTimeout(10*time.Second)))
	eval[bool](t, b, `(document.querySelector("#f-cases").value = "", true)`)
	s.submit(`#upload-protocol`)
	refused := b.text(t, "[data-refused]")
	if !strings.Contains(refused, "redflag.cauda-equina.saddle-numbness") || !strings.Contains(refused, "saddle numbness must lead to emergency") {
		t.Fatalf("the lowered protocol is not refused naming the rule:\n%s", refused)
	}
	b.check(t, "protocol refused")

	paste(clinicProtocol(t, "demo.1", true), clinicCases)
	if got := b.text(t, `[data-change='added']`); !strings.Contains(got, "clinic.long-sitting") || !strings.Contains(got, "ten hours") {
		t.Fatalf("the diff does not show the added rule with its text:\n%s", b.text(t, "#review"))
	}
	if !strings.Contains(b.text(t, "[data-cases-summary]"), "all passed") || !strings.Contains(b.text(t, "[data-own-case]"), "sits 11 hours") {
		t.Fatalf("the test cases are not shown run:\n%s", b.text(t, "#review"))
	}
	b.check(t, "protocol review")
	s.submit(`#activate`)
	if !strings.Contains(b.text(t, "[data-active-version]"), "demo.1") {
		t.Fatalf("demo.1 is not in force: %s", b.text(t, "main"))
	}

	// A patient's new result records the clinic's version.
	s.signIn("patient1@demo.example")
	assess := func() string {
		return eval[string](t, b, `fetch("/api/v1/assessments", {method: "POST", headers: {"Content-Type": "application/json"},
			body: JSON.stringify({age: 35, regions: ["lumbar_left"], self_care: {trend: "better"}, lifestyle: {sitting_hours: 11}})})
			.then(function (r) { return r.json(); }).then(function (j) { return j.disposition + " " + j.protocol.version; })`)
	}
	if got := assess(); got != "see_clinician demo.1" {
		t.Fatalf("a new result = %q; want see_clinician with demo.1", got)
	}

	// Another version, then the first restored.
	s.signIn("admin@demo.example")
	b.open(t, clinicLink+"/protocol", "#f-protocol")
	paste(clinicProtocol(t, "demo.2", false), "")
	if !strings.Contains(b.text(t, `[data-change='removed']`), "clinic.long-sitting") {
		t.Fatalf("the diff does not show the removed rule:\n%s", b.text(t, "#review"))
	}
	s.submit(`#activate`)
	s.submit(`[data-restore="demo.1"]`)
	if !strings.Contains(b.text(t, "[data-active-version]"), "demo.1") {
		t.Fatalf("restoring demo.1: %s", b.text(t, "main"))
	}
	s.signIn("patient1@demo.example")
	if got := assess(); got != "see_clinician demo.1" {
		t.Fatalf("after the restore a new result = %q", got)
	}
}
