package web

// The reminder pages: the in-app list, the settings with the calendar
// feed, and the unsubscribe page a reminder e-mail links to.

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"unknot/internal/domain"
	"unknot/internal/reminder"
)

func (u *ui) routesReminders(mux *router) {
	mux.HandleFunc("GET /notifications", u.notifications)
	mux.HandleFunc("POST /notifications/read", u.markRead)
	mux.HandleFunc("POST /notifications/{id}/read", u.markRead)
	mux.HandleFunc("GET /account/reminders", u.reminderSettings)
	mux.HandleFunc("POST /account/reminders", u.saveReminderSettings)
	mux.HandleFunc("POST /account/calendar", u.rotateCalendar)
	mux.HandleFunc("POST /account/calendar/revoke", u.revokeCalendar)
	mux.HandleFunc("GET /clinic/{clinic}/reminders", u.clinicReminders)
	mux.HandleFunc("POST /clinic/{clinic}/reminders", u.saveClinicReminders)
	mux.HandleFunc("GET /unsubscribe/{token}/{kind}", u.unsubscribe)
	mux.HandleFunc("POST /unsubscribe/{token}/{kind}", u.unsubscribe)
}

// notifications is GET /notifications: the person's reminders.
func (u *ui) notifications(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	if a.Anonymous() {
		toSignIn(w, r, "/notifications")
		return
	}
	l, err := u.s.Reminders.Notifications(r.Context(), a)
	if err != nil {
		u.failOrSignIn(w, r, err, "/notifications")
		return
	}
	u.render(w, r, http.StatusOK, "notifications", page{Title: "Your reminders", Section: "notifications", Private: true, Data: l})
}

// markRead is POST /notifications/{id}/read, or /notifications/read for all.
func (u *ui) markRead(w http.ResponseWriter, r *http.Request) {
	if _, ok := u.signedInForm(w, r, "/notifications"); !ok {
		return
	}
	if err := u.s.Reminders.MarkRead(r.Context(), actorOf(r), r.PathValue("id")); err != nil {
		u.failOrSignIn(w, r, err, "/notifications")
		return
	}
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
}

type kindRow struct {
	Kind      reminder.Kind
	Label     string
	On, Email bool
}

type reminderSettingsView struct {
	Form       *form
	Kinds      []kindRow
	Own        bool
	FromClinic bool
	FeedURL    string
	// ClinicID is set on a clinic's defaults page.
	ClinicID string
}

func settingsForm(set reminder.Settings) *form {
	return newForm(url.Values{
		"session_times": {strings.Join(set.SessionTimes, ", ")}, "water_times": {strings.Join(set.WaterTimes, ", ")},
		"checkin_time": {set.CheckinTime}, "sitting_start": {set.SittingStart}, "sitting_end": {set.SittingEnd},
		"break_minutes": {strconv.Itoa(set.BreakMinutes)}, "quiet_start": {set.QuietStart}, "quiet_end": {set.QuietEnd}, "tz": {set.TZ},
	})
}

// reminderSettings is GET /account/reminders.
func (u *ui) reminderSettings(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	if a.Anonymous() {
		toSignIn(w, r, "/account/reminders")
		return
	}
	v, err := u.s.Reminders.Settings(r.Context(), a)
	if err != nil {
		u.failOrSignIn(w, r, err, "/account/reminders")
		return
	}
	u.renderSettings(w, r, http.StatusOK, settingsForm(v.Settings), v.Settings, v.Own)
}

func (u *ui) renderSettings(w http.ResponseWriter, r *http.Request, status int, f *form, set reminder.Settings, own bool) {
	u.renderSettingsOf(w, r, status, f, set, own, "")
}

func (u *ui) renderSettingsOf(w http.ResponseWriter, r *http.Request, status int, f *form, set reminder.Settings, own bool, clinicID string) {
	v := reminderSettingsView{Form: f, Own: own, ClinicID: clinicID}
	for _, k := range reminder.Kinds {
		v.Kinds = append(v.Kinds, kindRow{Kind: k, Label: k.Label(), On: set.On(k), Email: slices.Contains(set.Email, k)})
	}
	title := "Reminder settings"
	if clinicID != "" {
		title = "Reminder defaults"
	} else if tok, err := u.s.Reminders.Feed(r.Context(), actorOf(r)); err == nil {
		// webcal: is how a page hands a calendar app a subscription.
		v.FeedURL = webcal(u.s.Reminders.FeedURL(tok))
	}
	if f.HasErrors() {
		title = "Error: " + title
	}
	u.render(w, r, status, "reminders", page{Title: title, Section: "account", Private: true, Data: v})
}

// saveReminderSettings is POST /account/reminders.
func (u *ui) saveReminderSettings(w http.ResponseWriter, r *http.Request) {
	f, ok := u.signedInForm(w, r, "/account/reminders")
	if !ok {
		return
	}
	set := settingsOfForm(f)
	err := u.s.Reminders.SaveSettings(r.Context(), actorOf(r), set)
	if u.settingsProblems(w, r, err, f, set, "") {
		return
	}
	if err != nil {
		u.failOrSignIn(w, r, err, "/account/reminders")
		return
	}
	http.Redirect(w, r, "/account/reminders?note=reminders-saved", http.StatusSeeOther)
}

// settingsProblems shows the form again when err names its fields.
func (u *ui) settingsProblems(w http.ResponseWriter, r *http.Request, err error, f *form, set reminder.Settings, clinicID string) bool {
	de, ok := err.(*domain.Error)
	if !ok || de.Code != domain.EInvalid {
		return false
	}
	for _, p := range de.Problems {
		f.fail(p.Field, "This "+strings.ReplaceAll(p.Field, "_", " ")+" "+p.Problem+".")
	}
	u.renderSettingsOf(w, r, http.StatusUnprocessableEntity, f, set, true, clinicID)
	return true
}

// clinicReminders is GET /clinic/{clinic}/reminders: the admin's form
// for the clinic's defaults.
func (u *ui) clinicReminders(w http.ResponseWriter, r *http.Request) {
	c := r.PathValue("clinic")
	if actorOf(r).Anonymous() {
		toSignIn(w, r, "/clinic/"+c+"/reminders")
		return
	}
	set, err := u.s.Reminders.ClinicDefaults(r.Context(), actorOf(r), c)
	if err != nil {
		u.failOrSignIn(w, r, err, "/clinic/"+c+"/reminders")
		return
	}
	u.renderSettingsOf(w, r, http.StatusOK, settingsForm(set), set, true, c)
}

// saveClinicReminders is POST /clinic/{clinic}/reminders.
func (u *ui) saveClinicReminders(w http.ResponseWriter, r *http.Request) {
	c := r.PathValue("clinic")
	f, ok := u.signedInForm(w, r, "/clinic/"+c+"/reminders")
	if !ok {
		return
	}
	set := settingsOfForm(f)
	err := u.s.Reminders.SaveClinicDefaults(r.Context(), actorOf(r), c, set)
	if u.settingsProblems(w, r, err, f, set, c) {
		return
	}
	if err != nil {
		u.failOrSignIn(w, r, err, "/clinic/"+c+"/reminders")
		return
	}
	http.Redirect(w, r, "/clinic/"+c+"/reminders?note=reminders-saved", http.StatusSeeOther)
}

// settingsOfForm reads the settings form.
func settingsOfForm(f *form) reminder.Settings {
	set := reminder.Settings{TZ: f.Get("tz"), CheckinTime: f.Get("checkin_time"), SittingStart: f.Get("sitting_start"),
		SittingEnd: f.Get("sitting_end"), QuietStart: f.Get("quiet_start"), QuietEnd: f.Get("quiet_end"),
		SessionTimes: splitTimes(f.Get("session_times")), WaterTimes: splitTimes(f.Get("water_times")),
		Off: []reminder.Kind{}, Email: []reminder.Kind{}}
	set.BreakMinutes, _ = strconv.Atoi(f.Get("break_minutes"))
	for _, k := range reminder.Kinds {
		if !f.Has("on", string(k)) {
			set.Off = append(set.Off, k)
		}
		if f.Has("email", string(k)) {
			set.Email = append(set.Email, k)
		}
	}
	return set
}

func splitTimes(s string) []string {
	out := []string{}
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		out = append(out, t)
	}
	return out
}

// rotateCalendar is POST /account/calendar: a new feed address.
func (u *ui) rotateCalendar(w http.ResponseWriter, r *http.Request) {
	if _, ok := u.signedInForm(w, r, "/account/reminders"); !ok {
		return
	}
	if _, err := u.s.Reminders.RotateFeed(r.Context(), actorOf(r)); err != nil {
		u.failOrSignIn(w, r, err, "/account/reminders")
		return
	}
	http.Redirect(w, r, "/account/reminders#feed-h", http.StatusSeeOther)
}

// revokeCalendar is POST /account/calendar/revoke: the address stops.
func (u *ui) revokeCalendar(w http.ResponseWriter, r *http.Request) {
	if _, ok := u.signedInForm(w, r, "/account/reminders"); !ok {
		return
	}
	if err := u.s.Reminders.RevokeFeed(r.Context(), actorOf(r)); err != nil {
		u.failOrSignIn(w, r, err, "/account/reminders")
		return
	}
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

type unsubscribeView struct {
	Token, Kind, Label string
	Done               bool
}

// unsubscribe is GET (a page with the button) and POST (done, as a mail
// client's one-click sends) /unsubscribe/{token}/{kind}; no sign-in.
func (u *ui) unsubscribe(w http.ResponseWriter, r *http.Request) {
	k := reminder.Kind(r.PathValue("kind"))
	v := unsubscribeView{Token: r.PathValue("token"), Kind: string(k), Label: k.Label()}
	if !k.Valid() {
		u.errorPage(w, r, http.StatusNotFound, "This link does not work", "Open your reminder settings to choose your e-mails.")
		return
	}
	if r.Method == http.MethodPost {
		if err := u.s.Reminders.Unsubscribe(r.Context(), v.Token, v.Kind); err != nil {
			u.fail(w, r, err)
			return
		}
		v.Done = true
	}
	u.render(w, r, http.StatusOK, "unsubscribe", page{Title: "E-mail reminders", Private: true, Data: v})
}
