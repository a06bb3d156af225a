package main

// Reminders in the authorisation matrix: the person's settings, in-app
// list and calendar feed (their own only), a clinic's defaults (its
// admins), the feed by its token and the unsubscribe links (no sign-in:
// the token is the secret, and a wrong one opens nothing).

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"unknot/internal/app"
	"unknot/internal/reminder"
)

// matrixReminders holds, per world, patientA's notification and
// unsubscribe secret.
var matrixReminders sync.Map // *world → reminderWorld

type reminderWorld struct{ note, unsubscribe string }

// reminderRecords delivers one reminder to patientA and gives them an
// unsubscribe secret, for the routes that name them.
func (w *world) reminderRecords(t *testing.T, m *Main) {
	ctx := context.Background()
	uid := w.userIDs["patientA"]
	j := app.ReminderJob{UserID: uid, Key: "checkin:matrix", Type: "checkin", Title: "How is your back today?", Body: "Check in.", Path: "/diary"}
	if err := m.jobs.Enqueue(ctx, nil, j, time.Time{}); err != nil {
		t.Fatal(err)
	}
	var rw reminderWorld
	for range 500 {
		var l struct{ Notifications []struct{ ID, Title string } }
		json.Unmarshal(w.must(w.actors["patientA"], "GET", "/api/v1/me/notifications", nil, 200), &l)
		for _, n := range l.Notifications {
			if n.Title == j.Title {
				rw.note = n.ID
			}
		}
		if rw.note != "" {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if rw.note == "" {
		t.Fatal("the matrix's reminder was not delivered")
	}
	tok, err := m.db.UnsubscribeToken(ctx, uid, app.NewID())
	if err != nil {
		t.Fatal(err)
	}
	rw.unsubscribe = tok
	matrixReminders.Store(w, rw)
}

func reminderWorldOf(w *world) reminderWorld {
	rw, _ := matrixReminders.Load(w)
	return rw.(reminderWorld)
}

// ownerOfA: patientA, who the target A's records are.
func ownerOfA(w *world, a matrixActor, t string) bool {
	return t == "A" && self(w, a, t) && a.user == "patientA"
}

func remindersRoutes() map[string]matrixRoute {
	none := []string{""}
	me := func(method, path string, body any, ok ...int) matrixRoute {
		return matrixRoute{targets: none, call: func(*world, string) (string, string, any) { return method, path, body }, allowed: self, ok: ok}
	}
	settings := reminder.Default("Europe/London")
	settingsForm := url.Values{"tz": {"Europe/London"}, "on": {"session", "checkin"}, "email": {"visit"}, "session_times": {"07:30"},
		"checkin_time": {"20:00"}, "water_times": {"10:00"}, "sitting_start": {"09:00"}, "sitting_end": {"17:00"}, "break_minutes": {"60"},
		"quiet_start": {"22:00"}, "quiet_end": {"07:00"}}
	noteOf := func(method string, api bool, ok ...int) matrixRoute {
		return matrixRoute{targets: []string{"A", "X"}, call: func(w *world, t string) (string, string, any) {
			id := "nosuchnotification"
			if t == "A" {
				id = reminderWorldOf(w).note
			}
			if api {
				return method, "/api/v1/me/notifications/" + id + "/read", nil
			}
			return method, "/notifications/" + id + "/read", url.Values{}
		}, allowed: ownerOfA, ok: ok}
	}
	return map[string]matrixRoute{
		"GET /api/v1/me/calendar":                        me("GET", "/api/v1/me/calendar", nil),
		"POST /api/v1/me/calendar":                       me("POST", "/api/v1/me/calendar", nil, 201),
		"DELETE /api/v1/me/calendar":                     me("DELETE", "/api/v1/me/calendar", nil, 204),
		"GET /api/v1/me/reminders":                       me("GET", "/api/v1/me/reminders", nil),
		"PUT /api/v1/me/reminders":                       me("PUT", "/api/v1/me/reminders", settings),
		"GET /api/v1/me/notifications":                   me("GET", "/api/v1/me/notifications", nil),
		"POST /api/v1/me/notifications/read":             me("POST", "/api/v1/me/notifications/read", nil, 204),
		"POST /api/v1/me/notifications/{id}/read":        noteOf("POST", true, 204),
		"GET /api/v1/clinics/{clinic}/reminder-defaults": clinicRoute("GET", "/reminder-defaults", nil, clinicAdmin),
		"PUT /api/v1/clinics/{clinic}/reminder-defaults": clinicRoute("PUT", "/reminder-defaults", settings, clinicAdmin),
		"GET /notifications":                             signInPage(me("GET", "/notifications", nil), 200, 303),
		"POST /notifications/read":                       signInPage(me("POST", "/notifications/read", url.Values{}), 303),
		"POST /notifications/{id}/read":                  signInPage(noteOf("POST", false), 303),
		"GET /account/reminders":                         signInPage(me("GET", "/account/reminders", nil), 200, 303),
		"POST /account/reminders":                        signInPage(me("POST", "/account/reminders", settingsForm), 303),
		"POST /account/calendar":                         signInPage(me("POST", "/account/calendar", url.Values{}), 303),
		"POST /account/calendar/revoke":                  signInPage(me("POST", "/account/calendar/revoke", url.Values{}), 303),
		"GET /clinic/{clinic}/reminders":                 signInPage(clinicPage("GET", "/reminders", nil), 200, 303),
		"POST /clinic/{clinic}/reminders":                signInPage(clinicPage("POST", "/reminders", settingsForm), 303),
		// The feed opens by its token alone: patientA's, made when asked
		// (it may have been rotated or revoked by the routes before), or
		// one that was never made.
		"GET /calendar/{feed}": {targets: []string{"A", "X"}, call: func(w *world, t string) (string, string, any) {
			if t == "X" {
				return "GET", "/calendar/" + strings.Repeat("a", 52) + ".ics", nil
			}
			var f struct{ URL string }
			json.Unmarshal(w.must(w.actors["patientA"], "GET", "/api/v1/me/calendar", nil, 200), &f)
			return "GET", f.URL[strings.Index(f.URL, "/calendar/"):], nil
		}, allowed: func(w *world, a matrixActor, t string) bool { return t == "A" && public(w, a, t) }},
		// The confirm page says nothing of whose link it is.
		"GET /unsubscribe/{token}/{kind}": {targets: none, call: func(*world, string) (string, string, any) {
			return "GET", "/unsubscribe/" + strings.Repeat("b", 26) + "/checkin", nil
		}, allowed: public},
		"POST /unsubscribe/{token}/{kind}": {targets: []string{"A", "X"}, call: func(w *world, t string) (string, string, any) {
			tok := strings.Repeat("b", 26)
			if t == "A" {
				tok = reminderWorldOf(w).unsubscribe
			}
			return "POST", "/unsubscribe/" + tok + "/water", url.Values{"List-Unsubscribe": {"One-Click"}}
		}, allowed: func(w *world, a matrixActor, t string) bool { return t == "A" && public(w, a, t) }},
	}
}
