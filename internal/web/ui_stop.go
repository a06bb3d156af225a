package web

import (
	"net/http"

	"unknot/internal/app"
	"unknot/internal/clinical"
	"unknot/internal/diary"
)

// The stop at the first emergency answer. With JavaScript, the wizard and
// the daily check-in post the answers so far here whenever a warning sign is
// answered Yes; the server runs the protocol in force on them (not a copy
// in the page) and answers {"emergency": true, "location": "/r/…"} when
// they already make an emergency, and the page goes there at once. Without
// JavaScript the same check runs when the form is sent (stopOnSubmit), so
// an emergency is never held back by an answer still missing elsewhere.

// stopAnswer is the JSON answer of the stop endpoints.
type stopAnswer struct {
	Emergency bool   `json:"emergency"`
	Location  string `json:"location,omitempty"`
}

// checkStop is POST /check/stop: the wizard's answers so far.
func (u *ui) checkStop(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		u.s.writeJSON(w, r, http.StatusBadRequest, stopAnswer{})
		return
	}
	f := newForm(r.PostForm)
	f.defaultTZ = u.s.DefaultTZ
	in := parseCheck(f, u.s.now())
	st, err := u.s.Assessments.Stop(r.Context(), actorOf(r), in)
	if err != nil {
		u.s.writeError(w, r, err)
		return
	}
	u.writeStop(w, r, st)
}

// diaryStop is POST /r/{id}/diary/stop: the check-in's red flags so far.
func (u *ui) diaryStop(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		u.s.writeJSON(w, r, http.StatusBadRequest, stopAnswer{})
		return
	}
	st, err := u.s.Diary.StopCheckIn(r.Context(), actorOf(r), r.PathValue("id"), checkInFlags(newForm(r.PostForm)))
	if err != nil {
		u.s.writeError(w, r, err)
		return
	}
	u.writeStop(w, r, st)
}

func (u *ui) writeStop(w http.ResponseWriter, r *http.Request, st app.Stopped) {
	w.Header().Set("Cache-Control", "private, no-store")
	a := stopAnswer{Emergency: st.Emergency}
	if st.Emergency && st.Result.ID != "" {
		a.Location = "/r/" + st.Result.ID
	}
	u.s.writeJSON(w, r, http.StatusOK, a)
}

// checkInFlags are the red flags answered Yes on a check-in form.
func checkInFlags(f *form) []string {
	var out []string
	for _, q := range diary.RedFlagQuestions() {
		if f.Get("flag."+q.Word) == "yes" {
			out = append(out, q.Word)
		}
	}
	return out
}

// stopOnSubmit is the stop without JavaScript: a wizard sent with answers
// missing or refused is still triaged on what it holds, and an emergency
// goes to the emergency page (stored, when the answers so far are a valid
// input) instead of back to the questions. It reports whether it answered.
func (u *ui) stopOnSubmit(w http.ResponseWriter, r *http.Request, in clinical.Input) bool {
	st, err := u.s.Assessments.Stop(r.Context(), actorOf(r), in)
	if err != nil {
		u.fail(w, r, err)
		return true
	}
	if !st.Emergency {
		return false
	}
	if st.Result.ID != "" {
		http.Redirect(w, r, "/r/"+st.Result.ID, http.StatusSeeOther)
		return true
	}
	u.renderEmergency(w, r, st.Result, "")
	return true
}

// renderEmergency shows the emergency page for a result; link is its
// private link ("" when it could not be stored).
func (u *ui) renderEmergency(w http.ResponseWriter, r *http.Request, res clinical.Result, link string) {
	v := resultView{Result: res, Heading: dispositionTitle(clinical.Emergency), Urgent: true, Link: link,
		Made: madeAt(res)}
	u.render(w, r, http.StatusOK, "emergency", page{Title: v.Heading, Bare: true, Private: true, Data: v})
}
