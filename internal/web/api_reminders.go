package web

// Reminders over the JSON API: the person's settings, their in-app list,
// their private calendar feed, and a clinic's defaults; and the two
// addresses that work without signing in: the feed itself (its token is
// its secret) and the one-click unsubscribe of reminder e-mail.

import (
	"context"
	"net/http"
	"strings"
	"time"

	"unknot/internal/app"
	"unknot/internal/domain"
	"unknot/internal/reminder"
)

// Reminders is what the HTTP layer needs of app.Reminders.
type Reminders interface {
	Settings(ctx context.Context, actor domain.Actor) (app.ReminderSettingsView, error)
	SaveSettings(ctx context.Context, actor domain.Actor, set reminder.Settings) error
	ClinicDefaults(ctx context.Context, actor domain.Actor, clinicID string) (reminder.Settings, error)
	SaveClinicDefaults(ctx context.Context, actor domain.Actor, clinicID string, set reminder.Settings) error
	Notifications(ctx context.Context, actor domain.Actor) (app.NotificationList, error)
	Unread(ctx context.Context, actor domain.Actor) int
	MarkRead(ctx context.Context, actor domain.Actor, id string) error
	Feed(ctx context.Context, actor domain.Actor) (string, error)
	RotateFeed(ctx context.Context, actor domain.Actor) (string, error)
	RevokeFeed(ctx context.Context, actor domain.Actor) error
	FeedURL(token string) string
	FeedCalendar(ctx context.Context, token, address string) ([]byte, error)
	Unsubscribe(ctx context.Context, token, kind string) error
}

// routesReminders registers the reminder routes (API and pages).
func (s *Server) routesReminders(rt *router) {
	rt.HandleFunc("GET /api/v1/me/calendar", s.apiCalendar)
	rt.HandleFunc("POST /api/v1/me/calendar", s.apiRotateCalendar)
	rt.HandleFunc("DELETE /api/v1/me/calendar", s.apiRevokeCalendar)
	rt.HandleFunc("GET /api/v1/me/reminders", s.apiReminderSettings)
	rt.HandleFunc("PUT /api/v1/me/reminders", s.apiSaveReminderSettings)
	rt.HandleFunc("GET /api/v1/me/notifications", s.apiNotifications)
	rt.HandleFunc("POST /api/v1/me/notifications/read", s.apiMarkRead)
	rt.HandleFunc("POST /api/v1/me/notifications/{id}/read", s.apiMarkRead)
	rt.HandleFunc("GET /api/v1/clinics/{clinic}/reminder-defaults", s.apiClinicReminderDefaults)
	rt.HandleFunc("PUT /api/v1/clinics/{clinic}/reminder-defaults", s.apiSaveClinicReminderDefaults)
	rt.HandleFunc("GET /calendar/{feed}", s.calendarFeed)
}

// calendarJSON is the feed as the API tells it.
type calendarJSON struct {
	URL string `json:"url"`
	// WebcalURL is the same address for calendar apps that subscribe by
	// webcal:.
	WebcalURL string `json:"webcal_url"`
}

func (s *Server) calendarAnswer(w http.ResponseWriter, r *http.Request, status int, tok string) {
	u := s.Reminders.FeedURL(tok)
	private(w)
	s.writeJSON(w, r, status, calendarJSON{URL: u, WebcalURL: webcal(u)})
}

// webcal is a feed's address for calendar apps: webcal://host/….
func webcal(u string) string {
	return "webcal:" + strings.TrimPrefix(strings.TrimPrefix(u, "https:"), "http:")
}

// apiCalendar is GET /api/v1/me/calendar: the person's private calendar
// feed, made on first need.
func (s *Server) apiCalendar(w http.ResponseWriter, r *http.Request) {
	tok, err := s.Reminders.Feed(r.Context(), actorOf(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.calendarAnswer(w, r, http.StatusOK, tok)
}

// apiRotateCalendar is POST /api/v1/me/calendar: a new address; the old
// one stops working.
func (s *Server) apiRotateCalendar(w http.ResponseWriter, r *http.Request) {
	tok, err := s.Reminders.RotateFeed(r.Context(), actorOf(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.calendarAnswer(w, r, http.StatusCreated, tok)
}

// apiRevokeCalendar is DELETE /api/v1/me/calendar: the address stops.
func (s *Server) apiRevokeCalendar(w http.ResponseWriter, r *http.Request) {
	if err := s.Reminders.RevokeFeed(r.Context(), actorOf(r)); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// calendarFeed is GET /calendar/{token}.ics: the feed, for a phone's
// calendar; no cookie, the token is the secret.
func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request) {
	tok, ok := strings.CutSuffix(r.PathValue("feed"), ".ics")
	if !ok {
		s.writeError(w, r, domain.Errorf(domain.ENotFound, "No such calendar."))
		return
	}
	b, err := s.Reminders.FeedCalendar(r.Context(), tok, actorOf(r).Address)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Referrer-Policy", "no-referrer")
	_, _ = w.Write(b)
}

// settingsJSON is a person's settings as the API tells them.
type settingsJSON struct {
	reminder.Settings
	// Own is false while their clinic's defaults or the built-in ones apply.
	Own   bool     `json:"own"`
	Kinds []string `json:"kinds"`
}

func kindNames() []string {
	out := make([]string, len(reminder.Kinds))
	for i, k := range reminder.Kinds {
		out[i] = string(k)
	}
	return out
}

// apiReminderSettings is GET /api/v1/me/reminders.
func (s *Server) apiReminderSettings(w http.ResponseWriter, r *http.Request) {
	v, err := s.Reminders.Settings(r.Context(), actorOf(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, settingsJSON{Settings: v.Settings, Own: v.Own, Kinds: kindNames()})
}

// apiSaveReminderSettings is PUT /api/v1/me/reminders: the whole settings
// (what GET answered may be sent back as it is: own and kinds are read-only).
func (s *Server) apiSaveReminderSettings(w http.ResponseWriter, r *http.Request) {
	var in settingsJSON
	if err := decodeJSON(r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.Reminders.SaveSettings(r.Context(), actorOf(r), in.Settings); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.apiReminderSettings(w, r)
}

// notificationJSON is one reminder in the in-app list.
type notificationJSON struct {
	ID     string     `json:"id"`
	Kind   string     `json:"kind"`
	Title  string     `json:"title"`
	Body   string     `json:"body"`
	Path   string     `json:"path"`
	DueAt  time.Time  `json:"due_at"`
	Read   bool       `json:"read"`
	ReadAt *time.Time `json:"read_at,omitempty"`
}

// apiNotifications is GET /api/v1/me/notifications.
func (s *Server) apiNotifications(w http.ResponseWriter, r *http.Request) {
	l, err := s.Reminders.Notifications(r.Context(), actorOf(r))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := []notificationJSON{}
	for _, n := range l.Items {
		out = append(out, notificationJSON{ID: n.ID, Kind: n.Kind, Title: n.Title, Body: n.Body, Path: n.Path,
			DueAt: n.DueAt, Read: n.ReadAt != nil, ReadAt: n.ReadAt})
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, map[string]any{"unread": l.Unread, "notifications": out})
}

// apiMarkRead is POST /api/v1/me/notifications/{id}/read, or
// /api/v1/me/notifications/read for all of them.
func (s *Server) apiMarkRead(w http.ResponseWriter, r *http.Request) {
	if err := s.Reminders.MarkRead(r.Context(), actorOf(r), r.PathValue("id")); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiClinicReminderDefaults is GET /api/v1/clinics/{clinic}/reminder-defaults.
func (s *Server) apiClinicReminderDefaults(w http.ResponseWriter, r *http.Request) {
	set, err := s.Reminders.ClinicDefaults(r.Context(), actorOf(r), r.PathValue("clinic"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	private(w)
	s.writeJSON(w, r, http.StatusOK, set)
}

// apiSaveClinicReminderDefaults is PUT /api/v1/clinics/{clinic}/reminder-defaults.
func (s *Server) apiSaveClinicReminderDefaults(w http.ResponseWriter, r *http.Request) {
	var set reminder.Settings
	if err := decodeJSON(r, &set); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.Reminders.SaveClinicDefaults(r.Context(), actorOf(r), r.PathValue("clinic"), set); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.apiClinicReminderDefaults(w, r)
}
