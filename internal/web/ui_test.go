package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"unknot/internal/app"
	"unknot/internal/clinical"
	"unknot/internal/domain"
	"unknot/internal/metrics"
	"unknot/internal/plan"
	"unknot/internal/readability"
	"unknot/internal/testclock"
)

// pageReq is how to ask for one page: a GET of target, or a POST of form
// to /check.
type pageReq struct {
	target string
	form   url.Values
}

// sitePages sends four self-checks (one for each disposition) and returns
// every kind of HTML page the site has.
func sitePages(t *testing.T, h http.Handler) map[string]pageReq {
	t.Helper()
	pages := map[string]pageReq{}
	for name, target := range map[string]string{
		"home": "/", "check": "/check", "exercises": "/exercises", "search": "/exercises?q=stretch",
		"exercise": "/exercises/figure4_stretch", "articles": "/articles", "article": "/articles/what-is-a-knot",
		"not found": "/no/such/page",
	} {
		pages[name] = pageReq{target: target}
	}
	for name, change := range map[string]func(url.Values){
		"result self care":     func(url.Values) {},
		"result see clinician": func(v url.Values) { v.Set("interference.sleep", "yes"); v.Set("interference.activity", "8") },
		"result urgent":        func(v url.Values) { v.Set("symptom.fever", "yes"); v.Set("history.iv_drug_use", "yes") },
		"result emergency":     func(v url.Values) { v.Set("symptom.saddle_numbness", "yes") },
	} {
		v := answers()
		change(v)
		w := do(h, "POST", "/check", v)
		if w.Code != http.StatusSeeOther {
			t.Fatalf("%s: POST /check = %d\n%s", name, w.Code, w.Body)
		}
		pages[name] = pageReq{target: w.Header().Get("Location")}
	}
	bad := answers()
	bad.Set("pain.now", "99")
	pages["check with errors"] = pageReq{form: bad}
	return pages
}

// fetch asks for a page, taking gzip.
func fetch(h http.Handler, p pageReq) *httptest.ResponseRecorder {
	if p.form != nil {
		return do(h, "POST", "/check", p.form, "Accept-Encoding", "gzip")
	}
	return do(h, "GET", p.target, nil, "Accept-Encoding", "gzip")
}

func gunzip(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	if w.Header().Get("Content-Encoding") != "gzip" {
		return w.Body.String()
	}
	zr, err := gzip.NewReader(bytes.NewReader(w.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPageHeaders(t *testing.T) {
	h := newTestServer(t)
	for name, target := range sitePages(t, h) {
		w := fetch(h, target)
		hd := w.Header()
		if want := map[string]int{"not found": 404, "check with errors": 422}[name]; want != 0 && w.Code != want || want == 0 && w.Code != 200 {
			t.Errorf("%s: status %d", name, w.Code)
		}
		for k, want := range map[string]string{
			"Content-Type":            "text/html; charset=utf-8",
			"Content-Security-Policy": contentSecurityPolicy,
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "no-referrer",
			"Content-Encoding":        "gzip",
		} {
			if got := hd.Get(k); got != want {
				t.Errorf("%s: %s = %q; want %q", name, k, got, want)
			}
		}
		private := strings.HasPrefix(name, "result") || strings.HasPrefix(name, "check")
		if cc := hd.Get("Cache-Control"); private != (cc == "no-store") {
			t.Errorf("%s: Cache-Control %q", name, cc)
		}
		body := gunzip(t, w)
		if strings.Contains(body, "<script>") || strings.Contains(body, " style=") || strings.Contains(body, "<style") {
			t.Errorf("%s: inline script or style, which the CSP refuses", name)
		}
		if strings.Contains(body, "http://") || strings.Contains(body, "https://") {
			t.Errorf("%s: links to another site (no CDN, fonts or scripts from elsewhere)", name)
		}
	}
	// The API keeps its JSON 404, as problem details (RFC 9457).
	w := do(h, "GET", "/api/v1/nothing", nil)
	if w.Code != 404 || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/problem+json") {
		t.Errorf("API 404 = %d %s", w.Code, w.Header().Get("Content-Type"))
	}
}

func TestAssets(t *testing.T) {
	h := newTestServer(t)
	home := gunzip(t, fetch(h, pageReq{target: "/"}))
	urls := regexp.MustCompile(`"(/static/[^"]+)"`).FindAllStringSubmatch(home, -1)
	if len(urls) != 4 {
		t.Fatalf("home links %d assets; want app.css, favicon.svg, early.js and app.js", len(urls))
	}
	hashed := regexp.MustCompile(`^/static/[a-z]+\.[0-9a-f]{8}\.(css|js|svg)$`)
	for _, m := range urls {
		u := m[1]
		if !hashed.MatchString(u) {
			t.Errorf("%s is not a content-hashed URL", u)
		}
		w := do(h, "GET", u, nil, "Accept-Encoding", "gzip, deflate")
		if w.Code != 200 || w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("%s: %d, Cache-Control %q", u, w.Code, w.Header().Get("Cache-Control"))
		}
		if w.Header().Get("Content-Encoding") != "gzip" || !strings.Contains(w.Header().Get("Vary"), "Accept-Encoding") {
			t.Errorf("%s: not gzipped for a client that takes gzip", u)
		}
		plain := do(h, "GET", u, nil)
		if plain.Header().Get("Content-Encoding") != "" || gunzip(t, w) != plain.Body.String() {
			t.Errorf("%s: the plain and gzipped bodies differ", u)
		}
		if nm := do(h, "GET", u, nil, "If-None-Match", w.Header().Get("ETag")); nm.Code != http.StatusNotModified {
			t.Errorf("%s with its ETag = %d; want 304", u, nm.Code)
		}
		if no := do(h, "GET", u, nil, "Accept-Encoding", "gzip;q=0"); no.Header().Get("Content-Encoding") != "" {
			t.Errorf("%s: gzipped for gzip;q=0", u)
		}
	}
	if w := do(h, "GET", "/static/app.00000000.css", nil); w.Code != 404 {
		t.Errorf("unknown asset = %d", w.Code)
	}
	w := do(h, "GET", "/exercises/figure4_stretch.svg?side=left", nil)
	if w.Code != 200 || w.Header().Get("Content-Type") != "image/svg+xml" || !strings.Contains(w.Header().Get("Cache-Control"), "max-age=") {
		t.Errorf("exercise SVG: %d %q %q", w.Code, w.Header().Get("Content-Type"), w.Header().Get("Cache-Control"))
	}
	if !strings.Contains(w.Body.String(), "<svg") || !strings.Contains(w.Body.String(), "left side") {
		t.Error("exercise SVG: not the left side's drawing")
	}
	if w := do(h, "GET", "/exercises/nope.svg", nil); w.Code != 404 {
		t.Errorf("unknown exercise SVG = %d", w.Code)
	}
}

// maxPageBytes is the budget for a page's first load, gzipped, with the
// stylesheet, script, icon and pictures it loads.
const maxPageBytes = 100 << 10

func TestPageWeight(t *testing.T) {
	h := newTestServer(t)
	refs := regexp.MustCompile(`(?:href|src)="(/static/[^"]+|/exercises/[^"]+\.svg[^"]*)"`)
	for name, target := range sitePages(t, h) {
		w := fetch(h, target)
		total := w.Body.Len()
		for _, m := range refs.FindAllStringSubmatch(gunzip(t, w), -1) {
			a := do(h, "GET", html.UnescapeString(m[1]), nil, "Accept-Encoding", "gzip")
			if a.Code != 200 {
				t.Errorf("%s: %s = %d", name, m[1], a.Code)
			}
			total += a.Body.Len()
		}
		t.Logf("%-22s %6.1f KB gzipped with its assets", name, float64(total)/1024)
		if total > maxPageBytes {
			t.Errorf("%s weighs %d bytes gzipped; the budget is %d", name, total, maxPageBytes)
		}
	}
}

// blockTags end a block of text: each paragraph, item, label and heading is
// read as its own sentence.
var (
	blockTags = regexp.MustCompile(`(?i)</?(p|li|h[1-6]|legend|label|summary|dt|dd|div|section|ul|ol|fieldset|figcaption|button|option|details|form|noscript|select|header|footer|nav|main|article|figure|a class="button[^"]*")\b[^>]*>`)
	dropTags  = regexp.MustCompile(`(?is)<(svg|script|code|head|cite|time)\b.*?</(svg|script|code|head|cite|time)>`)
	anyTag    = regexp.MustCompile(`<[^>]*>`)
)

// textBlocks returns a page's visible text, one block per paragraph, item,
// label or heading.
func textBlocks(page string) []string {
	page = dropTags.ReplaceAllString(page, "")
	page = blockTags.ReplaceAllString(page, "\n\n")
	page = anyTag.ReplaceAllString(page, " ")
	var out []string
	for _, b := range strings.Split(html.UnescapeString(page), "\n\n") {
		if b = strings.Join(strings.Fields(b), " "); b != "" {
			out = append(out, b)
		}
	}
	return out
}

// Every page reads at grade 8 or below (REFERENCE §7), as a whole and in
// each longer block. Citations and dates are data, not prose, and are left
// out. The library's pages are checked as a whole only: its texts are
// checked one by one in its own package.
func TestPagesReadability(t *testing.T) {
	h := newTestServer(t)
	for name, target := range sitePages(t, h) {
		blocks := textBlocks(gunzip(t, fetch(h, target)))
		whole := readability.Count(strings.Join(blocks, "\n\n"))
		if g := whole.Grade(); g > 8 {
			t.Errorf("%s: grade %.1f over %d words; want 8 or below", name, g, whole.Words)
		}
		if name == "article" || name == "exercise" {
			continue
		}
		for _, b := range blocks {
			if st := readability.Count(b); st.Words >= 12 && st.Grade() > 8 {
				t.Errorf("%s: grade %.1f: %q", name, st.Grade(), b)
			}
		}
	}
}

// failing is the assessment service with its store down.
type failing struct{}

var errFire = errors.New("database is on fire")

func (failing) Create(context.Context, domain.Actor, clinical.Input) (clinical.Result, error) {
	return clinical.Result{}, errFire
}
func (failing) CreateEncoded(context.Context, domain.Actor, clinical.Input) (clinical.Result, []byte, error) {
	return clinical.Result{}, nil, errFire
}
func (failing) Find(context.Context, domain.Actor, string) (clinical.Result, error) {
	return clinical.Result{}, errFire
}
func (failing) Plan(context.Context, domain.Actor, string, string) (plan.Plan, error) {
	return plan.Plan{}, errFire
}
func (failing) Result(context.Context, domain.Actor, string) (*app.ResultView, error) {
	return nil, errFire
}
func (failing) Claim(context.Context, domain.Actor, string) error { return errFire }
func (failing) Share(context.Context, domain.Actor, string, string) (*domain.Clinic, error) {
	return nil, errFire
}
func (failing) Stop(context.Context, domain.Actor, clinical.Input) (app.Stopped, error) {
	return app.Stopped{}, errFire
}
func (failing) MyClinics(context.Context, domain.Actor) ([]domain.Clinic, error) { return nil, errFire }
func (failing) ShareWithClinic(context.Context, domain.Actor, string, string) error {
	return errFire
}

// An unexpected error is a friendly HTML page with the request id, never
// its cause.
func TestHTMLErrorPage(t *testing.T) {
	s := &Server{Assessments: failing{}, Now: testclock.Fixed(), Metrics: metrics.New(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	h := s.Handler()
	for _, w := range []*httptest.ResponseRecorder{
		do(h, "GET", "/r/abc", nil, "X-Request-ID", "req-1"),
		do(h, "POST", "/check", answers(), "X-Request-ID", "req-1"),
	} {
		body := w.Body.String()
		if w.Code != 500 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") ||
			!strings.Contains(body, "Something went wrong") || !strings.Contains(body, "req-1") ||
			strings.Contains(body, "fire") || w.Header().Get("Content-Security-Policy") == "" {
			t.Errorf("error page: %d %s\n%s", w.Code, w.Header().Get("Content-Type"), body)
		}
	}
}
