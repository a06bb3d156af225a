package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"unknot/internal/testclock"
)

// TestBrowserDiary checks in every day for a week through the web page,
// with pain getting worse: the diary ends by advising a clinician. Then a
// check-in with a new red flag shows the emergency page.
func TestBrowserDiary(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser suite is not short")
	}
	clk := testclock.New()
	m := startMainAt(t, Config{EmergencyNumber: "112"}, clk)
	b := newBrowser(t, m.URL())

	// An account, and a self-care result kept in it (made through the API
	// with the same clock).
	w := &world{t: t, url: m.URL()}
	gina := w.signUp("gina", "")
	var res struct{ ID, Disposition string }
	onset := clk.Now().Add(-3 * 24 * time.Hour).Format(time.RFC3339)
	json.Unmarshal(w.must(gina, "POST", "/api/v1/assessments", json.RawMessage(`{"age": 33, "regions": ["flank_left"],
		"onset": "`+onset+`", "pain": {"now": 3, "worst_24h": 4}, "symptoms": ["tight_band"]}`), 201), &res)
	if res.Disposition != "self_care" {
		t.Fatalf("the starting result is %s", res.Disposition)
	}

	if resp, body := w.do(gina, "GET", "/r/"+res.ID+"/diary", nil); resp.StatusCode != 200 {
		t.Fatalf("diary page = %d %.500s", resp.StatusCode, body)
	}
	// Sign in through the page.
	b.open(t, "/login", "h1")
	b.do(t, "sign in",
		chromedp.SendKeys(chromedp.CSS(`#f-email`), "gina@example.org"),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), strongPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#results-h`)))

	checkIn := func(pain int, flags ...string) {
		t.Helper()
		b.open(t, "/r/"+res.ID+"/diary", `form[action$="/diary"]`)
		js := fmt.Sprintf(`(function () {
			function pick(n, v) { document.querySelector('input[name="' + n + '"][value="' + v + '"]').click(); }
			pick("pain_now", %d); pick("pain_worst", %d); pick("stiffness", 4); pick("activity", %d);
			pick("sleep_disturbed", "no");
			document.querySelectorAll('input[type=radio][name^="flag."][value=no]').forEach(function (e) { e.click(); });
			document.querySelector('input[name=done][value=exercise]').click();
			window.__before = document.body;
			%s
			return true; })()`, pain, min(pain+1, 10), pain, flagJS(flags))
		eval[bool](t, b, js)
		if len(flags) > 0 {
			// A Yes to a warning sign of an emergency stops the check-in
			// at once: no need to save it.
			b.waitForNewPage(t)
			b.do(t, "the page after the stop", chromedp.WaitVisible(chromedp.CSS(`h1`)))
			return
		}
		b.do(t, "save the check-in",
			chromedp.Click(chromedp.CSS(`form[action$="/diary"] button[type=submit]`)))
		// Wait for the next page, not the one the form was on.
		b.waitForNewPage(t)
		b.do(t, "the page after saving", chromedp.WaitVisible(chromedp.CSS(`h1`)))
	}

	// The questionnaires page passes the same checks (axe, 360 px, CSP).
	b.open(t, "/r/"+res.ID+"/outcomes", "h1")
	b.check(t, "outcomes")

	pains := []int{3, 3, 4, 5, 6, 6, 7}
	for day, pain := range pains {
		clk.Advance(24 * time.Hour)
		checkIn(pain)
		page := b.text(t, "main")
		if day < 3 && strings.Contains(page, "Book a visit") {
			t.Fatalf("day %d (pain %d): advised a visit too early:\n%s", day+1, pain, page)
		}
	}
	page := b.text(t, "main")
	if !strings.Contains(page, "Book a visit with a physical therapist or doctor") {
		t.Fatalf("after a week of worse pain the diary does not advise a clinician:\n%.2000s", page)
	}
	b.check(t, "diary see clinician")

	clk.Advance(24 * time.Hour)
	checkIn(5, "saddle_numbness")
	if h := b.text(t, "h1"); h != "Get help now" {
		t.Fatalf("a new red flag shows %q, not the emergency page", h)
	}
	if !strings.Contains(b.text(t, "main"), "112") {
		t.Fatal("the emergency page does not give the number")
	}
	b.check(t, "diary emergency")
}

func flagJS(words []string) string {
	var s strings.Builder
	for _, w := range words {
		fmt.Fprintf(&s, `document.querySelector('input[name="flag.%s"][value=yes]').click();`, w)
	}
	return s.String()
}
