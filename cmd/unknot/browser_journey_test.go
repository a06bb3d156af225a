package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestBrowserJourney walks the person's journey on a 360 px phone: the
// check stops at the first emergency answer.
func TestBrowserJourney(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser suite is not short")
	}
	m := startMain(t, Config{EmergencyNumber: "112"})
	b := newBrowser(t, m.URL())

	t.Run("figure review", func(t *testing.T) {
		b.open(t, "/exercises?review=1", ".review-figures")
		if n := eval[int](t, b, `Array.from(document.querySelectorAll(".review-figures img")).filter(function (i) { return i.complete && i.naturalWidth > 0; }).length`); n < 20 {
			t.Errorf("the review page shows %d drawings", n)
		}
		b.check(t, "figure review")
		b.wide(t, "figure review")
	})

	t.Run("errors where they happen", func(t *testing.T) {
		b.freshCheck(t)
		if eval[bool](t, b, `!document.querySelector("#step-about [data-back]").hidden`) {
			t.Error("step 1 shows a Back button that goes nowhere")
		}
		b.do(t, "age in words", chromedp.SendKeys(chromedp.CSS(`#f-age`), "thirty"))
		b.click(t, `#step-about [data-next]`)
		if got := b.text(t, "#f-age-err span"); got != "Type your age in whole years, like 34." {
			t.Errorf("thirty as an age: %q, on step %s", got, eval[string](t, b, `document.querySelector(".step.current").id`))
		}
		b.check(t, "error age")
		b.wide(t, "error age")
		b.do(t, "age", chromedp.SetValue(chromedp.CSS(`#f-age`), "34.5"))
		b.click(t, `#step-about [data-next]`)
		if eval[string](t, b, `document.querySelector(".step.current").id`) != "step-about" {
			t.Error("34.5 as an age moved on")
		}
		b.do(t, "age", chromedp.SetValue(chromedp.CSS(`#f-age`), "34"))
		b.click(t, `#step-about [data-next]`)
		b.do(t, "step 2", chromedp.WaitVisible(chromedp.CSS(`#step-where.current`)))
		b.click(t, `.bm-r[data-region="lumbar_left"]`)
		b.click(t, `#step-where [data-next]`)
		b.do(t, "step 3", chromedp.WaitVisible(chromedp.CSS(`#step-pain.current`)))
		// "20" with no unit is read as hours and shown back.
		b.click(t, `input[name="onset_mode"][value="ago"]`)
		b.do(t, "onset", chromedp.SendKeys(chromedp.CSS(`#f-onset-ago`), "20"))
		if got := b.text(t, "[data-onset-since]"); !strings.HasPrefix(got, "Since ") || !strings.Contains(got, "hours") {
			t.Errorf("the onset shown back: %q", got)
		}
		b.check(t, "onset shown back")
		b.wide(t, "onset shown back")
	})

	t.Run("body map", func(t *testing.T) {
		b.freshCheck(t)
		b.open(t, "/check#step-where", "#step-where.current")
		for _, want := range []string{"Spine", "Ribs", "Hip", "Buttock"} {
			if !strings.Contains(b.text(t, ".bm-lm"), want) {
				t.Errorf("the body map does not name %q", want)
			}
		}
		b.do(t, "focus the step", chromedp.Focus(chromedp.CSS("#step-where legend h2")))
		for i := 0; eval[string](t, b, `document.activeElement.getAttribute("data-region") || ""`) == ""; i++ {
			if i == 6 {
				t.Fatal("Tab does not reach the body map")
			}
			b.do(t, "tab", chromedp.KeyEvent("\t"))
		}
		want := eval[string](t, b, `document.activeElement.getAttribute("aria-label")`)
		if got := b.text(t, "[data-bm-focus]"); got != want || got == "" {
			t.Errorf("the focused place is named %q; want %q", got, want)
		}
		if !eval[bool](t, b, `!!document.querySelector('input[name=regions][value=iliac_crest_left]')`) {
			t.Error("the list of places is gone")
		}
		b.check(t, "body map")
		b.wide(t, "body map")
	})

	t.Run("stop at saddle numbness", func(t *testing.T) {
		b.freshCheck(t)
		p := &tapper{b: b}
		b.do(t, "age", chromedp.SendKeys(chromedp.CSS(`#f-age`), "52"))
		p.tap(t, `#step-about [data-next]`)
		b.do(t, "step 2", chromedp.WaitVisible(chromedp.CSS(`#step-where.current`)))
		p.tap(t, `.bm-r[data-region="lumbar_center"]`)
		p.tap(t, `#step-where [data-next]`)
		b.do(t, "step 3", chromedp.WaitVisible(chromedp.CSS(`#step-pain.current`)))
		p.tap(t, `input[name="onset_mode"][value="unknown"]`)
		p.tap(t, `input[name="pain.now"][value="6"]`)
		p.tap(t, `input[name="pain.worst_24h"][value="8"]`)
		p.tap(t, `#step-pain [data-next]`)
		b.do(t, "step 4", chromedp.WaitVisible(chromedp.CSS(`#step-lump.current`)))
		p.tap(t, `input[name="lump.present"][value="no"]`)
		p.tap(t, `#step-lump [data-next]`)
		b.do(t, "step 5", chromedp.WaitVisible(chromedp.CSS(`#step-nerve.current`)))
		for _, w := range []string{"numbness", "tingling", "leg_weakness", "progressive_weakness", "bilateral_leg_symptoms"} {
			p.tap(t, `input[name="symptom.`+w+`"][value="no"]`)
		}
		p.tap(t, `input[name="symptom.saddle_numbness"][value="yes"]`)
		after := p.n
		if !b.waitForStop(t) {
			t.Fatalf("a Yes to saddle numbness did not stop the check:\n%.1000s", b.text(t, "main"))
		}
		if extra := p.n - after; extra > 2 {
			t.Errorf("%d taps after the Yes; at most 2", extra)
		}
		t.Logf("the emergency page %d taps after the Yes (%d taps in all)", p.n-after, p.n)
		if d := eval[string](t, b, `document.querySelector("[data-disposition]").dataset.disposition`); d != "emergency" {
			t.Fatalf("the stop shows %q", d)
		}
		if !strings.HasPrefix(eval[string](t, b, `location.pathname`), "/r/") {
			t.Error("the emergency page is not the stored result's page")
		}
		// The answers are kept in this browser.
		if !eval[bool](t, b, `(localStorage.getItem("unknot.check") || "").indexOf("symptom.saddle_numbness") >= 0`) {
			t.Error("the answers were not kept")
		}
		b.check(t, "journey emergency stop")
		b.wide(t, "journey emergency stop")
		b.open(t, "/check#step-nerve", "#step-nerve.current")
		if !eval[bool](t, b, `document.querySelector('input[name="symptom.saddle_numbness"][value="yes"]').checked && document.getElementById("f-age").value === "52"`) {
			t.Error("the wizard does not show the answers kept")
		}
	})
}

// TestBrowserResultFirstScreen: at 360 × 780 the first screen of a
// self-care result shows the disposition, ice or heat with the switch time
// and the Keep button; the page names no internal word; the plan prints on
// at most 3 A4 pages.
func TestBrowserResultFirstScreen(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser suite is not short")
	}
	m := startMain(t, Config{EmergencyNumber: "112"})
	b := newBrowser(t, m.URL())
	internal := internalWords(t)
	for _, c := range []struct {
		name    string
		daysAgo int
		want    string
	}{{"ice", 1, "Ice now"}, {"heat", 5, "Heat now"}} {
		t.Run(c.name, func(t *testing.T) {
			f := selfCareFacts
			f.DaysAgo = c.daysAgo
			b.freshCheck(t)
			b.fill(t, f, "first screen "+c.name, false)
			b.submit(t)
			b.do(t, "phone screen", chromedp.EmulateViewport(360, 780))
			b.do(t, "top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
			type box struct {
				Bottom float64 `json:"bottom"`
				Text   string  `json:"text"`
			}
			at := func(sel string) box {
				t.Helper()
				return eval[box](t, b, `(function () { var e = document.querySelector('`+sel+`');
					if (!e) return {bottom: 1e9, text: ""};
					return {bottom: e.getBoundingClientRect().bottom, text: e.textContent.replace(/\s+/g, " ").trim()}; })()`)
			}
			h1, ch, keep := at("h1"), at("[data-now-coldheat]"), at("[data-keep]")
			t.Logf("%s: h1 %q ends at %.0f px; %q ends at %.0f px; Keep ends at %.0f px", c.name, h1.Text, h1.Bottom, ch.Text, ch.Bottom, keep.Bottom)
			if h1.Text != "You can care for this at home" {
				t.Errorf("the result's heading is %q", h1.Text)
			}
			if !strings.Contains(ch.Text, c.want) || !strings.Contains(ch.Text, ":") {
				t.Errorf("the ice or heat line %q lacks %q and the switch time", ch.Text, c.want)
			}
			for name, bx := range map[string]box{"disposition": h1, "ice or heat": ch, "Keep": keep} {
				if bx.Bottom > 780 {
					t.Errorf("%s is not on the first screen: it ends at %.0f px", name, bx.Bottom)
				}
			}
			if w := internal.find(b.text(t, "body")); w != "" {
				t.Errorf("the result page shows the internal word %q", w)
			}
			b.viewShot(t, "result first screen "+c.name)
			b.wide(t, "result "+c.name)
			b.do(t, "phone width", chromedp.EmulateViewport(viewportWidth, 800))
			n := b.printedPages(t, "result "+c.name)
			t.Logf("%s: the result prints on %d A4 pages", c.name, n)
			if n > 3 {
				t.Errorf("the result prints on %d A4 pages; at most 3", n)
			}
		})
	}
}

// printedPages prints the page to PDF on A4 as Chromium's print does (the
// print stylesheet, no header or footer), saves it as name.pdf and counts
// its pages.
func (b *browser) printedPages(t *testing.T, name string) int {
	t.Helper()
	var pdf []byte
	b.do(t, "print to PDF", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		// The page's own beforeprint handler opens the folded sections.
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event("beforeprint"))`)); err != nil {
			return err
		}
		yes := true
		res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69, PreferCSSPageSize: &yes})
		pdf = res.Data
		return err
	}))
	// A picture of the print, for a person to look at.
	b.do(t, "print media", chromedp.EmulateViewport(703, 1000), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	b.screenshot(t, name+" print")
	t.Logf("%s: %d px high in print at A4's width (a page holds about 1032 px)", name, eval[int](t, b, `document.documentElement.scrollHeight`))
	b.do(t, "screen media", chromedp.EmulateViewport(viewportWidth, 800), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""})
		return err
	}))
	eval[bool](t, b, `(window.dispatchEvent(new Event("afterprint")), true)`)
	file := strings.NewReplacer(" ", "-", "/", "-").Replace(name) + ".pdf"
	if err := os.WriteFile(filepath.Join(b.out, file), pdf, 0o644); err != nil {
		t.Errorf("saving %s: %v", file, err)
	}
	return len(pdfPage.FindAll(pdf, -1))
}

// pdfPage is a page object of a PDF ("/Type /Page", not "/Pages").
var pdfPage = regexp.MustCompile(`/Type\s*/Page[^s]`)

// viewShot saves what fits in the viewport (the first screen) as name.png.
func (b *browser) viewShot(t *testing.T, name string) {
	t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Errorf("%s: screenshot: %v", name, err)
		return
	}
	file := strings.NewReplacer(" ", "-", "/", "-").Replace(name) + ".png"
	if err := os.WriteFile(filepath.Join(b.out, file), png, 0o644); err != nil {
		t.Errorf("saving screenshot: %v", err)
	}
}

// TestBrowserThread: Keep on an anonymous result, then sign up with a
// clinic's code: after the mailed link the result is kept, and shared with
// the clinic in at most one more tap. Later, signed out, the result's link
// leads to sign-in and back to the result.
func TestBrowserThread(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser suite is not short")
	}
	m := startMain(t, Config{EmergencyNumber: "112"})
	b := newBrowser(t, m.URL())
	w := &world{t: t, url: m.URL()}
	resp, body := w.do(matrixActor{}, "POST", "/api/v1/setup", map[string]string{
		"email": "operator@example.org", "name": "Op", "password": strongPassword, "clinic_name": "Riverside Physio"})
	if resp.StatusCode != 201 {
		t.Fatalf("setup: %d %s", resp.StatusCode, body)
	}
	var setup struct {
		Clinic map[string]string `json:"clinic"`
	}
	json.Unmarshal(body, &setup)
	code := setup.Clinic["invite_code"]
	if code == "" {
		t.Fatalf("no invite code in %s", body)
	}

	b.freshCheck(t)
	b.fill(t, selfCareFacts, "thread", false)
	b.submit(t)
	result := eval[string](t, b, `location.pathname`)
	p := &tapper{b: b}
	p.tap(t, `[data-keep]`)
	b.do(t, "sign-in page", chromedp.WaitVisible(chromedp.CSS(`[data-next-note]`)))
	b.check(t, "thread sign in to keep")
	b.wide(t, "thread sign in to keep")
	p.tap(t, `[data-next-note] a[href^="/signup"]`)
	b.do(t, "sign-up page", chromedp.WaitVisible(chromedp.CSS(`form[action="/signup"]`)),
		chromedp.SendKeys(chromedp.CSS(`#f-email`), "jo@example.org"),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), strongPassword),
		chromedp.SendKeys(chromedp.CSS(`#f-invite-code`), code))
	b.check(t, "thread sign up")
	b.wide(t, "thread sign up")
	p.tap(t, `form[action="/signup"] button[type=submit]`)
	b.do(t, "mail sent", chromedp.WaitVisible(chromedp.CSS(`main .notice`)))
	msg := mailboxOf(t, m.URL()).wait(t, "jo@example.org", 1)
	link := linkToken.FindStringSubmatch(msg.Text)
	if link == nil {
		t.Fatalf("no link in the sign-up mail:\n%s", msg.Text)
	}
	p.n++ // opening the link in the mail
	b.open(t, "/login/link/"+link[1], `form[action^="/login/link/"] button`)
	p.tap(t, `form[action^="/login/link/"] button`)
	b.do(t, "back on the result", chromedp.WaitVisible(chromedp.CSS(`[data-disposition]`)))
	if got := eval[string](t, b, `location.pathname + location.search`); got != result+"?note=kept" {
		t.Fatalf("after the sign-up link: %s; want the result, kept", got)
	}
	signedUp := p.n
	if !strings.Contains(b.text(t, "main"), "Kept in your account") {
		t.Error("the result is not kept after sign-up")
	}
	b.check(t, "thread kept")
	b.wide(t, "thread kept")
	eval[bool](t, b, `(window.__before = document.body, true)`)
	p.tap(t, `[data-share-clinic]`)
	b.waitForNewPage(t)
	b.do(t, "shared", chromedp.WaitVisible(chromedp.CSS(`[data-disposition]`)))
	if !strings.Contains(b.text(t, "main"), "Your clinic can see") {
		t.Fatalf("not shared after one tap:\n%.1500s", b.text(t, "main"))
	}
	if extra := p.n - signedUp; extra > 1 {
		t.Errorf("keeping and sharing took %d taps after the sign-up", extra)
	}
	t.Logf("keep, sign up with a clinic code, share: %d taps (%d after the sign-up)", p.n, p.n-signedUp)
	b.check(t, "thread shared")

	// Signed out, the kept result's link: sign in, and back to it.
	b.do(t, "sign out", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.ClearBrowserCookies, cdp.Empty{})
		return err
	}))
	b.open(t, result, `form[action^="/login"]`)
	if got := eval[string](t, b, `location.pathname`); got != "/login" {
		t.Fatalf("a kept result's link signed out shows %s", got)
	}
	b.check(t, "thread signed out")
	b.do(t, "sign in",
		chromedp.SendKeys(chromedp.CSS(`#f-email`), "jo@example.org"),
		chromedp.SendKeys(chromedp.CSS(`#f-password`), strongPassword),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-disposition]`)))
	if got := eval[string](t, b, `location.pathname`); got != result {
		t.Errorf("after signing in: %s; want the result %s", got, result)
	}
}
