package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestBrowserWorkspace is issue 13's walk through the therapist's
// workspace on the demo clinic: the therapist opens the caseload and a
// patient getting worse, builds and assigns a program from the generated
// plan with one exercise changed, records and signs a session note with
// trigger point release and dry needling, and adds an addendum; the
// patient sees the program in "Today" and in the calendar feed, and logs a
// session; the caseload shows their adherence. Every page passes axe-core
// at 360 px; the main ones are also saved at 1280 px.
func TestBrowserWorkspace(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser suite is not short")
	}
	m := startMain(t, Config{Demo: true, DemoPassword: strongPassword})
	b := newBrowser(t, m.URL())
	wide := func(name string) {
		t.Helper()
		b.do(t, "1280 px", chromedp.EmulateViewport(1280, 900))
		b.screenshot(t, name+"-1280")
		b.do(t, "360 px", chromedp.EmulateViewport(viewportWidth, 800))
	}
	signIn := func(email string) {
		t.Helper()
		b.do(t, "sign out", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, network.ClearBrowserCookies, cdp.Empty{})
			return err
		}))
		b.open(t, "/login", "h1")
		b.do(t, "sign in as "+email,
			chromedp.SendKeys(chromedp.CSS(`#f-email`), email),
			chromedp.SendKeys(chromedp.CSS(`#f-password`), strongPassword))
		eval[bool](t, b, `(window.__before = document.body, true)`)
		b.click(t, `form[action="/login"] button[type=submit]`)
		// Wait for the page after signing in, not the sign-in page.
		b.waitForNewPage(t)
		b.do(t, "signed in", chromedp.WaitVisible(chromedp.CSS(`h1`)))
	}
	submit := func(sel string) {
		t.Helper()
		eval[bool](t, b, `(window.__before = document.body, true)`)
		b.click(t, sel)
		b.waitForNewPage(t)
		b.do(t, "the next page", chromedp.WaitVisible(chromedp.CSS(`h1`)))
	}

	signIn("therapist@demo.example")
	b.open(t, "/account", "h1")
	clinicLink := eval[string](t, b, `document.querySelector('a[href^="/clinic/"]').getAttribute("href")`)
	b.open(t, clinicLink, `a[href$="/patients"]`)
	b.check(t, "workspace clinic")
	submit(`a[href$="/patients"]`)
	b.check(t, "workspace caseload")
	wide("workspace caseload")

	// A patient getting worse (and with no warning sign, which would lead).
	chart := eval[string](t, b, `(function () {
		var rows = document.querySelectorAll("tr[data-patient]");
		for (var i = 0; i < rows.length; i++) {
			var tags = rows[i].querySelectorAll(".tag");
			if (tags.length && tags[0].classList.contains("r-worse")) { return rows[i].querySelector("a").getAttribute("href"); }
		}
		return ""; })()`)
	if chart == "" {
		t.Fatalf("no patient getting worse leads a caseload row:\n%s", b.text(t, "main"))
	}
	patientID := chart[strings.LastIndex(chart, "/")+1:]
	b.open(t, chart, "#program-h")
	b.check(t, "workspace chart")
	wide("workspace chart")
	email := eval[string](t, b, `document.querySelector('a[href^="mailto:"]').textContent`)
	assessment := strings.TrimSuffix(strings.TrimPrefix(eval[string](t, b, `document.querySelector('a[href$="/diary"]').getAttribute("href")`), "/r/"), "/diary")
	before := b.text(t, "[data-adherence]")

	// The program: from the generated plan, its first exercise changed.
	b.open(t, chart+"/program?template=plan", `#f-ex-0-id`)
	b.check(t, "workspace program builder")
	current := eval[[]string](t, b, `Array.from(document.querySelectorAll('select[name$=".id"]')).map(function (s) { return s.value; }).filter(Boolean)`)
	if len(current) == 0 {
		t.Fatal("the generated plan gave the builder no exercise")
	}
	chosen := "bird_dog"
	for _, c := range []string{"bird_dog", "side_bridge", "clamshell", "hip_hinge"} {
		if !strings.Contains(strings.Join(current, " "), c) {
			chosen = c
			break
		}
	}
	eval[bool](t, b, `(function () { var s = document.querySelector("#f-ex-0-id"); s.value = "`+chosen+`";
		document.querySelector("#f-ex-0-side").value = ""; document.querySelector("#f-ex-0-reps").value = "6";
		document.querySelector("#f-ex-0-hold").value = ""; return true; })()`)
	submit(`button[name=action][value=preview]`)
	if !strings.Contains(b.text(t, ".preview"), "Your physical therapist set your exercises") {
		t.Fatalf("the preview does not show the program:\n%.1500s", b.text(t, "main"))
	}
	b.check(t, "workspace program preview")
	wide("workspace program preview")
	chosenName := b.text(t, `#f-ex-0-id option:checked`)
	submit(`button[name=action][value=assign]`)
	if !strings.Contains(b.text(t, "main"), "The program is assigned") || !strings.Contains(b.text(t, "#program-h + p"), "Version") {
		t.Fatalf("assigning did not come back to the chart with the new version:\n%.1500s", b.text(t, "main"))
	}

	// A session note: follow-up, trigger point release and dry needling,
	// signed, then an addendum.
	eval[bool](t, b, `(document.querySelector("#f-visit").value = "follow_up", true)`)
	submit(`form[action$="/notes"] button[type=submit]`)
	if !eval[bool](t, b, `!!document.querySelector("#f-find-0-muscle")`) {
		t.Fatalf("the draft note page has no findings form:\n%.2000s", b.text(t, "main"))
	}
	b.check(t, "workspace note draft")
	wide("workspace note draft")
	eval[bool](t, b, `(function () {
		document.querySelector("#f-find-0-muscle").value = "quadratus_lumborum";
		document.querySelector("#f-find-0-side").value = "left";
		document.querySelector('input[name="find.0.tp"]').checked = true;
		document.querySelector('input[name="find.0.referred"]').checked = true;
		document.querySelector("#f-pain-before").value = "6";
		document.querySelector("#f-pain-after").value = "3";
		document.querySelector('input[name=iv][value=trigger_point_release]').checked = true;
		document.querySelector("#f-iv-trigger_point_release").value = "Left QL, 3 rounds of 60 s";
		document.querySelector('input[name=iv][value=dry_needling]').checked = true;
		document.querySelector("#f-iv-dry_needling").value = "2 needles, left QL";
		return true; })()`)
	submit(`#save-note`)
	if !strings.Contains(b.text(t, "main"), "The draft note is saved") {
		t.Fatalf("saving the draft: %.1500s", b.text(t, "main"))
	}
	submit(`form[action$="/sign"] button[type=submit]`)
	if !strings.Contains(b.text(t, "[data-signed]"), "Signed by you") {
		t.Fatalf("signing: %.1500s", b.text(t, "main"))
	}
	done := b.text(t, "[data-interventions]")
	if !strings.Contains(done, "Trigger point release: Left QL") || !strings.Contains(done, "Dry needling: 2 needles") {
		t.Fatalf("the signed note does not show the interventions: %s", done)
	}
	b.do(t, "write an addendum", chromedp.SendKeys(chromedp.CSS(`#f-text`), "Needling was on the left only."))
	submit(`form[action$="/addenda"] button[type=submit]`)
	if !strings.Contains(b.text(t, "[data-addenda]"), "Needling was on the left only.") {
		t.Fatalf("the addendum is not shown: %.1500s", b.text(t, "main"))
	}
	b.check(t, "workspace note signed")
	wide("workspace note signed")

	// The patient sees the program in Today and in the calendar feed, and
	// logs a session.
	signIn(email)
	b.open(t, "/r/"+assessment, "h1")
	if !eval[bool](t, b, `!!document.querySelector("#plan-h")`) {
		t.Fatalf("the patient's result has no plan:\n%.2000s", b.text(t, "main"))
	}
	today := b.text(t, "#plan-h ~ ul.items")
	if !strings.Contains(today, chosenName) {
		t.Fatalf("Today does not show the program's %s:\n%s", chosenName, today)
	}
	ics := eval[string](t, b, `fetch("/api/v1/assessments/`+assessment+`/plan.ics").then(function (r) { return r.text(); })`)
	if !strings.Contains(strings.ReplaceAll(ics, "\r\n ", ""), chosenName) {
		t.Fatalf("the calendar feed does not have the program's %s:\n%.1500s", chosenName, ics)
	}
	b.check(t, "workspace patient plan")
	wide("workspace patient plan")
	submit(`form[action="/program/sessions"] button[type=submit]`)
	if !strings.Contains(b.text(t, "main"), "Today's exercises are saved") {
		t.Fatalf("logging the session: %.800s", b.text(t, "main"))
	}

	// The caseload and the chart show the adherence.
	signIn("therapist@demo.example")
	b.open(t, clinicLink+"/patients", "h1")
	row := b.text(t, `tr[data-patient='`+patientID+`'] [data-adherence]`)
	if !regexp.MustCompile(`^100% \(1 of 1 days\)$`).MatchString(row) {
		t.Fatalf("the caseload shows adherence %q after one logged session of the new program (before: %q)", row, before)
	}
}
