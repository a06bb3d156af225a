package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	umail "unknot/internal/mail"
	"unknot/internal/readability"
)

// mailbox keeps the mail the use cases send, so that tests can follow the
// links in it.
type mailbox struct {
	mu   sync.Mutex
	sent []umail.Message
	read int // how many messages link has handed out
}

func (m *mailbox) Send(_ context.Context, msg umail.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, msg)
	return nil
}

// next waits for a message not yet handed out (mail is sent after the
// answer) and returns it.
func (m *mailbox) next(t *testing.T) umail.Message {
	t.Helper()
	for range 500 {
		m.mu.Lock()
		if len(m.sent) > m.read {
			msg := m.sent[m.read]
			m.read++
			m.mu.Unlock()
			return msg
		}
		m.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("no mail was sent")
	return umail.Message{}
}

// link returns the path of the next link mailed, such as "/login/link/…".
func (m *mailbox) link(t *testing.T) string {
	t.Helper()
	msg := m.next(t)
	p := regexp.MustCompile(`https?://[^/\s]+(/\S+)`).FindStringSubmatch(msg.Text)
	if p == nil {
		t.Fatalf("no link in the mail:\n%s", msg.Text)
	}
	return p[1]
}

// accountHandler is a test server's handler with its mailbox.
type accountHandler struct {
	http.Handler
	mb *mailbox
}

// newAccountServer is newTestServer with a mailbox for the emailed links.
func newAccountServer(t *testing.T) (http.Handler, *mailbox) {
	t.Helper()
	mb := &mailbox{}
	return &accountHandler{newServer(t, mb).Handler(), mb}, mb
}

const goodPassword = "correct horse battery staple"

// session returns the session cookie an answer sets: its value, and
// whether it set one at all.
func session(w *httptest.ResponseRecorder) (*http.Cookie, bool) {
	var last *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == SessionCookie {
			last = c
		}
	}
	return last, last != nil
}

// as is a request header pair that sends a session cookie.
func as(secret string) []string { return []string{"Cookie", SessionCookie + "=" + secret} }

// signUp makes an account through the page and returns its session.
func signUp(t *testing.T, h http.Handler, email string, extra url.Values) string {
	t.Helper()
	v := url.Values{"email": {email}, "name": {"Sam"}, "password": {goodPassword}}
	for k, vs := range extra {
		v[k] = vs
	}
	w := do(h, "POST", "/signup", v)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("sign-up %s: %d\n%s", email, w.Code, w.Body)
	}
	// The account is made after the answer; the mailed link finishes it.
	link := h.(*accountHandler).mb.link(t)
	p := do(h, "POST", link, url.Values{})
	c, ok := session(p)
	if p.Code != http.StatusSeeOther || !ok || c.Value == "" {
		t.Fatalf("sign-up link %s: %d\n%s", email, p.Code, p.Body)
	}
	return c.Value
}

// setUp makes the first admin and clinic and returns the admin's session,
// the clinic's id and its invite code.
func setUp(t *testing.T, h http.Handler) (secret, clinic, invite string) {
	t.Helper()
	w := do(h, "POST", "/setup", url.Values{"email": {"admin@example.org"}, "name": {"Ada"},
		"password": {goodPassword}, "clinic_name": {"Back Care"}})
	c, ok := session(w)
	loc := w.Header().Get("Location")
	if w.Code != http.StatusSeeOther || !ok || !strings.HasPrefix(loc, "/clinic/") {
		t.Fatalf("setup: %d %q\n%s", w.Code, loc, w.Body)
	}
	clinic = strings.TrimPrefix(strings.Split(loc, "?")[0], "/clinic/")
	page := do(h, "GET", loc, nil, as(c.Value)...)
	m := regexp.MustCompile(`<code>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</code>`).FindStringSubmatch(page.Body.String())
	if page.Code != 200 || m == nil {
		t.Fatalf("clinic page after setup: %d, no invite code\n%s", page.Code, page.Body)
	}
	return c.Value, clinic, m[1]
}

// errorBeside returns the message shown beside a field, or "".
func errorBeside(body, field string) string {
	m := regexp.MustCompile(`<p class="err" id="` + regexp.QuoteMeta(field) + `-err">(?:<strong>Error:</strong> )?<span>([^<]*)</span>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

func TestSignUpSetsCookieAndShowsAccount(t *testing.T) {
	h, mb := newAccountServer(t)
	w := do(h, "POST", "/signup", url.Values{"email": {"Sam@Example.org"}, "name": {"Sam"}, "password": {goodPassword}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/signup?note=signup-sent" {
		t.Fatalf("sign-up = %d %q; want 303 to the check-your-email note\n%s", w.Code, w.Header().Get("Location"), w.Body)
	}
	if _, ok := session(w); ok {
		t.Fatal("a sign-up signed in before its link was used")
	}
	if note := do(h, "GET", w.Header().Get("Location"), nil).Body.String(); !strings.Contains(note, "Check your email") {
		t.Error("no check-your-email note")
	}
	p := do(h, "POST", mb.link(t), url.Values{})
	c, ok := session(p)
	if !ok || c.Value == "" || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.MaxAge <= 0 {
		t.Fatalf("session cookie = %+v; want HttpOnly, SameSite=Lax, Path=/", c)
	}
	acct := do(h, "GET", "/account", nil, as(c.Value)...)
	if acct.Code != 200 || !strings.Contains(acct.Body.String(), "sam@example.org") {
		t.Fatalf("/account = %d; want the email shown\n%s", acct.Code, acct.Body)
	}
	if acct.Header().Get("Cache-Control") != "no-store" || !strings.Contains(acct.Body.String(), `href="/account" aria-current="page">Your account`) {
		t.Error("/account: not private, or the header does not link to the account")
	}
	// Signed out, the account page asks to sign in first.
	anon := do(h, "GET", "/account", nil)
	if anon.Code != http.StatusSeeOther || anon.Header().Get("Location") != "/login?next=%2Faccount" {
		t.Errorf("anonymous /account = %d %q", anon.Code, anon.Header().Get("Location"))
	}
	if home := do(h, "GET", "/", nil); !strings.Contains(home.Body.String(), `<a href="/login">Sign in</a>`) {
		t.Error("the header of a signed-out page has no Sign in link")
	}
}

func TestSignUpProblemsBesideFields(t *testing.T) {
	h, _ := newAccountServer(t)
	w := do(h, "POST", "/signup", url.Values{"email": {"not an email"}, "name": {"Sam"}, "password": {"short"}})
	body := w.Body.String()
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad sign-up = %d", w.Code)
	}
	if _, ok := session(w); ok {
		t.Error("a refused sign-up set a cookie")
	}
	if e := errorBeside(body, "f-email"); !strings.Contains(e, "not an email address") {
		t.Errorf("email error = %q", e)
	}
	if !strings.Contains(body, `value="Sam"`) || strings.Contains(body, `value="short"`) {
		t.Error("the name was not kept, or the password was written back")
	}
	// The password rule is shown.
	if !strings.Contains(body, "at least 10 characters") {
		t.Error("the password rule is not shown")
	}
	signUp(t, h, "sam@example.org", nil)
	// A used email is answered as a new one; the mail tells its owner.
	w = do(h, "POST", "/signup", url.Values{"email": {"sam@example.org"}, "password": {goodPassword}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/signup?note=signup-sent" {
		t.Errorf("taken email = %d %q; want the same answer as a new one", w.Code, w.Header().Get("Location"))
	}
	if msg := h.(*accountHandler).mb.next(t); !strings.Contains(msg.Text, "You already have an account") {
		t.Errorf("mail to a used address:\n%s", msg.Text)
	}
	w = do(h, "POST", "/signup", url.Values{"email": {"other@example.org"}, "password": {"password123"}})
	if e := errorBeside(w.Body.String(), "f-password"); !strings.Contains(e, "common passwords") {
		t.Errorf("common password error = %q", e)
	}
}

func TestLoginWrongPassword(t *testing.T) {
	h, _ := newAccountServer(t)
	signUp(t, h, "sam@example.org", nil)
	w := do(h, "POST", "/login", url.Values{"email": {"sam@example.org"}, "password": {"wrong password here"}})
	if w.Code != http.StatusUnauthorized {
		t.Fatalf("wrong password = %d", w.Code)
	}
	if c, ok := session(w); ok && c.Value != "" {
		t.Errorf("a failed sign-in set a session cookie %q", c.Value)
	}
	body := w.Body.String()
	if e := errorBeside(body, "f-password"); !strings.Contains(e, "do not match") {
		t.Errorf("password error = %q\n%s", e, body)
	}
	if !strings.Contains(body, `value="sam@example.org"`) || strings.Contains(body, "wrong password here") {
		t.Error("the email was not kept, or the password was written back")
	}
	// The right password signs in.
	w = do(h, "POST", "/login", url.Values{"email": {"sam@example.org"}, "password": {goodPassword}})
	if c, ok := session(w); w.Code != http.StatusSeeOther || !ok || c.Value == "" || w.Header().Get("Location") != "/account" {
		t.Errorf("sign-in = %d %q", w.Code, w.Header().Get("Location"))
	}
}

func TestLoginThrottled(t *testing.T) {
	h, _ := newAccountServer(t)
	signUp(t, h, "sam@example.org", nil)
	var w *httptest.ResponseRecorder
	for range 7 {
		w = do(h, "POST", "/login", url.Values{"email": {"sam@example.org"}, "password": {"wrong password here"}})
	}
	if w.Code != http.StatusTooManyRequests || !strings.Contains(w.Body.String(), "Too many tries") ||
		!strings.Contains(w.Body.String(), `class="err-summary"`) {
		t.Errorf("throttled sign-in = %d\n%s", w.Code, w.Body)
	}
}

func TestLoginNextIsLocalOnly(t *testing.T) {
	h, _ := newAccountServer(t)
	signUp(t, h, "sam@example.org", nil)
	for next, want := range map[string]string{
		"/r/abc?x=1":           "/r/abc?x=1",
		"//evil.example/":      "/account",
		"https://evil.example": "/account",
		`/\evil.example`:       "/account",
		"javascript:alert(1)":  "/account",
		"":                     "/account",
	} {
		w := do(h, "POST", "/login", url.Values{"email": {"sam@example.org"}, "password": {goodPassword}, "next": {next}})
		if got := w.Header().Get("Location"); w.Code != http.StatusSeeOther || got != want {
			t.Errorf("next %q: %d to %q; want %q", next, w.Code, got, want)
		}
	}
	if body := do(h, "GET", "/login?next=//evil.example", nil).Body.String(); strings.Contains(body, "evil") {
		t.Error("the sign-in form kept a next that leaves the site")
	}
}

// A session id planted in the browser before sign-in is never the one
// signed in: sign-in makes a new one.
func TestLoginSessionFixation(t *testing.T) {
	h, _ := newAccountServer(t)
	signUp(t, h, "victim@example.org", nil)
	attacker := signUp(t, h, "attacker@example.org", nil)
	for name, planted := range map[string]string{"unknown id": "planted-session-id-0123456789", "attacker's own session": attacker} {
		w := do(h, "POST", "/login", url.Values{"email": {"victim@example.org"}, "password": {goodPassword}}, as(planted)...)
		c, ok := session(w)
		if w.Code != http.StatusSeeOther || !ok || c.Value == "" || c.Value == planted {
			t.Fatalf("%s: sign-in = %d, cookie %+v; want a new session", name, w.Code, c)
		}
		victim := do(h, "GET", "/account", nil, as(c.Value)...)
		if !strings.Contains(victim.Body.String(), "victim@example.org") {
			t.Errorf("%s: the new session is not the victim's", name)
		}
		if p := do(h, "GET", "/account", nil, as(planted)...); strings.Contains(p.Body.String(), "victim@example.org") {
			t.Errorf("%s: the planted id became the victim's session", name)
		}
	}
}

// Cross-site posts are refused and change nothing.
func TestAccountFormsRefuseCrossSite(t *testing.T) {
	h, _ := newAccountServer(t)
	secret := signUp(t, h, "sam@example.org", nil)
	evil := []string{"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"}
	for _, c := range []struct {
		path string
		form url.Values
	}{
		{"/login", url.Values{"email": {"sam@example.org"}, "password": {goodPassword}}},
		{"/signup", url.Values{"email": {"new@example.org"}, "password": {goodPassword}}},
		{"/logout", url.Values{}},
		{"/logout/everywhere", url.Values{}},
		{"/account/delete", url.Values{"confirm": {"yes"}}},
	} {
		w := do(h, "POST", c.path, c.form, append(evil, as(secret)...)...)
		if w.Code != http.StatusForbidden {
			t.Errorf("cross-site POST %s = %d; want 403", c.path, w.Code)
		}
		if ck, ok := session(w); ok {
			t.Errorf("cross-site POST %s set a cookie %+v", c.path, ck)
		}
	}
	if w := do(h, "GET", "/account", nil, as(secret)...); w.Code != 200 {
		t.Errorf("after the cross-site posts the session or account is gone: /account = %d", w.Code)
	}
	if w := do(h, "POST", "/login", url.Values{"email": {"new@example.org"}, "password": {goodPassword}}); w.Code != http.StatusUnauthorized {
		t.Errorf("the cross-site sign-up made an account: sign-in = %d", w.Code)
	}
}

func TestLogout(t *testing.T) {
	h, _ := newAccountServer(t)
	one := signUp(t, h, "sam@example.org", nil)
	login := func() string {
		c, _ := session(do(h, "POST", "/login", url.Values{"email": {"sam@example.org"}, "password": {goodPassword}}))
		return c.Value
	}
	two, three := login(), login()
	w := do(h, "POST", "/logout", url.Values{}, as(one)...)
	if c, ok := session(w); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/?note=signed-out" || !ok || c.MaxAge >= 0 {
		t.Fatalf("logout = %d %q, cookie %+v", w.Code, w.Header().Get("Location"), c)
	}
	if w := do(h, "GET", "/account", nil, as(one)...); w.Code != http.StatusSeeOther {
		t.Errorf("the signed-out session still works: %d", w.Code)
	}
	if w := do(h, "GET", "/account", nil, as(two)...); w.Code != 200 {
		t.Errorf("signing out one browser ended another: %d", w.Code)
	}
	if w := do(h, "GET", "/?note=signed-out", nil); !strings.Contains(w.Body.String(), "You are signed out.") {
		t.Error("no note after signing out")
	}
	if w := do(h, "POST", "/logout/everywhere", url.Values{}, as(two)...); w.Code != http.StatusSeeOther {
		t.Fatalf("logout everywhere = %d", w.Code)
	}
	if w := do(h, "GET", "/account", nil, as(three)...); w.Code != http.StatusSeeOther {
		t.Errorf("a session lived on after signing out everywhere: %d", w.Code)
	}
	if w := do(h, "POST", "/logout/everywhere", url.Values{}); w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/login?next=") {
		t.Errorf("anonymous logout everywhere = %d %q", w.Code, w.Header().Get("Location"))
	}
}

func TestSetupOnlyOnce(t *testing.T) {
	h, _ := newAccountServer(t)
	if w := do(h, "GET", "/setup", nil); w.Code != 200 || !strings.Contains(w.Body.String(), `action="/setup"`) {
		t.Fatalf("GET /setup on a new install = %d", w.Code)
	}
	w := do(h, "POST", "/setup", url.Values{"email": {"admin@example.org"}, "password": {goodPassword}})
	if w.Code != http.StatusUnprocessableEntity || errorBeside(w.Body.String(), "f-clinic-name") == "" {
		t.Errorf("setup without a clinic name = %d, error %q", w.Code, errorBeside(w.Body.String(), "f-clinic-name"))
	}
	admin, clinic, invite := setUp(t, h)
	if admin == "" || clinic == "" || invite == "" {
		t.Fatal("setup gave no session, clinic or code")
	}
	if w := do(h, "GET", "/setup", nil); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login" {
		t.Errorf("GET /setup after setup = %d %q; want 303 to /login", w.Code, w.Header().Get("Location"))
	}
	w = do(h, "POST", "/setup", url.Values{"email": {"late@example.org"}, "password": {goodPassword}, "clinic_name": {"Late"}})
	if w.Code != http.StatusForbidden {
		t.Errorf("a second setup = %d; want 403", w.Code)
	}
	if _, ok := session(w); ok {
		t.Error("a refused setup set a cookie")
	}
	if w := do(h, "POST", "/login", url.Values{"email": {"late@example.org"}, "password": {goodPassword}}); w.Code != http.StatusUnauthorized {
		t.Errorf("the second setup made an account: %d", w.Code)
	}
}

// Opening a sign-in link does not use it (mail scanners open links); the
// page's button does, once.
func TestMagicLinkGetDoesNotUseIt(t *testing.T) {
	h, mb := newAccountServer(t)
	signUp(t, h, "sam@example.org", nil)
	w := do(h, "POST", "/login/link", url.Values{"email": {"sam@example.org"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("ask for a link = %d", w.Code)
	}
	// The same answer for an email without an account.
	if w2 := do(h, "POST", "/login/link", url.Values{"email": {"nobody@example.org"}}); w2.Code != w.Code ||
		w2.Header().Get("Location") != w.Header().Get("Location") {
		t.Errorf("an unknown email answers %d %q; a known one %d %q", w2.Code, w2.Header().Get("Location"), w.Code, w.Header().Get("Location"))
	}
	if got := do(h, "GET", w.Header().Get("Location"), nil).Body.String(); !strings.Contains(got, "If that email has an account") {
		t.Error("no note after asking for a link")
	}
	link := mb.link(t)
	if !strings.HasPrefix(link, "/login/link/") {
		t.Fatalf("mailed link %q", link)
	}
	for range 2 {
		g := do(h, "GET", link, nil)
		if g.Code != 200 || !strings.Contains(g.Body.String(), `action="`+link+`"`) || g.Header().Get("Cache-Control") != "no-store" {
			t.Fatalf("GET %s = %d\n%s", link, g.Code, g.Body)
		}
		if _, ok := session(g); ok {
			t.Fatal("opening the link signed in")
		}
	}
	p := do(h, "POST", link, url.Values{})
	c, ok := session(p)
	if p.Code != http.StatusSeeOther || p.Header().Get("Location") != "/account" || !ok || c.Value == "" {
		t.Fatalf("POST the link = %d %q", p.Code, p.Header().Get("Location"))
	}
	if a := do(h, "GET", "/account", nil, as(c.Value)...); a.Code != 200 {
		t.Errorf("the link's session does not work: %d", a.Code)
	}
	again := do(h, "POST", link, url.Values{})
	if again.Code != http.StatusNotFound || !strings.Contains(again.Body.String(), "already used") {
		t.Errorf("second POST of the link = %d\n%s", again.Code, again.Body)
	}
	if _, ok := session(again); ok {
		t.Error("a used link set a cookie")
	}
}

func TestPasswordReset(t *testing.T) {
	h, mb := newAccountServer(t)
	old := signUp(t, h, "sam@example.org", nil)
	if w := do(h, "POST", "/reset", url.Values{"email": {"sam@example.org"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("ask for a reset = %d", w.Code)
	}
	link := mb.link(t)
	if g := do(h, "GET", link, nil); g.Code != 200 || !strings.Contains(g.Body.String(), `action="`+link+`"`) {
		t.Fatalf("GET %s = %d", link, g.Code)
	}
	// A weak password is refused beside the field and does not spend the link.
	w := do(h, "POST", link, url.Values{"password": {"short"}})
	if w.Code != http.StatusUnprocessableEntity || errorBeside(w.Body.String(), "f-password") == "" {
		t.Fatalf("weak new password = %d\n%s", w.Code, w.Body)
	}
	w = do(h, "POST", link, url.Values{"password": {"a brand new passphrase"}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login?note=password-changed" {
		t.Fatalf("reset = %d %q\n%s", w.Code, w.Header().Get("Location"), w.Body)
	}
	if !strings.Contains(do(h, "GET", "/login?note=password-changed", nil).Body.String(), "Your password is changed") {
		t.Error("no note on the sign-in page after a reset")
	}
	if a := do(h, "GET", "/account", nil, as(old)...); a.Code != http.StatusSeeOther {
		t.Errorf("an old session lived on after the reset: %d", a.Code)
	}
	if w := do(h, "POST", "/login", url.Values{"email": {"sam@example.org"}, "password": {"a brand new passphrase"}}); w.Code != http.StatusSeeOther {
		t.Errorf("sign-in with the new password = %d", w.Code)
	}
	if w := do(h, "POST", link, url.Values{"password": {"another new passphrase"}}); w.Code != http.StatusNotFound {
		t.Errorf("a used reset link = %d", w.Code)
	}
}

func TestDeleteAccount(t *testing.T) {
	h, _ := newAccountServer(t)
	secret := signUp(t, h, "sam@example.org", nil)
	w := do(h, "POST", "/account/delete", url.Values{}, as(secret)...)
	if w.Code != http.StatusUnprocessableEntity || errorBeside(w.Body.String(), "f-confirm") == "" {
		t.Fatalf("delete without the box ticked = %d", w.Code)
	}
	w = do(h, "POST", "/account/delete", url.Values{"confirm": {"yes"}}, as(secret)...)
	if c, ok := session(w); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/?note=deleted" || !ok || c.MaxAge >= 0 {
		t.Fatalf("delete = %d %q, cookie %+v", w.Code, w.Header().Get("Location"), c)
	}
	if w := do(h, "POST", "/login", url.Values{"email": {"sam@example.org"}, "password": {goodPassword}}); w.Code != http.StatusUnauthorized {
		t.Errorf("sign-in after deletion = %d", w.Code)
	}
	if w := do(h, "POST", "/account/delete", url.Values{"confirm": {"yes"}}); w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/login") {
		t.Errorf("anonymous delete = %d %q", w.Code, w.Header().Get("Location"))
	}
}

func TestAccountEscapesName(t *testing.T) {
	h, _ := newAccountServer(t)
	secret := signUp(t, h, "sam@example.org", url.Values{"name": {`<script>alert(1)</script><img src=x onerror=alert(1)>`}})
	body := do(h, "GET", "/account", nil, as(secret)...).Body.String()
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
		t.Fatalf("the name is not escaped:\n%s", body)
	}
	if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the escaped name is not shown")
	}
}

// The claim and share buttons on a result page, and what a clinic admin
// then sees.
func TestClaimShareAndClinicPage(t *testing.T) {
	h, _ := newAccountServer(t)
	admin, clinic, invite := setUp(t, h)
	patient := signUp(t, h, "pat@example.org", nil)

	res := do(h, "POST", "/check", answers()).Header().Get("Location")
	page := do(h, "GET", res, nil).Body.String()
	if !strings.Contains(page, `action="`+res+`/claim"`) || !strings.Contains(page, `action="`+res+`/share"`) {
		t.Fatal("the result page has no keep or share form")
	}
	if w := do(h, "POST", res+"/claim", url.Values{}); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login?next="+url.QueryEscape(res+"?keep=1") {
		t.Errorf("anonymous claim = %d %q", w.Code, w.Header().Get("Location"))
	}
	w := do(h, "POST", res+"/claim", url.Values{}, as(patient)...)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != res+"?note=kept" {
		t.Fatalf("claim = %d %q", w.Code, w.Header().Get("Location"))
	}
	if got := do(h, "GET", w.Header().Get("Location"), nil, as(patient)...).Body.String(); !strings.Contains(got, "kept in your account") {
		t.Error("no note after keeping the result")
	}
	// Kept, it is the patient's: the link alone no longer opens it.
	if w := do(h, "GET", res, nil); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login?next="+url.QueryEscape(res) {
		t.Errorf("a kept result signed out = %d %q; want the sign-in page, back to the result", w.Code, w.Header().Get("Location"))
	}
	if w := do(h, "POST", res+"/share", url.Values{"invite_code": {"NOPE-NOPE-NOPE"}}, as(patient)...); w.Header().Get("Location") != res+"?note=code-unknown" {
		t.Errorf("share with a wrong code = %d %q", w.Code, w.Header().Get("Location"))
	}
	if w := do(h, "POST", res+"/share", url.Values{"invite_code": {invite}}, as(patient)...); w.Header().Get("Location") != res+"?note=shared" {
		t.Fatalf("share = %d %q", w.Code, w.Header().Get("Location"))
	}

	// The admin's page: invite code, members, the shared result, the log.
	cp := "/clinic/" + clinic
	body := do(h, "GET", cp, nil, as(admin)...).Body.String()
	id := strings.TrimPrefix(res, "/r/")
	for _, want := range []string{invite, "Back Care", `href="` + res + `"`, "assessment:" + id, "Patient", "Admin"} {
		if !strings.Contains(body, want) {
			t.Errorf("clinic page lacks %q", want)
		}
	}
	// The audit log filters by action.
	filtered := do(h, "GET", cp+"?action=share", nil, as(admin)...).Body.String()
	if !strings.Contains(filtered, "assessment:"+id) || strings.Contains(filtered, "<td>create</td>") {
		t.Error("the audit filter by action does not filter")
	}

	// The patient, anonymous visitors and unknown clinics get nothing.
	if w := do(h, "GET", cp, nil, as(patient)...); w.Code != http.StatusForbidden || strings.Contains(w.Body.String(), invite) {
		t.Errorf("a patient's GET %s = %d", cp, w.Code)
	}
	if w := do(h, "GET", cp, nil); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login?next="+url.QueryEscape(cp) {
		t.Errorf("anonymous GET %s = %d %q", cp, w.Code, w.Header().Get("Location"))
	}
	if w := do(h, "POST", cp+"/members", url.Values{"email": {"pat@example.org"}, "role": {"admin"}}, as(patient)...); w.Code != http.StatusForbidden {
		t.Errorf("a patient made themself admin: %d", w.Code)
	}

	// Members: a problem beside the field, the same answer for an email
	// with no account as for one with (finding 5), then a new therapist.
	w = do(h, "POST", cp+"/members", url.Values{"email": {"not an email"}, "role": {"therapist"}}, as(admin)...)
	if w.Code != http.StatusUnprocessableEntity || errorBeside(w.Body.String(), "f-email") == "" ||
		!strings.Contains(w.Body.String(), `value="not an email"`) {
		t.Errorf("add a member with a bad email = %d, error %q", w.Code, errorBeside(w.Body.String(), "f-email"))
	}
	w = do(h, "POST", cp+"/members", url.Values{"email": {"nobody@example.org"}, "role": {"therapist"}}, as(admin)...)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != cp+"?note=member-added" {
		t.Errorf("add an unknown member = %d %q; want the answer an account gets", w.Code, w.Header().Get("Location"))
	}
	// A new address gets an invitation link; nobody joins by being typed in.
	if l := h.(*accountHandler).mb.link(t); !strings.HasPrefix(l, "/join/") {
		t.Errorf("the mail to a new address links to %q, not an invitation", l)
	}
	thera := signUp(t, h, "thera@example.org", nil)
	if w := do(h, "POST", cp+"/members", url.Values{"email": {"thera@example.org"}, "role": {"therapist"}}, as(admin)...); w.Code != http.StatusSeeOther {
		t.Errorf("add a therapist = %d", w.Code)
	}
	// An existing account gets a request, and joins only when it accepts.
	join := h.(*accountHandler).mb.link(t)
	if !strings.Contains(do(h, "GET", "/account", nil, as(thera)...).Body.String(), "asks you to join as a physical therapist") {
		t.Error("the account page does not show the clinic's request")
	}
	if w := do(h, "GET", cp+"/patients", nil, as(thera)...); w.Code != http.StatusForbidden {
		t.Errorf("before accepting, the caseload = %d; want 403", w.Code)
	}
	if w := do(h, "POST", join, url.Values{"decision": {"accept"}}, as(thera)...); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/account?note=joined" {
		t.Errorf("accepting the request = %d %q", w.Code, w.Header().Get("Location"))
	}
	if w := do(h, "GET", cp+"/patients", nil, as(thera)...); w.Code != http.StatusOK {
		t.Errorf("after accepting, the caseload = %d; want 200", w.Code)
	}

	// Tokens: the secret once, then only its name; revoke.
	w = do(h, "POST", cp+"/tokens", url.Values{"name": {"EHR bridge"}, "scope": {"read"}}, as(admin)...)
	secret := regexp.MustCompile(`unk_[a-z0-9]+_[A-Za-z0-9_-]+`).FindString(w.Body.String())
	if w.Code != 200 || secret == "" || w.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("make a token = %d, secret %q", w.Code, secret)
	}
	later := do(h, "GET", cp, nil, as(admin)...).Body.String()
	if strings.Contains(later, secret) || !strings.Contains(later, "EHR bridge") {
		t.Error("the token's secret is shown again, or the token is not listed")
	}
	if w := do(h, "GET", "/api/v1/clinics/"+clinic+"/caseload", nil, "Authorization", "Bearer "+secret); w.Code != 200 {
		t.Errorf("the new token does not work: %d", w.Code)
	}
	if w := do(h, "POST", cp+"/tokens", url.Values{"name": {""}, "scope": {"read"}}, as(admin)...); w.Code != http.StatusUnprocessableEntity ||
		errorBeside(w.Body.String(), "f-name") == "" {
		t.Errorf("a token without a name = %d", w.Code)
	}
	tokenID := strings.Split(strings.TrimPrefix(secret, "unk_"), "_")[0]
	if w := do(h, "POST", cp+"/tokens/"+tokenID+"/revoke", url.Values{}, as(admin)...); w.Code != http.StatusSeeOther {
		t.Errorf("revoke = %d", w.Code)
	}
	if w := do(h, "GET", "/api/v1/clinics/"+clinic+"/caseload", nil, "Authorization", "Bearer "+secret); w.Code != http.StatusUnauthorized {
		t.Errorf("a revoked token still works: %d", w.Code)
	}
}

// accountPages fetches every account and clinic page, gzipped, as
// someone who may see it: the setup form on a new install, the rest after.
func accountPages(t *testing.T) map[string]*httptest.ResponseRecorder {
	h, _ := newAccountServer(t)
	get := func(target, secret string) *httptest.ResponseRecorder {
		hdr := []string{"Accept-Encoding", "gzip"}
		if secret != "" {
			hdr = append(hdr, as(secret)...)
		}
		w := do(h, "GET", target, nil, hdr...)
		if w.Code != 200 {
			t.Fatalf("GET %s = %d", target, w.Code)
		}
		return w
	}
	pages := map[string]*httptest.ResponseRecorder{"setup": get("/setup", "")}
	admin, clinic, _ := setUp(t, h)
	patient := signUp(t, h, "pat@example.org", nil)
	for name, target := range map[string]string{
		"signup": "/signup", "login": "/login?next=/account", "login link": "/login/link", "login link token": "/login/link/abc",
		"reset request": "/reset", "reset": "/reset/abc", "login with note": "/login?note=password-changed",
		"login errors": "", "signup errors": "",
	} {
		if target != "" {
			pages[name] = get(target, "")
		}
	}
	pages["login errors"] = do(h, "POST", "/login", url.Values{"email": {"pat@example.org"}, "password": {"not the one"}}, "Accept-Encoding", "gzip")
	pages["signup errors"] = do(h, "POST", "/signup", url.Values{"email": {"x"}, "password": {"short"}, "invite_code": {"nope"}}, "Accept-Encoding", "gzip")
	pages["account"] = get("/account", patient)
	pages["admin account"] = get("/account", admin)
	pages["clinic"] = get("/clinic/"+clinic, admin)
	pages["reminder settings"] = get("/account/reminders", patient)
	pages["reminders"] = get("/notifications", patient)
	pages["clinic reminder defaults"] = get("/clinic/"+clinic+"/reminders", admin)
	pages["unsubscribe"] = get("/unsubscribe/"+strings.Repeat("a", 26)+"/water", "")
	pages["clinic with token"] = do(h, "POST", "/clinic/"+clinic+"/tokens", url.Values{"name": {"EHR"}, "scope": {"write"}}, append(as(admin), "Accept-Encoding", "gzip")...)
	return pages
}

func TestAccountPagesHeadersAndScripts(t *testing.T) {
	scripts := regexp.MustCompile(`(?i)<script\b[^>]*>`)
	for name, w := range accountPages(t) {
		if got := w.Header().Get("Content-Security-Policy"); got != contentSecurityPolicy {
			t.Errorf("%s: CSP %q", name, got)
		}
		if w.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q; want no-store", name, w.Header().Get("Cache-Control"))
		}
		body := gunzip(t, w)
		for _, s := range scripts.FindAllString(body, -1) {
			if !strings.Contains(s, " src=") {
				t.Errorf("%s: inline script %s", name, s)
			}
		}
		if strings.Contains(body, " style=") || strings.Contains(body, "<style") || strings.Contains(body, " onclick=") {
			t.Errorf("%s: inline style or handler", name)
		}
		if strings.Contains(body, "http://") || strings.Contains(body, "https://") {
			t.Errorf("%s: links to another site", name)
		}
	}
}

// The account pages read at grade 8 or below, as a whole and block by
// block, like the rest of the site; so do the notes shown after actions.
// Blocks of 8 words or more are checked: shorter ones are labels.
func TestAccountPagesReadability(t *testing.T) {
	tables := regexp.MustCompile(`(?s)<table\b.*?</table>`)
	for name, w := range accountPages(t) {
		// Tables hold data (dates, ids, log lines), not prose.
		blocks := textBlocks(tables.ReplaceAllString(gunzip(t, w), ""))
		if g := readability.Count(strings.Join(blocks, "\n\n")).Grade(); g > 8 {
			t.Errorf("%s: grade %.1f as a whole", name, g)
		}
		for _, b := range blocks {
			if st := readability.Count(b); st.Words >= 8 && st.Grade() > 8 {
				t.Errorf("%s: grade %.1f: %q", name, st.Grade(), b)
			}
		}
	}
	for key, n := range pageNotes {
		if g := readability.Grade(n.Text); g > 8 {
			t.Errorf("note %s: grade %.1f: %q", key, g, n.Text)
		}
	}
}

// A sign-up made on the way somewhere (keeping a result) gets there once
// its mailed link is used.
func TestSignUpLinkKeepsNext(t *testing.T) {
	h, mb := newAccountServer(t)
	w := do(h, "POST", "/signup", url.Values{"email": {"sam@example.org"}, "password": {goodPassword}, "next": {"/r/abc"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("sign-up = %d", w.Code)
	}
	link := mb.link(t)
	if !strings.Contains(link, "?next=%2Fr%2Fabc") {
		t.Fatalf("mailed link %q does not lead on to the result", link)
	}
	page := do(h, "GET", link, nil)
	if !strings.Contains(page.Body.String(), `name="next" value="/r/abc"`) {
		t.Fatalf("the link page does not carry next:\n%s", page.Body)
	}
	path, _, _ := strings.Cut(link, "?")
	p := do(h, "POST", path, url.Values{"next": {"/r/abc"}})
	if p.Code != http.StatusSeeOther || p.Header().Get("Location") != "/r/abc" {
		t.Fatalf("using the link = %d %q; want on to /r/abc", p.Code, p.Header().Get("Location"))
	}
	if _, ok := session(p); !ok {
		t.Fatal("no session")
	}
	evil := do(h, "POST", "/signup", url.Values{"email": {"eve@example.org"}, "password": {goodPassword}, "next": {"//evil.example/x"}})
	if evil.Code != http.StatusSeeOther || strings.Contains(mb.link(t), "evil") {
		t.Fatal("a foreign next reached the mail")
	}
}
