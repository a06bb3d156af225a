package main

import (
	"strings"
	"testing"

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
