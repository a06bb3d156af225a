package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"unknot/internal/testclock"
)

// tapper clicks like a person taps, and counts the taps.
type tapper struct {
	b *browser
	n int
}

func (p *tapper) tap(t *testing.T, sel string) {
	t.Helper()
	p.n++
	p.b.click(t, sel)
}

// wide saves a screenshot at 1280 px as well as the one at 360 px.
func (b *browser) wide(t *testing.T, name string) {
	t.Helper()
	b.screenshot(t, name+" 360")
	b.do(t, "desktop width", chromedp.EmulateViewport(1280, 800))
	b.screenshot(t, name+" 1280")
	b.do(t, "phone width", chromedp.EmulateViewport(viewportWidth, 800))
}

// signInPage signs a person in through the sign-in page.
func (b *browser) signIn(t *testing.T, email string) {
	t.Helper()
	b.open(t, "/login", "h1")
	b.do(t, "sign in",
		chromedp.SendKeys(chromedp.CSS(`#f-email`), email),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), strongPassword),
		chromedp.Click(chromedp.CSS(`form[action^="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#results-h`)))
}

// TestBrowserCheckIn: a normal day's check-in (no warning signs) takes at
// most 10 taps, the day's check-in is then shown to change rather than
// overwritten blind, and a Yes to a warning sign of an emergency reaches
// the emergency page in at most 2 taps after that answer.
func TestBrowserCheckIn(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser suite is not short")
	}
	clk := testclock.New()
	m := startMainAt(t, Config{EmergencyNumber: "112"}, clk)
	b := newBrowser(t, m.URL())
	w := &world{t: t, url: m.URL()}
	hana := w.signUp("hana", "")
	var res struct{ ID, Disposition string }
	onset := clk.Now().Add(-3 * 24 * time.Hour).Format(time.RFC3339)
	json.Unmarshal(w.must(hana, "POST", "/api/v1/assessments", json.RawMessage(`{"age": 41, "regions": ["lumbar_left"],
		"onset": "`+onset+`", "pain": {"now": 4, "worst_24h": 5}, "symptoms": ["tight_band"]}`), 201), &res)
	if res.Disposition != "self_care" {
		t.Fatalf("the starting result is %s", res.Disposition)
	}
	b.signIn(t, "hana@example.org")
	diary := "/r/" + res.ID + "/diary"

	clk.Advance(24 * time.Hour)
	b.open(t, diary, `form[data-checkin]`)
	b.check(t, "check-in form")
	b.wide(t, "check-in form")
	p := &tapper{b: b}
	for _, sel := range []string{
		`input[name=pain_now][value="3"]`, `input[name=pain_worst][value="4"]`, `input[name=stiffness][value="2"]`,
		`input[name=activity][value="1"]`, `input[name=sleep_disturbed][value=no]`, `input[name=flags][value=none]`,
	} {
		p.tap(t, sel)
	}
	if !eval[bool](t, b, `document.querySelector(".flag-list").hidden`) {
		t.Error(`"none of these" does not fold the warning questions away`)
	}
	b.check(t, "check-in none of these")
	b.wide(t, "check-in none of these")
	eval[bool](t, b, `(window.__before = document.body, true)`)
	p.tap(t, `form[data-checkin] button[type=submit]`)
	b.waitForNewPage(t)
	b.do(t, "saved", chromedp.WaitVisible(chromedp.CSS(`h1`)))
	if loc := eval[string](t, b, `location.search`); !strings.Contains(loc, "note=checked-in") {
		t.Fatalf("the check-in was not saved: at %s\n%.1500s", loc, b.text(t, "main"))
	}
	t.Logf("a check-in with no warning signs: %d taps", p.n)
	if p.n > 10 {
		t.Errorf("a normal day's check-in took %d taps; at most 10", p.n)
	}

	// The same day again: today's answers, to change.
	b.open(t, diary, `form[data-checkin]`)
	if h := b.text(t, "#form-h"); h != "Change today's check-in" {
		t.Errorf("a second visit the same day says %q", h)
	}
	if !eval[bool](t, b, `document.querySelector('input[name=pain_now][value="3"]').checked && document.querySelector('input[name=flags][value=none]').checked`) {
		t.Error("today's check-in is not shown to change")
	}
	b.check(t, "check-in edit today")
	b.wide(t, "check-in edit today")

	// The next day: a Yes to new numbness in the saddle area.
	clk.Advance(24 * time.Hour)
	b.open(t, diary, `form[data-checkin]`)
	p = &tapper{b: b}
	p.tap(t, `input[name=pain_now][value="5"]`)
	p.tap(t, `input[name="flag.saddle_numbness"][value=yes]`)
	after := p.n
	if !b.waitForStop(t) {
		t.Fatalf("a Yes to saddle numbness in the check-in did not stop it:\n%.1500s", b.text(t, "main"))
	}
	if extra := p.n - after; extra > 2 {
		t.Errorf("%d taps after the Yes; at most 2", extra)
	}
	if h := b.text(t, "h1"); h != "Get help now" {
		t.Errorf("the check-in's stop shows %q", h)
	}
	b.check(t, "check-in emergency stop")
	b.wide(t, "check-in emergency stop")
}
