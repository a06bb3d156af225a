package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/http"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"unknot/internal/app"
	umail "unknot/internal/mail"
	"unknot/internal/mail/mailtest"
)

// parts reads a delivered multipart/alternative mail: its headers and its
// decoded parts by media type.
func parts(t *testing.T, raw []byte) (mail.Header, map[string]string) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mt, "multipart/") {
		t.Fatalf("content type %q (%v); want multipart", msg.Header.Get("Content-Type"), err)
	}
	out := map[string]string{}
	r := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := r.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		var body io.Reader = p
		if strings.EqualFold(p.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
			body = quotedprintable.NewReader(p)
		}
		b, _ := io.ReadAll(body)
		pt, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		out[pt] = string(b)
	}
	return msg.Header, out
}

// TestReminderBySMTPAndInApp: a reminder the demo patient wants by e-mail
// goes in their in-app list (the header counts it, they mark it read) and
// arrives over a real SMTP conversation in plain text and HTML, with a
// List-Unsubscribe link that stops that kind with one POST and no cookie.
func TestReminderBySMTPAndInApp(t *testing.T) {
	if testing.Short() {
		t.Skip("seeding the demo is not short")
	}
	smtpd := mailtest.Start(t)
	// Without the scheduler: the test counts what this one reminder does.
	m := startMainWith(t, Config{Demo: true, DemoPassword: demoTestPassword,
		Mail: umail.Config{Host: smtpd.Host, Port: smtpd.Port, TLS: "none", From: "unknot <no-reply@example.org>"}},
		func(m *Main) { m.NoPeriodicJobs = true })
	w := &world{t: t, url: m.URL()}
	resp, _ := w.do(matrixActor{}, "POST", "/api/v1/login", map[string]string{"email": "patient1@demo.example", "password": demoTestPassword})
	me := matrixActor{cookie: sessionOf(resp), user: "patient1"}
	var acct struct{ ID string }
	json.Unmarshal(w.must(me, "GET", "/api/v1/me", nil, 200), &acct)

	var set map[string]any
	json.Unmarshal(w.must(me, "GET", "/api/v1/me/reminders", nil, 200), &set)
	set["email"] = []string{"checkin", "visit"} // sent back as GET gave it, own and kinds too
	w.must(me, "PUT", "/api/v1/me/reminders", set, 200)

	j := app.ReminderJob{UserID: acct.ID, Key: "checkin:smtp-test", Type: "checkin", Title: "How is your back today?",
		Body: "Take a minute to check in.", Path: "/diary", DueAt: m.Now(), Email: true}
	if err := m.jobs.Enqueue(context.Background(), nil, j, time.Time{}); err != nil { // due now, by the wall clock River runs on
		t.Fatal(err)
	}
	msg := smtpd.Wait(t, 1)
	if !strings.Contains(msg.To, "patient1@demo.example") {
		t.Fatalf("mail to %q", msg.To)
	}
	h, body := parts(t, msg.Raw)
	if !strings.Contains(body["text/plain"], "Take a minute to check in.") || !strings.Contains(body["text/html"], "<h1") ||
		!strings.Contains(body["text/html"], "Take a minute to check in.") {
		t.Fatalf("text:\n%s\nhtml:\n%s", body["text/plain"], body["text/html"])
	}
	if h.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post = %q", h.Get("List-Unsubscribe-Post"))
	}
	stop := regexp.MustCompile(`^<(http\S+/unsubscribe/\S+/checkin)>$`).FindStringSubmatch(h.Get("List-Unsubscribe"))
	if stop == nil {
		t.Fatalf("List-Unsubscribe = %q", h.Get("List-Unsubscribe"))
	}
	if !strings.Contains(body["text/plain"], stop[1]) || !strings.Contains(body["text/html"], stop[1]) {
		t.Error("the unsubscribe link is not in both parts")
	}

	// In the app: listed, counted in the header, marked read.
	var list struct {
		Unread        int
		Notifications []struct{ ID, Kind string }
	}
	json.Unmarshal(w.must(me, "GET", "/api/v1/me/notifications", nil, 200), &list)
	if list.Unread != 1 || len(list.Notifications) != 1 || list.Notifications[0].Kind != "checkin" {
		t.Fatalf("in-app list: %+v", list)
	}
	if page := string(w.must(me, "GET", "/account", nil, 200)); !strings.Contains(page, `aria-label="1 unread"`) {
		t.Error("the header does not count the unread reminder")
	}
	w.must(me, "POST", "/api/v1/me/notifications/"+list.Notifications[0].ID+"/read", nil, 204)
	json.Unmarshal(w.must(me, "GET", "/api/v1/me/notifications", nil, 200), &list)
	if list.Unread != 0 {
		t.Fatalf("unread after marking read: %d", list.Unread)
	}

	// The same reminder again (a job run twice) delivers nothing more.
	if err := m.jobs.Enqueue(context.Background(), nil, j, time.Time{}); err != nil { // due now, by the wall clock River runs on
		t.Fatal(err)
	}

	// One click, as a mail client does it: a POST, no cookie.
	r, err := http.Post(stop[1], "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != 200 {
		t.Fatalf("one-click unsubscribe = %d", r.StatusCode)
	}
	var after struct{ Email []string }
	json.Unmarshal(w.must(me, "GET", "/api/v1/me/reminders", nil, 200), &after)
	if slices.Contains(after.Email, "checkin") || !slices.Contains(after.Email, "visit") {
		t.Fatalf("e-mailed kinds after unsubscribing from check-ins: %v", after.Email)
	}
	// A bad link stops nothing and says so.
	if r, _ := http.Post(strings.Replace(stop[1], "/unsubscribe/", "/unsubscribe/x", 1), "application/x-www-form-urlencoded", nil); r.StatusCode != 404 {
		t.Errorf("a wrong unsubscribe link = %d; want 404", r.StatusCode)
	}
	json.Unmarshal(w.must(me, "GET", "/api/v1/me/notifications", nil, 200), &list)
	if len(list.Notifications) != 1 || smtpd.Count() != 1 {
		t.Fatalf("after the same reminder again: %d in the app, %d mails; want 1 and 1", len(list.Notifications), smtpd.Count())
	}
}

// TestDemoCalendarFeed: the demo patient's private calendar feed, found
// through GET /api/v1/me/calendar and fetched with no cookie, is read by
// an outside parser (golang-ical) with events and alarms; a new address
// stops the old one, and revoking stops it too.
func TestDemoCalendarFeed(t *testing.T) {
	if testing.Short() {
		t.Skip("seeding the demo is not short")
	}
	m := startMain(t, Config{Demo: true, DemoPassword: demoTestPassword})
	w := &world{t: t, url: m.URL()}
	resp, _ := w.do(matrixActor{}, "POST", "/api/v1/login", map[string]string{"email": "patient1@demo.example", "password": demoTestPassword})
	me := matrixActor{cookie: sessionOf(resp), user: "patient1"}
	var feed struct{ URL string }
	json.Unmarshal(w.must(me, "GET", "/api/v1/me/calendar", nil, 200), &feed)
	if !strings.HasPrefix(feed.URL, m.URL()+"/calendar/") {
		t.Fatalf("feed url %q", feed.URL)
	}
	fetch := func(url string) (*http.Response, []byte) {
		r, err := http.Get(url) // no cookie: the token is the secret
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		return r, b
	}
	r, b := fetch(feed.URL)
	if r.StatusCode != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/calendar") || r.Header.Get("Cache-Control") != "private, no-store" {
		t.Fatalf("feed = %d %q %q", r.StatusCode, r.Header.Get("Content-Type"), r.Header.Get("Cache-Control"))
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("golang-ical: %v", err)
	}
	events, alarms := cal.Events(), 0
	summaries := map[string]int{}
	for _, e := range events {
		alarms += len(e.Alarms())
		if p := e.GetProperty(ics.ComponentPropertySummary); p != nil {
			summaries[p.Value]++
		}
	}
	t.Logf("%d events, %d alarms: %v", len(events), alarms, summaries)
	if len(events) == 0 || alarms < len(events) {
		t.Fatalf("%d events and %d alarms; want events, each with an alarm", len(events), alarms)
	}
	if summaries["Time for your exercises"] == 0 || summaries["How is your back today?"] == 0 {
		t.Errorf("no program sessions or check-ins in the feed: %v", summaries)
	}
	again := struct{ URL string }{}
	json.Unmarshal(w.must(me, "GET", "/api/v1/me/calendar", nil, 200), &again)
	if again.URL != feed.URL {
		t.Fatal("the feed's address changed without being asked")
	}
	var fresh struct{ URL string }
	json.Unmarshal(w.must(me, "POST", "/api/v1/me/calendar", nil, 201), &fresh)
	if r, _ := fetch(feed.URL); r.StatusCode != 404 {
		t.Errorf("the old address after a new one = %d; want 404", r.StatusCode)
	}
	if r, _ := fetch(fresh.URL); r.StatusCode != 200 {
		t.Errorf("the new address = %d", r.StatusCode)
	}
	w.must(me, "DELETE", "/api/v1/me/calendar", nil, 204)
	if r, _ := fetch(fresh.URL); r.StatusCode != 404 {
		t.Errorf("a revoked feed = %d; want 404", r.StatusCode)
	}
	w.must(matrixActor{}, "GET", "/api/v1/me/calendar", nil, 401)
}
