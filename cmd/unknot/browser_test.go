package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"unknot/internal/testclock"
)

// The browser suite drives the real server in headless Chromium: the
// self-check for each kind of result (compared with the CLI), the body map
// by keyboard, answers kept through a refresh, a tampered form, axe-core on
// every page and step, no sideways scrolling at 360 px, and pages at 200%
// text. It skips without Chromium unless CI=true.

// chromiumPath finds Chromium: $UNKNOT_CHROMIUM, /usr/bin/chromium, or
// chromium on the PATH.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("UNKNOT_CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium is not installed; CI must run the browser tests (scripts/test installs it)")
	}
	t.Skip("Chromium is not installed: set UNKNOT_CHROMIUM or install the chromium package")
	return ""
}

// browser is one headless Chromium shared by every subtest, at a phone's
// width.
type browser struct {
	ctx  context.Context
	base string
	axe  string
	out  string

	mu     sync.Mutex
	errors []string // JavaScript exceptions seen
}

const viewportWidth = 360

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	exe := chromiumPath(t)
	axe, err := os.ReadFile(filepath.Join("testdata", "browser", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	out := os.Getenv("UNKNOT_ARTIFACTS")
	if out == "" {
		out = filepath.Join("testdata", "browser", "out")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("lang", "en-GB"),
		chromedp.WindowSize(viewportWidth, 800),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	b := &browser{ctx: ctx, base: base, axe: string(axe), out: out}
	// Start the browser, then watch for script errors and CSP refusals on
	// every page.
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(viewportWidth, 800),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
				Source: `window.__csp = []; document.addEventListener("securitypolicyviolation", function (e) { window.__csp.push(e.violatedDirective + " " + e.blockedURI); });`,
			})
			return err
		}),
	)
	if err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	go func() {
		for ev, err := range chromedp.Events(ctx, runtime.ExceptionThrown) {
			if err != nil {
				return
			}
			b.mu.Lock()
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			b.errors = append(b.errors, fmt.Sprintf("%s (%s:%d)", msg, d.URL, d.LineNumber+1))
			b.mu.Unlock()
		}
	}()
	return b
}

// step runs actions with a time limit, failing the test on error.
func (b *browser) do(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression and decodes its value.
func eval[T any](t *testing.T, b *browser, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %.80q: %v", expr, err)
	}
	return v
}

// waitForNewPage waits until the page marked window.__before has been
// replaced. While the browser navigates, an evaluation may fail: that is
// the old page going, not an error.
func (b *browser) waitForNewPage(t *testing.T) {
	t.Helper()
	for range 400 {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		same, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__before === document.body`))
		cancel()
		if err == nil && !same {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatal("the page did not change after submitting")
}

func (b *browser) open(t *testing.T, path string, waitFor string) {
	t.Helper()
	b.do(t, "open "+path, chromedp.Navigate(b.base+path), chromedp.WaitVisible(chromedp.CSS(waitFor)))
}

func (b *browser) click(t *testing.T, sel string) {
	t.Helper()
	b.do(t, "click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// axeViolation is one serious or critical finding of axe-core.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// check runs the checks every page and wizard step must pass: axe-core
// finds nothing serious or critical, the page does not scroll sideways at
// 360 px, no script failed and the CSP refused nothing. It saves a
// screenshot as name.png.
func (b *browser) check(t *testing.T, name string) {
	t.Helper()
	if eval[bool](t, b, `typeof axe === "undefined"`) {
		if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[chromedp.Void](b.axe)); err != nil {
			t.Fatalf("%s: injecting axe-core: %v", name, err)
		}
	}
	found := eval[[]axeViolation](t, b, `axe.run(document, {resultTypes: ["violations"]}).then(function (r) {
		return r.violations.filter(function (v) { return v.impact === "serious" || v.impact === "critical"; }).map(function (v) {
			return {id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(function (n) { return n.target.join(" "); })};
		});
	})`)
	for _, v := range found {
		t.Errorf("%s: axe %s (%s): %s at %v", name, v.ID, v.Impact, v.Help, v.Nodes)
	}
	if w := eval[int](t, b, `document.documentElement.scrollWidth`); w > viewportWidth {
		t.Errorf("%s: the page is %d px wide at a %d px viewport: it scrolls sideways", name, w, viewportWidth)
	}
	if csp := eval[[]string](t, b, `window.__csp || []`); len(csp) > 0 {
		t.Errorf("%s: the CSP refused %v", name, csp)
	}
	b.mu.Lock()
	errs := b.errors
	b.errors = nil
	b.mu.Unlock()
	for _, e := range errs {
		t.Errorf("%s: script error: %s", name, e)
	}
	b.screenshot(t, name)
}

func (b *browser) screenshot(t *testing.T, name string) {
	t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("%s: screenshot: %v", name, err)
		return
	}
	file := strings.NewReplacer(" ", "-", "/", "-").Replace(name) + ".png"
	if err := os.WriteFile(filepath.Join(b.out, file), png, 0o644); err != nil {
		t.Errorf("saving screenshot: %v", err)
	}
}

// facts are one person's answers, which the test both types into the
// wizard and sends to `unknot assess` as the contract's JSON.
type facts struct {
	Age                int
	Sex                string
	DaysAgo            int
	Regions, Radiation []string
	PainNow, PainWorst int
	Symptoms, History  []string // any words of the lists
	Lump               bool
	Sleep              bool
	Activity           int
	Tried              []string
	Weeks              int
	Trend              string
	Triggers           []string
	SittingHours       int
}

// contractJSON is the facts as the assessment contract's input, made at at.
func (f facts) contractJSON(at time.Time) string {
	in := map[string]any{
		"at": at.UTC().Format(time.RFC3339), "age": f.Age, "regions": f.Regions,
		"pain":         map[string]int{"now": f.PainNow, "worst_24h": f.PainWorst},
		"lump":         map[string]bool{"present": f.Lump},
		"interference": map[string]any{"sleep": f.Sleep, "activity": f.Activity},
		"self_care":    map[string]any{"tried": f.Tried, "weeks": f.Weeks, "trend": f.Trend},
		"radiation":    f.Radiation, "symptoms": f.Symptoms, "history": f.History, "triggers": f.Triggers,
		"lifestyle": map[string]int{"sitting_hours": f.SittingHours},
	}
	if f.Sex != "" {
		in["sex"] = f.Sex
	}
	if f.DaysAgo > 0 {
		in["onset"] = at.Add(-time.Duration(f.DaysAgo) * 24 * time.Hour).UTC().Format(time.RFC3339)
	}
	b, _ := json.Marshal(in)
	return string(b)
}

var (
	selfCareFacts = facts{
		Age: 38, Sex: "female", DaysAgo: 5, Regions: []string{"lumbar_right", "iliac_crest_right"},
		Radiation: []string{"buttock"}, PainNow: 4, PainWorst: 6,
		Symptoms: []string{"tight_band", "tender_spot", "stiffness"}, History: []string{"previous_episodes"},
		Activity: 3, Tried: []string{"stretching", "heat"}, Trend: "same",
		Triggers: []string{"prolonged_sitting", "stress"}, SittingHours: 9,
	}
	seeClinicianFacts = func() facts {
		f := selfCareFacts
		f.Sleep, f.Activity = true, 8
		return f
	}()
	emergencyFacts = func() facts {
		f := selfCareFacts
		f.Symptoms = []string{"tight_band", "saddle_numbness"}
		return f
	}()
)

// fill answers the wizard step by step, with the mouse. When checkEach is
// set every step is checked (axe, width) on the way. It reports true when
// an emergency answer stopped the check on the way (the page is then the
// emergency result).
func (b *browser) fill(t *testing.T, f facts, name string, checkEach bool) (stopped bool) {
	t.Helper()
	next := func(from, to string) {
		t.Helper()
		if checkEach {
			b.check(t, name+" step "+from)
		}
		b.do(t, "next from "+from, chromedp.Click(chromedp.CSS("#step-"+from+" [data-next]")),
			chromedp.WaitVisible(chromedp.CSS("#step-"+to+".current")))
	}
	radio := func(name, value string) { b.click(t, `input[name="`+name+`"][value="`+value+`"]`) }
	box := func(name string, words []string) {
		for _, w := range words {
			radio(name, w)
		}
	}
	typeIn := func(name, text string) {
		b.do(t, "type "+name, chromedp.SendKeys(chromedp.CSS(`input[name="`+name+`"]`), text))
	}
	yesNo := func(step string, words []string) {
		names := eval[[]string](t, b, `Array.from(document.querySelectorAll("#step-`+step+` fieldset.yn")).map(function (f) { return f.dataset.name; })`)
		for _, n := range names {
			word := n[strings.IndexByte(n, '.')+1:]
			answer := "no"
			if slices.Contains(words, word) {
				answer = "yes"
			}
			radio(n, answer)
			if answer == "yes" && b.waitForStop(t) {
				stopped = true
				return
			}
		}
	}
	local := func(list, asked []string) (out []string) {
		for _, w := range list {
			if slices.Contains(asked, w) {
				out = append(out, w)
			}
		}
		return out
	}

	typeIn("age", fmt.Sprint(f.Age))
	if f.Sex != "" {
		radio("sex", f.Sex)
	}
	next("about", "where")
	for _, r := range f.Regions {
		b.click(t, `.bm-r[data-region="`+r+`"]`)
	}
	box("radiation", f.Radiation)
	next("where", "pain")
	radio("onset_mode", "ago")
	typeIn("onset_ago", fmt.Sprint(f.DaysAgo))
	b.do(t, "onset unit", chromedp.SetValue(chromedp.CSS(`select[name="onset_unit"]`), "days"))
	radio("pain.now", fmt.Sprint(f.PainNow))
	radio("pain.worst_24h", fmt.Sprint(f.PainWorst))
	box("symptoms", local(f.Symptoms, []string{"tight_band", "tender_spot", "muscle_spasm", "stiffness", "reduced_range_of_motion"}))
	next("pain", "lump")
	radio("lump.present", map[bool]string{true: "yes", false: "no"}[f.Lump])
	next("lump", "nerve")
	yesNo("nerve", f.Symptoms)
	if stopped {
		return true
	}
	next("nerve", "body")
	yesNo("body", f.Symptoms)
	if stopped {
		return true
	}
	next("body", "health")
	yesNo("health", f.History)
	if stopped {
		return true
	}
	box("history", local(f.History, []string{"minor_strain", "previous_episodes"}))
	next("health", "life")
	radio("interference.sleep", map[bool]string{true: "yes", false: "no"}[f.Sleep])
	radio("interference.activity", fmt.Sprint(f.Activity))
	box("self_care.tried", f.Tried)
	typeIn("self_care.weeks", fmt.Sprint(f.Weeks))
	if f.Trend != "" {
		radio("self_care.trend", f.Trend)
	}
	next("life", "day")
	box("triggers", f.Triggers)
	typeIn("lifestyle.sitting_hours", fmt.Sprint(f.SittingHours))
	next("day", "review")
	if checkEach {
		b.check(t, name+" step review")
	}
	return false
}

// waitForStop waits a moment after a Yes for the stop at the first
// emergency answer: it reports whether the page became a result.
func (b *browser) waitForStop(t *testing.T) bool {
	t.Helper()
	for range 100 {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		on, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`location.pathname.indexOf("/r/") === 0 && !!document.querySelector("[data-disposition]")`))
		cancel()
		if err == nil && on {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

// submit sends the wizard from its review step and waits for the result.
func (b *browser) submit(t *testing.T) {
	t.Helper()
	b.do(t, "submit", chromedp.Click(chromedp.CSS(`#step-review button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-disposition]`)))
}

// freshCheck opens the wizard with nothing saved from an earlier test.
func (b *browser) freshCheck(t *testing.T) {
	t.Helper()
	b.open(t, "/check", "#step-about.current")
	eval[bool](t, b, `localStorage.clear(), true`)
	b.open(t, "/check", "#step-about.current")
}

func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser suite is not short")
	}
	m := startMain(t, Config{EmergencyNumber: "112"})
	b := newBrowser(t, m.URL())

	t.Run("pages", func(t *testing.T) {
		for _, p := range []struct{ name, path, wait string }{
			{"home", "/", "h1"},
			{"exercises", "/exercises", "h1"},
			{"exercise search", "/exercises?q=buttock", "h1"},
			{"exercise", "/exercises/figure4_stretch", "figure img"},
			{"articles", "/articles", "h1"},
			{"article", "/articles/what-is-a-knot", "h1"},
			{"not found", "/no/such/page", "h1"},
			{"result not found", "/r/nosuchresult", "h1"},
		} {
			b.open(t, p.path, p.wait)
			b.check(t, p.name)
			// Exercise pictures load under the CSP.
			if p.name == "exercise" && !eval[bool](t, b, `(function () { var i = document.querySelector("figure img"); return i.complete && i.naturalWidth > 0; })()`) {
				t.Error("the exercise picture did not load")
			}
		}
	})

	for _, c := range []struct {
		name      string
		facts     facts
		checkEach bool
	}{
		{"self care", selfCareFacts, true},
		{"see clinician", seeClinicianFacts, false},
		{"emergency", emergencyFacts, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			b.freshCheck(t)
			stopped := b.fill(t, c.facts, c.name, c.checkEach)
			if stopped != (c.name == "emergency") {
				t.Fatalf("%s: stopped at an emergency answer: %v", c.name, stopped)
			}
			if !stopped {
				review := b.text(t, "[data-review]")
				for _, want := range []string{"Lower back, right side; Just above the hip bone, right", "You said Yes to", "Back pain like this before"} {
					if !strings.Contains(review, want) {
						t.Errorf("the review lacks %q", want)
					}
				}
				if slices.Contains(c.facts.Symptoms, "saddle_numbness") && !strings.Contains(review, "Numbness in the groin, buttocks or inner thighs") {
					t.Error("the review does not show the Yes to saddle numbness")
				}
				b.submit(t)
			}
			b.check(t, c.name+" result")

			code, stdout, stderr := assessCLI(t, c.facts.contractJSON(testclock.Now()))
			if code != 0 {
				t.Fatalf("unknot assess: exit %d: %s", code, stderr)
			}
			var cli contractResult
			if err := json.Unmarshal([]byte(stdout), &cli); err != nil {
				t.Fatal(err)
			}
			disp := eval[string](t, b, `document.querySelector("[data-disposition]").dataset.disposition`)
			rules := eval[[]string](t, b, `Array.from(document.querySelectorAll("[data-rule]")).map(function (e) { return e.dataset.rule; })`)
			want := cli.rules()
			if disp == "emergency" {
				// The emergency page shows only the reasons for going now.
				want = nil
				for _, r := range cli.Reasons {
					if r.Disposition == "emergency" {
						want = append(want, r.Rule)
					}
				}
			}
			if disp != cli.Disposition || !slices.Equal(rules, want) {
				t.Errorf("web: %s %v; CLI: %s %v", disp, rules, cli.Disposition, want)
			}
			hasPlan := eval[bool](t, b, `!!document.querySelector(".plan")`)
			switch cli.Disposition {
			case "emergency":
				if !eval[bool](t, b, `!!document.querySelector('a.call[href="tel:112"]') && !document.querySelector("header nav") && !document.querySelector(".exercise")`) {
					t.Error("the emergency page needs the call button and nothing else: no navigation, no exercises")
				}
				if hasPlan {
					t.Error("the emergency page shows a plan")
				}
			case "see_clinician":
				if !hasPlan || !strings.Contains(eval[string](t, b, `document.getElementById("plan-h").textContent`), "until you are seen") {
					t.Error("a see-clinician result shows safe interim care")
				}
			case "self_care":
				if !hasPlan || !eval[bool](t, b, `!!document.querySelector('a[href$="/plan.ics"]') && document.querySelectorAll(".exercise img").length > 0`) {
					t.Error("a self-care result shows the plan with its exercises and the calendar link")
				}
				// The print stylesheet drops the site around the plan.
				b.do(t, "print media", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
					return err
				}))
				if eval[string](t, b, `getComputedStyle(document.querySelector("header nav")).display`) != "none" {
					t.Error("the print stylesheet keeps the navigation")
				}
				b.screenshot(t, c.name+" result print")
				b.do(t, "screen media", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""})
					return err
				}))
			}
			if saved := eval[bool](t, b, `!!localStorage.getItem("unknot.check")`); saved != stopped {
				// A stop keeps the answers (a Yes by mistake can be put right).
				t.Errorf("answers saved after the result: %v", saved)
			}
		})
	}

	t.Run("keyboard body map", func(t *testing.T) {
		b.freshCheck(t)
		b.open(t, "/check#step-where", "#step-where.current")
		b.do(t, "focus the step", chromedp.Focus(chromedp.CSS("#step-where legend h2")))
		// Tab reaches the first region of the map.
		for i := 0; ; i++ {
			if i == 6 {
				t.Fatal("Tab does not reach the body map")
			}
			b.do(t, "tab", chromedp.KeyEvent("\t"))
			if eval[string](t, b, `document.activeElement.getAttribute("data-region") || ""`) != "" {
				break
			}
		}
		state := func(region string) (box bool, aria string) {
			t.Helper()
			box = eval[bool](t, b, `document.getElementById("r-`+region+`").checked`)
			aria = eval[string](t, b, `document.querySelector('[data-region="`+region+`"]').getAttribute("aria-checked")`)
			return box, aria
		}
		first := eval[string](t, b, `document.activeElement.getAttribute("data-region")`)
		if role := eval[string](t, b, `document.activeElement.getAttribute("role") + "|" + document.activeElement.getAttribute("aria-label")`); !strings.HasPrefix(role, "checkbox|Lower back") {
			t.Errorf("the focused region is %q; want a checkbox with a plain name", role)
		}
		b.do(t, "space", chromedp.KeyEvent(" "))
		if box, aria := state(first); !box || aria != "true" {
			t.Errorf("Space on %s: box %v, aria-checked %s; want ticked", first, box, aria)
		}
		b.do(t, "tab to the next region, Enter", chromedp.KeyEvent("\t"), chromedp.KeyEvent("\r"))
		second := eval[string](t, b, `document.activeElement.getAttribute("data-region")`)
		if box, aria := state(second); second == first || !box || aria != "true" {
			t.Errorf("Enter on %s: box %v, aria-checked %s; want ticked", second, box, aria)
		}
		b.do(t, "space again", chromedp.KeyEvent(" "))
		if box, _ := state(second); box {
			t.Errorf("Space again on %s did not untick it", second)
		}
		chosen := eval[string](t, b, `document.querySelector("[data-bm-chosen]").textContent`)
		if !strings.Contains(chosen, "Lower back, left side") || strings.Contains(chosen, "middle") {
			t.Errorf("You chose: %q; want the left lower back only", chosen)
		}
		if w := eval[string](t, b, `getComputedStyle(document.activeElement).strokeWidth`); w != "5px" {
			t.Errorf("the focused region's outline is %s; want the 5px focus outline", w)
		}
		b.check(t, "keyboard body map")
	})

	t.Run("refresh keeps answers", func(t *testing.T) {
		b.freshCheck(t)
		b.do(t, "step 1", chromedp.SendKeys(chromedp.CSS(`input[name=age]`), "52"),
			chromedp.Click(chromedp.CSS(`#step-about [data-next]`)), chromedp.WaitVisible(chromedp.CSS(`#step-where.current`)))
		b.click(t, `.bm-r[data-region="flank_left"]`)
		b.do(t, "step 2", chromedp.Click(chromedp.CSS(`#step-where [data-next]`)), chromedp.WaitVisible(chromedp.CSS(`#step-pain.current`)))
		b.click(t, `input[name="pain.now"][value="7"]`)
		b.do(t, "reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#step-pain.current`)))
		if !eval[bool](t, b, `document.querySelector('input[name="pain.now"][value="7"]').checked`) {
			t.Error("after a reload the pain answer is lost")
		}
		b.do(t, "back", chromedp.NavigateBack(), chromedp.WaitVisible(chromedp.CSS(`#step-where.current`)))
		if eval[string](t, b, `document.querySelector('[data-region="flank_left"]').getAttribute("aria-checked")`) != "true" {
			t.Error("browser Back: the region chosen is not shown on the map")
		}
		// A new visit, as after a phone slept and dropped the page.
		b.open(t, "/check", "#step-about.current")
		if v := eval[string](t, b, `document.querySelector("input[name=age]").value`); v != "52" {
			t.Errorf("a new visit shows age %q; want the saved 52", v)
		}
		if !eval[bool](t, b, `document.getElementById("r-flank_left").checked && document.querySelector('input[name="pain.now"][value="7"]').checked`) {
			t.Error("a new visit lost the region or the pain answer")
		}
	})

	t.Run("tampered form keeps answers", func(t *testing.T) {
		b.freshCheck(t)
		b.fill(t, selfCareFacts, "tampered", false)
		eval[bool](t, b, `(function () {
			document.querySelector('input[name="pain.now"]:checked').value = "99";
			var extra = document.createElement("input");
			extra.type = "hidden"; extra.name = "regions"; extra.value = "shoulder";
			document.querySelector("[data-wizard]").appendChild(extra);
			return true;
		})()`)
		b.do(t, "submit", chromedp.Click(chromedp.CSS(`#step-review button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-err-summary]`)))
		got := eval[map[string]string](t, b, `(function () {
			function err(id) { var e = document.getElementById(id); return e && !e.hidden && e.closest(".q").offsetParent !== null ? e.textContent : ""; }
			return {
				pain: err("f-pain-now-err"),
				regions: document.getElementById("f-regions-err").textContent,
				step: document.querySelector(".step.current").id,
				age: document.querySelector("input[name=age]").value,
				region: String(document.getElementById("r-lumbar_right").checked),
				trigger: String(document.querySelector('input[name=triggers][value=stress]').checked)
			};
		})()`)
		for k, want := range map[string]string{"step": "step-where", "age": "38", "region": "true", "trigger": "true"} {
			if got[k] != want {
				t.Errorf("%s = %q; want %q", k, got[k], want)
			}
		}
		if !strings.Contains(got["regions"], "not one we know") || !strings.Contains(b.text(t, "#f-pain-now-err"), "0 to 10") {
			t.Errorf("errors beside the fields: regions %q, pain %q", got["regions"], b.text(t, "#f-pain-now-err"))
		}
		b.check(t, "tampered errors")
		// The pain question shows its error when its step is opened.
		b.click(t, `[data-err-summary] a[href="#f-pain-now"]`)
		if got := eval[string](t, b, `document.querySelector(".step.current").id`); got != "step-pain" {
			t.Errorf("the error link opened %s; want step-pain", got)
		}
		b.check(t, "tampered pain error")
	})

	t.Run("200 percent text", func(t *testing.T) {
		for _, p := range []struct{ name, path, wait string }{
			{"home", "/", "h1"},
			{"check where", "/check#step-where", "#step-where.current"},
			{"check pain", "/check#step-pain", "#step-pain.current"},
			{"exercise", "/exercises/figure4_stretch", "h1"},
		} {
			b.open(t, p.path, p.wait)
			eval[bool](t, b, `document.documentElement.style.fontSize = "200%", true`)
			if w := eval[int](t, b, `document.documentElement.scrollWidth`); w > viewportWidth {
				t.Errorf("%s at 200%% text is %d px wide; want %d or less", p.name, w, viewportWidth)
			}
			b.screenshot(t, p.name+" 200pc")
		}
	})

	t.Run("without JavaScript", func(t *testing.T) {
		setJS := func(off bool) chromedp.Action[chromedp.Void] {
			return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
				return err
			})
		}
		b.do(t, "JS off", setJS(true))
		defer b.do(t, "JS on", setJS(false))
		b.do(t, "open", chromedp.Navigate(b.base+"/check"), chromedp.WaitVisible(chromedp.CSS("#step-review")))
		got := eval[map[string]int](t, b, `(function () {
			return {
				steps: Array.from(document.querySelectorAll(".step")).filter(function (s) { return s.offsetParent !== null; }).length,
				list: document.querySelector("[data-bm-list]").open ? 1 : 0,
				next: Array.from(document.querySelectorAll("[data-next]")).filter(function (s) { return s.offsetParent !== null; }).length
			};
		})()`)
		if got["steps"] != 10 || got["list"] != 1 || got["next"] != 0 {
			t.Errorf("without JS: %v; want all 10 steps on one page, the region list open, no Next buttons", got)
		}
		b.screenshot(t, "check without js")
	})
}

// text returns the text of the first element matching sel.
func (b *browser) text(t *testing.T, sel string) string {
	t.Helper()
	return eval[string](t, b, `(document.querySelector("`+sel+`") || {}).textContent || ""`)
}
