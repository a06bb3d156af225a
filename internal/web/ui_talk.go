package web

// The clinic and its patients talking, in the pages: the thread on the
// patient's plan page and in the chart, unread counts on the caseload and
// the plan page, visit requests from a result and the clinic's answer.
// A message form posts, the message is stored, then the page is shown
// again: nothing is shown as sent that is not saved, and a refused message
// comes back in its box.

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"unknot/internal/app"
	"unknot/internal/clinical"
	"unknot/internal/domain"
)

// talkView is the thread and visits as a page shows them.
type talkView struct {
	// Post is where the message form posts; Back where it returns.
	Post, Back string
	Messages   []messageView
	Unread     int
	Visits     []visitView
	// VisitPost is where a visit request posts ("" when none can be made
	// here); Suggest says the result asks for one.
	VisitPost string
	Suggest   bool
	// Form keeps a refused message's text.
	Form *form
	// Staff: the chart's view, with the answer forms.
	Staff    bool
	ClinicID string
	TZ       string
	// Emergency is the number to call, beside the message box.
	Emergency string
	// About are what a message may point at (a result, an article).
	About []reasonOption
}

type messageView struct {
	Who, When, Text, Ref, RefLink string
	Mine, New                     bool
}

type visitView struct {
	ID, Status, Times, Note, When, Reply, Asked string
	Open                                        bool
}

func (u *ui) messageViews(list []domain.Message, staff bool, who func(string) string) []messageView {
	out := make([]messageView, 0, len(list))
	for _, m := range list {
		v := messageView{Who: who(m.AuthorID), When: stamp(m.CreatedAt), Text: m.Text, Mine: m.FromStaff == staff,
			New: m.FromStaff != staff && m.ReadAt == nil}
		switch m.RefKind {
		case domain.RefResult:
			v.Ref, v.RefLink = "About a result", "/r/"+url.PathEscape(m.RefID)
		case domain.RefProgram:
			v.Ref = "About the exercise program"
		case domain.RefArticle:
			if a, ok := u.library().Article(m.RefID); ok {
				v.Ref, v.RefLink = "About “"+a.Title+"”", "/articles/"+url.PathEscape(a.ID)
			}
		}
		out = append(out, v)
	}
	return out
}

func visitViews(list []domain.Visit, loc *time.Location) []visitView {
	out := make([]visitView, 0, len(list))
	for _, v := range list {
		vv := visitView{ID: v.ID, Times: v.Times, Note: v.Note, Reply: v.Reply, Asked: stamp(v.CreatedAt), Open: v.Status == domain.VisitRequested}
		switch v.Status {
		case domain.VisitRequested:
			vv.Status = "Asked, waiting for an answer"
		case domain.VisitAccepted:
			vv.Status = "Booked"
			if v.At != nil {
				vv.When = v.At.In(loc).Format("Monday 2 January 2006 at 15:04 MST") + " (" + strconv.Itoa(v.Minutes) + " minutes)"
			}
		case domain.VisitDeclined:
			vv.Status = "Not booked"
		}
		out = append(out, vv)
	}
	return out
}

// patientTalk is the thread and visits on the patient's own result page,
// when the result is theirs and shared with a clinic they are a patient
// of; nil otherwise. Reading the thread is audited and marks the clinic's
// messages read.
func (u *ui) patientTalk(r *http.Request, rv *app.ResultView, id string, loc *time.Location) *talkView {
	if !rv.Mine || rv.ClinicID == "" || u.s.Messages == nil {
		return nil
	}
	a := actorOf(r)
	th, err := u.s.Messages.Thread(r.Context(), a, rv.ClinicID, a.UserID)
	if err != nil {
		return nil // no longer the clinic's patient: no thread here
	}
	tv := &talkView{Post: "/messages/" + url.PathEscape(rv.ClinicID), Back: "/r/" + id, Unread: th.Unread, ClinicID: rv.ClinicID,
		About:     []reasonOption{{Value: "", Label: "Nothing in particular"}, {Value: domain.RefResult + ":" + id, Label: "This result and its plan"}},
		VisitPost: "/r/" + id + "/visit", Suggest: rv.Result.Disposition == clinical.SeeClinician, Form: newForm(nil),
		Emergency: u.emergencyNumber()}
	tv.Messages = u.messageViews(th.Messages, false, func(who string) string {
		if who == a.UserID {
			return "You"
		}
		return "Your clinic"
	})
	if list, err := u.s.Visits.Mine(r.Context(), a); err == nil {
		var mine []domain.Visit
		for _, v := range list {
			if v.ClinicID == rv.ClinicID {
				mine = append(mine, v)
			}
		}
		tv.Visits = visitViews(mine, loc)
	}
	return tv
}

// chartTalk is the thread and visit requests in a patient's chart.
func (u *ui) chartTalk(r *http.Request, c *app.Chart, clinicID string, who func(string) string) *talkView {
	if u.s.Messages == nil {
		return nil
	}
	a := actorOf(r)
	th, err := u.s.Messages.Thread(r.Context(), a, clinicID, c.Patient.ID)
	if err != nil {
		return nil
	}
	base := patientPath(clinicID, c.Patient.ID)
	tv := &talkView{Post: base + "/messages", Back: base, Unread: th.Unread, Staff: true, ClinicID: clinicID, Form: newForm(nil), TZ: "UTC",
		About: []reasonOption{{Value: "", Label: "Nothing in particular"}}}
	if cur := c.Current(); cur != nil {
		tv.About = append(tv.About, reasonOption{Value: domain.RefProgram + ":" + cur.ID, Label: "Their exercise program"})
	}
	for _, a := range u.library().Articles() {
		tv.About = append(tv.About, reasonOption{Value: domain.RefArticle + ":" + a.ID, Label: "The article “" + a.Title + "”"})
	}
	tv.Messages = u.messageViews(th.Messages, true, who)
	loc := time.UTC
	if len(c.Assessments) > 0 {
		if l, err := clinical.LoadLocation(c.Assessments[len(c.Assessments)-1].TZ); err == nil {
			loc, tv.TZ = l, c.Assessments[len(c.Assessments)-1].TZ
		}
	}
	if list, err := u.s.Visits.OfClinic(r.Context(), a, clinicID, c.Patient.ID); err == nil {
		tv.Visits = visitViews(list, loc)
	}
	return tv
}

// messageForm reads a message form: text, and about ("kind:id", or the
// ref_kind and ref_id fields).
func messageForm(f *form) app.MessageInput {
	in := app.MessageInput{Text: f.Get("text"), RefKind: f.Get("ref_kind"), RefID: f.Get("ref_id")}
	if kind, id, ok := strings.Cut(f.Get("about"), ":"); ok {
		in.RefKind, in.RefID = kind, id
	}
	return in
}

// messageRefused shows a refused message again, its text kept, with why.
func (u *ui) messageRefused(w http.ResponseWriter, r *http.Request, err error, f *form, back string) {
	if !showProblems(f, err, map[string]string{"text": "Your message", "ref_id": "What it is about", "ref_kind": "What it is about"}) {
		u.failOrSignIn(w, r, err, back)
		return
	}
	tv := &talkView{Post: r.URL.Path, Back: back, Form: f, Emergency: u.emergencyNumber(), Staff: !strings.HasPrefix(r.URL.Path, "/messages/")}
	u.render(w, r, ErrorStatus(err), "message", page{Title: "Error: your message is not sent", Section: "account", Private: true, Data: tv})
}

// patientSend is POST /messages/{clinic}: the patient writes to their clinic.
func (u *ui) patientSend(w http.ResponseWriter, r *http.Request) {
	back := safeNext(r.FormValue("back"), "/account")
	f, ok := u.signedInForm(w, r, back)
	if !ok {
		return
	}
	in := messageForm(f)
	if _, err := u.s.Messages.Send(r.Context(), actorOf(r), r.PathValue("clinic"), actorOf(r).UserID, in); err != nil {
		u.messageRefused(w, r, err, f, back)
		return
	}
	http.Redirect(w, r, back+"?note=message-sent#messages", http.StatusSeeOther)
}

// staffSend is POST /clinic/{clinic}/patients/{patient}/messages.
func (u *ui) staffSend(w http.ResponseWriter, r *http.Request) {
	cid, pid := r.PathValue("clinic"), r.PathValue("patient")
	back := patientPath(cid, pid)
	f, ok := u.signedInForm(w, r, back)
	if !ok {
		return
	}
	in := messageForm(f)
	if _, err := u.s.Messages.Send(r.Context(), actorOf(r), cid, pid, in); err != nil {
		u.messageRefused(w, r, err, f, back)
		return
	}
	http.Redirect(w, r, back+"?note=reply-sent#messages", http.StatusSeeOther)
}

// requestVisit is POST /r/{id}/visit: times, note.
func (u *ui) requestVisit(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	back := "/r/" + url.PathEscape(id)
	f, ok := u.signedInForm(w, r, back)
	if !ok {
		return
	}
	if _, err := u.s.Visits.Request(r.Context(), actorOf(r), id, app.VisitRequest{Times: f.Get("times"), Note: f.Get("note")}); err != nil {
		if !showProblems(f, err, map[string]string{"times": "When suits you", "note": "Your note"}) {
			u.failOrSignIn(w, r, err, back)
			return
		}
		tv := &talkView{VisitPost: r.URL.Path, Back: back, Form: f, Emergency: u.emergencyNumber()}
		u.render(w, r, ErrorStatus(err), "message", page{Title: "Error: your request is not sent", Section: "account", Private: true, Data: tv})
		return
	}
	http.Redirect(w, r, back+"?note=visit-requested#visits", http.StatusSeeOther)
}

// answerVisit is POST /clinic/{clinic}/visits/{visit}/answer: decision
// (accept or decline), at (a date and time in the patient's zone, tz),
// minutes, reply, back (the chart).
func (u *ui) answerVisit(w http.ResponseWriter, r *http.Request) {
	cid, vid := r.PathValue("clinic"), r.PathValue("visit")
	back := safeNext(r.FormValue("back"), "/clinic/"+url.PathEscape(cid)+"/patients")
	f, ok := u.signedInForm(w, r, back)
	if !ok {
		return
	}
	in := app.VisitAnswer{Accept: f.Get("decision") == "accept", Reply: f.Get("reply")}
	if m := f.Get("minutes"); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil {
			u.errorPage(w, r, http.StatusUnprocessableEntity, "Please check the answer", "The length of the visit must be a number of minutes. Go back and try again.")
			return
		}
		in.Minutes = n
	}
	if in.Accept && f.Get("at") != "" {
		loc, err := clinical.LoadLocation(f.Get("tz"))
		if err != nil || f.Get("tz") == "" {
			loc = time.UTC
		}
		at, err := time.ParseInLocation("2006-01-02T15:04", f.Get("at"), loc)
		if err != nil {
			u.errorPage(w, r, http.StatusUnprocessableEntity, "Please check the answer", "The visit's time must be a date and time. Go back and try again.")
			return
		}
		in.At = at
	}
	if _, err := u.s.Visits.Answer(r.Context(), actorOf(r), cid, vid, in); err != nil {
		if domain.ErrorCode(err) == domain.EInvalid || domain.ErrorCode(err) == domain.EConflict {
			msg := "The answer was not saved. Go back and try again."
			var de *domain.Error
			if errors.As(err, &de) {
				msg = de.Message
				for _, p := range de.Problems {
					msg += " " + visitAnswerLabels[p.Field] + " " + p.Problem + "."
				}
			}
			u.errorPage(w, r, ErrorStatus(err), "Please check the answer", msg)
			return
		}
		u.failOrSignIn(w, r, err, back)
		return
	}
	http.Redirect(w, r, back+"?note=visit-answered#visits", http.StatusSeeOther)
}

var visitAnswerLabels = map[string]string{"at": "The time", "minutes": "The length", "reply": "The message"}

// educationLines words the chart's "education assigned and read": the
// program's articles and those assigned from the chart, each opened or
// not and when (one record of reading for both), and the library to
// assign from.
func (u *ui) educationLines(c *app.Chart) (lines []string, all []reasonOption) {
	seen := map[string]bool{}
	add := func(id, from string) {
		art, ok := u.library().Article(id)
		if !ok || seen[id] {
			return
		}
		seen[id] = true
		line := art.Title + " (" + from + "): not opened yet"
		if at, read := c.Read[id]; read {
			line = art.Title + " (" + from + "): opened " + stamp(at)
		}
		lines = append(lines, line)
	}
	if cur := c.Current(); cur != nil {
		for _, id := range cur.Program.Articles {
			add(id, "in the program")
		}
	}
	for _, a := range c.Education {
		add(a.ArticleID, "assigned "+a.AssignedAt.UTC().Format("2 Jan"))
	}
	for _, a := range u.library().Articles() {
		all = append(all, reasonOption{Value: a.ID, Label: a.Title, Selected: seen[a.ID]})
	}
	return lines, all
}

// assignArticles is POST /clinic/{clinic}/patients/{patient}/articles
// (articles, in the order ticked).
func (u *ui) assignArticles(w http.ResponseWriter, r *http.Request) {
	cid, pid := r.PathValue("clinic"), r.PathValue("patient")
	back := patientPath(cid, pid)
	f, ok := u.signedInForm(w, r, back)
	if !ok {
		return
	}
	if _, err := u.s.Patients.AssignArticles(r.Context(), actorOf(r), cid, pid, f.values["articles"]); err != nil {
		if domain.ErrorCode(err) == domain.EInvalid {
			u.errorPage(w, r, ErrorStatus(err), "Please choose the articles", "Tick at least one article to assign, then try again.")
			return
		}
		u.failOrSignIn(w, r, err, back)
		return
	}
	http.Redirect(w, r, back+"?note=articles-assigned#education-h", http.StatusSeeOther)
}

// assignedReading is the reading the patient's clinic assigned from the
// chart, for "Today"; nil when none or on error (the plan still shows).
func (u *ui) assignedReading(r *http.Request, clinicID string) []readingView {
	if clinicID == "" {
		return nil
	}
	list, err := u.s.Programs.MyReading(r.Context(), actorOf(r))
	if err != nil {
		return nil
	}
	var out []readingView
	for _, x := range list {
		if x.ClinicID != clinicID {
			continue
		}
		if a, ok := u.library().Article(x.ArticleID); ok {
			rv := readingView{ID: a.ID, Title: a.Title}
			if x.ReadAt != nil {
				rv.Read = stamp(*x.ReadAt)
			}
			out = append(out, rv)
		}
	}
	return out
}
