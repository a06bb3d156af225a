package web

// Session notes: a new draft from a visit type's template, the draft's
// form (findings, interventions with details, referral, plan, free text),
// signing, and addenda to a signed note, which is shown but never changes.

import (
	"net/http"
	"net/url"
	"strconv"

	"unknot/internal/app"
	"unknot/internal/notes"
)

// findingRows is how many empty finding rows a draft offers for adding.
const findingRows = 2

type noteView struct {
	ClinicID      string
	Note          *notes.Note
	Form          *form
	Visit         string
	VisitTypes    []reasonOption
	Muscles       []reasonOption
	Findings      []string
	Interventions []interventionView
	Addendum      *form
	Author        string
	// Addenda are the note's addenda with their authors in words.
	Addenda []addendumView
}

type addendumView struct{ At, By, Text string }

type interventionView struct {
	Kind, Label, Details string
	Done                 bool
}

func notePath(clinicID, id string) string {
	return "/clinic/" + url.PathEscape(clinicID) + "/notes/" + url.PathEscape(id)
}

// noteValues lays a note out as the draft form's answers.
func noteValues(n *notes.Note) url.Values {
	b := n.Body
	v := url.Values{"date": {n.Date}, "duration_minutes": {strconv.Itoa(n.DurationMinutes)}, "visit_type": {b.VisitType},
		"range_of_motion": {b.RangeOfMotion}, "referral": {b.Referral}, "referral_note": {b.ReferralNote},
		"plan_next": {b.PlanNext}, "text": {b.Text}}
	if b.PainBefore != nil {
		v.Set("pain_before", strconv.Itoa(*b.PainBefore))
	}
	if b.PainAfter != nil {
		v.Set("pain_after", strconv.Itoa(*b.PainAfter))
	}
	for i, f := range b.Findings {
		k := "find." + strconv.Itoa(i) + "."
		v.Set(k+"muscle", f.Muscle)
		v.Set(k+"side", f.Side)
		for name, on := range map[string]bool{"tp": f.TriggerPoint, "band": f.TautBand, "referred": f.ReferredPain} {
			if on {
				v.Set(k+name, "yes")
			}
		}
		v.Set(k+"note", f.Note)
	}
	for _, in := range b.Interventions {
		v.Add("iv", in.Kind)
		v.Set("iv."+in.Kind, in.Details)
	}
	return v
}

// parseNote reads the draft form.
func parseNote(f *form) app.NoteInput {
	in := app.NoteInput{Date: f.Get("date")}
	in.DurationMinutes, _ = f.int("duration_minutes", "Enter the minutes as a whole number.")
	b := notes.Body{VisitType: f.Get("visit_type"), RangeOfMotion: f.Get("range_of_motion"), Referral: f.Get("referral"),
		ReferralNote: f.Get("referral_note"), PlanNext: f.Get("plan_next"), Text: f.Get("text"),
		PainBefore: f.optInt("pain_before"), PainAfter: f.optInt("pain_after"),
		Findings: []notes.Finding{}, Interventions: []notes.Intervention{}}
	for i := range notes.MaxFindings {
		k := "find." + strconv.Itoa(i) + "."
		if f.Get(k+"muscle") == "" {
			continue
		}
		b.Findings = append(b.Findings, notes.Finding{Muscle: f.Get(k + "muscle"), Side: f.Get(k + "side"),
			TriggerPoint: f.Get(k+"tp") == "yes", TautBand: f.Get(k+"band") == "yes", ReferredPain: f.Get(k+"referred") == "yes",
			Note: f.Get(k + "note")})
	}
	for _, kind := range notes.Interventions {
		if f.Has("iv", kind) {
			b.Interventions = append(b.Interventions, notes.Intervention{Kind: kind, Details: f.Get("iv." + kind)})
		}
	}
	in.Body = b
	return in
}

// noteCreate is POST /clinic/{clinic}/patients/{patient}/notes (visit_type):
// a new draft from the visit type's template.
func (u *ui) noteCreate(w http.ResponseWriter, r *http.Request) {
	cid, pid := r.PathValue("clinic"), r.PathValue("patient")
	f, ok := u.signedInForm(w, r, patientPath(cid, pid))
	if !ok {
		return
	}
	n, err := u.s.Notes.Create(r.Context(), actorOf(r), cid, pid, app.NoteInput{Template: f.Get("visit_type")})
	if err != nil {
		u.failOrSignIn(w, r, err, patientPath(cid, pid))
		return
	}
	http.Redirect(w, r, notePath(cid, n.ID), http.StatusSeeOther)
}

// notePage is GET /clinic/{clinic}/notes/{note}.
func (u *ui) notePage(w http.ResponseWriter, r *http.Request) {
	u.renderNote(w, r, http.StatusOK, nil, nil)
}

func (u *ui) renderNote(w http.ResponseWriter, r *http.Request, status int, f, addendum *form) {
	a, cid, id := actorOf(r), r.PathValue("clinic"), r.PathValue("note")
	if a.Anonymous() {
		toSignIn(w, r, notePath(cid, id))
		return
	}
	n, err := u.s.Notes.Get(r.Context(), a, cid, id)
	if err != nil {
		u.failOrSignIn(w, r, err, notePath(cid, id))
		return
	}
	if f == nil {
		f = newForm(noteValues(n))
	}
	if addendum == nil {
		addendum = newForm(nil)
	}
	v := noteView{ClinicID: cid, Note: n, Form: f, Addendum: addendum, Visit: visitLabel(n.Body.VisitType), Author: n.AuthorID}
	if n.AuthorID == a.UserID {
		v.Author = "you"
	}
	for _, ad := range n.Addenda {
		by := "another member of staff (" + ad.AuthorID + ")"
		if ad.AuthorID == a.UserID {
			by = "you"
		}
		v.Addenda = append(v.Addenda, addendumView{At: stamp(ad.At), By: by, Text: ad.Text})
	}
	for _, t := range notes.VisitTypeOrder {
		v.VisitTypes = append(v.VisitTypes, reasonOption{Value: t, Label: notes.VisitTypes[t].Label, Selected: f.Get("visit_type") == t})
	}
	for _, m := range notes.Muscles {
		v.Muscles = append(v.Muscles, reasonOption{Value: m, Label: muscleLabel(m)})
	}
	rows := len(n.Body.Findings) + findingRows
	for i := range rows {
		v.Findings = append(v.Findings, strconv.Itoa(i))
	}
	for _, kind := range notes.Interventions {
		v.Interventions = append(v.Interventions, interventionView{Kind: kind, Label: notes.InterventionLabels[kind],
			Details: f.Get("iv." + kind), Done: f.Has("iv", kind)})
	}
	title := "Session note " + n.Date
	if f.HasErrors() || addendum.HasErrors() {
		title = "Error: " + title
	}
	u.render(w, r, status, "note", page{Title: title, Section: "account", Private: true, Wide: true, Data: v})
}

// muscleLabel names a muscle in a therapist's words, or by its word.
func muscleLabel(m string) string {
	if l, ok := notes.MuscleLabels[m]; ok {
		return l
	}
	return m
}

var noteLabels = map[string]string{"date": "The date", "duration_minutes": "The length", "visit_type": "The visit type",
	"pain_before": "Pain before", "pain_after": "Pain after", "referral": "The referral", "text": "The text"}

// noteSave is POST /clinic/{clinic}/notes/{note}: the draft changes. A
// signed note is refused (409) and shown as it is.
func (u *ui) noteSave(w http.ResponseWriter, r *http.Request) {
	cid, id := r.PathValue("clinic"), r.PathValue("note")
	f, ok := u.signedInForm(w, r, notePath(cid, id))
	if !ok {
		return
	}
	in := parseNote(f)
	if f.HasErrors() {
		u.renderNote(w, r, http.StatusUnprocessableEntity, f, nil)
		return
	}
	if _, err := u.s.Notes.Update(r.Context(), actorOf(r), cid, id, in); err != nil {
		if !showProblems(f, err, noteLabels) {
			u.failOrSignIn(w, r, err, notePath(cid, id))
			return
		}
		u.renderNote(w, r, ErrorStatus(err), f, nil)
		return
	}
	http.Redirect(w, r, notePath(cid, id)+"?note=note-saved", http.StatusSeeOther)
}

// noteSign is POST /clinic/{clinic}/notes/{note}/sign.
func (u *ui) noteSign(w http.ResponseWriter, r *http.Request) {
	cid, id := r.PathValue("clinic"), r.PathValue("note")
	u.signedInAction(w, r, notePath(cid, id), func() error {
		_, err := u.s.Notes.Sign(r.Context(), actorOf(r), cid, id)
		return err
	}, "note-signed")
}

// noteAddendum is POST /clinic/{clinic}/notes/{note}/addenda (text).
func (u *ui) noteAddendum(w http.ResponseWriter, r *http.Request) {
	cid, id := r.PathValue("clinic"), r.PathValue("note")
	f, ok := u.signedInForm(w, r, notePath(cid, id))
	if !ok {
		return
	}
	if _, err := u.s.Notes.AddAddendum(r.Context(), actorOf(r), cid, id, f.Get("text")); err != nil {
		if !showProblems(f, err, map[string]string{"text": "The addendum"}) {
			u.failOrSignIn(w, r, err, notePath(cid, id))
			return
		}
		u.renderNote(w, r, ErrorStatus(err), nil, f)
		return
	}
	http.Redirect(w, r, notePath(cid, id)+"?note=addendum-added", http.StatusSeeOther)
}
