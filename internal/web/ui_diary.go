package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"unknot/internal/app"
	"unknot/internal/chart"
	"unknot/internal/clinical"
	"unknot/internal/diary"
	"unknot/internal/domain"
)

// doneChoices are the plan's kinds of item a person ticks as done.
var doneChoices = []struct{ Word, Label string }{
	{"exercise", "The stretches and exercises"},
	{"release", "Ball, roller or self-massage"},
	{"ice", "Ice"},
	{"heat", "Heat"},
	{"break", "Movement breaks"},
	{"water", "Drinking water through the day"},
	{"breathing", "Breathing practice"},
}

// diaryView is the diary page's data.
type diaryView struct {
	Form      *form
	ID        string
	Today     string
	First     string
	Trend     diary.Trend
	Entries   []diary.Entry
	Charts    []chartView
	Questions []diary.Question
	Done      []struct{ Word, Label string }
	// Advice is shown after a check-in that changes the advice.
	Advice *adviceView
	// Editing: today's check-in is shown to change.
	Editing bool
	// Staff is a clinic's reader: the diary without the patient's own
	// check-in form, which only the patient may send.
	Staff bool
}

type chartView struct {
	SVG   template.HTML
	Table template.HTML
	Title string
}

type adviceView struct {
	// Disposition colours the box as the result page colours the same
	// advice.
	Disposition clinical.Disposition
	Heading     string
	Text        string
	Because     []string
}

// diaryPage is GET /r/{id}/diary: the trend, the charts and today's check-in.
func (u *ui) diaryPage(w http.ResponseWriter, r *http.Request) {
	u.renderDiary(w, r, http.StatusOK, newForm(nil), nil)
}

func (u *ui) renderDiary(w http.ResponseWriter, r *http.Request, status int, f *form, advice *adviceView) {
	id := r.PathValue("id")
	d, err := u.s.Diary.View(r.Context(), actorOf(r), id)
	if err != nil {
		u.failOrSignIn(w, r, err, "/r/"+id+"/diary")
		return
	}
	v := diaryView{Form: f, ID: id, Today: d.Today, First: d.First, Trend: d.Trend, Entries: d.Entries, Questions: d.Questions,
		Done: doneChoices, Advice: advice, Staff: d.OwnerID == "" || d.OwnerID != actorOf(r).UserID}
	for _, c := range d.Charts {
		v.Charts = append(v.Charts, chartView{Title: c.Title, SVG: template.HTML(chart.Line(c)),
			Table: template.HTML(chart.TableOf(c).HTML())})
	}
	if len(f.values) == 0 && !v.Staff {
		// Today's check-in is there already: the form shows it to change
		// (saving replaces it), never a blank form that silently overwrites.
		for _, e := range v.Entries {
			if e.Date == d.Today {
				f, v.Editing = entryForm(e), true
				v.Form = f
			}
		}
	}
	// Newest first on the page.
	for i, j := 0, len(v.Entries)-1; i < j; i, j = i+1, j-1 {
		v.Entries[i], v.Entries[j] = v.Entries[j], v.Entries[i]
	}
	title := "Your daily check-in"
	if v.Staff {
		title = "The patient's diary"
	}
	if f.HasErrors() {
		title = "Error: " + title
	}
	u.render(w, r, status, "diary", page{Title: title, Section: "check", Private: true, Data: v})
}

// diaryCheckIn is POST /r/{id}/diary: today's check-in. A new red flag
// re-runs triage at once and an emergency shows the emergency page.
func (u *ui) diaryCheckIn(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := r.ParseForm(); err != nil {
		u.errorPage(w, r, http.StatusBadRequest, "We could not read the form", "Please go back and try again.")
		return
	}
	f := newForm(r.PostForm)
	e := diary.Entry{Date: f.Get("date"), SleepDisturbed: false}
	for _, s := range []struct {
		name string
		dst  *int
	}{{"pain_now", &e.PainNow}, {"pain_worst", &e.PainWorst}, {"stiffness", &e.Stiffness}, {"activity", &e.Activity}} {
		if p := f.scale(s.name, true); p != nil {
			*s.dst = *p
		}
	}
	if yes, ok := f.yesNo("sleep_disturbed"); ok {
		e.SleepDisturbed = yes
	}
	e.Done = f.list("done")
	e.RedFlags = checkInFlags(f)
	if f.Get("flags") != "none" {
		// The warning signs are asked one by one unless "none of these"
		// was chosen.
		for _, q := range diary.RedFlagQuestions() {
			f.yesNo("flag." + q.Word)
		}
	}
	if f.HasErrors() {
		// An emergency sign stops the check-in even with answers missing
		// (the stop without JavaScript).
		if len(e.RedFlags) > 0 {
			st, err := u.s.Diary.StopCheckIn(r.Context(), actorOf(r), id, e.RedFlags)
			if err != nil {
				u.failOrSignIn(w, r, err, "/r/"+id+"/diary")
				return
			}
			if st.Emergency {
				u.renderEmergency(w, r, st.Result, "/r/"+st.Result.ID)
				return
			}
		}
		u.renderDiary(w, r, http.StatusUnprocessableEntity, f, nil)
		return
	}
	res, err := u.s.Diary.CheckIn(r.Context(), actorOf(r), id, e)
	if err != nil {
		var de *domain.Error
		if errors.As(err, &de) && (de.Code == domain.EInvalid || de.Code == domain.EConflict) && len(de.Problems) > 0 {
			for _, p := range de.Problems {
				f.fail(p.Field, "This answer could not be accepted: it "+p.Problem+".")
			}
			u.renderDiary(w, r, http.StatusUnprocessableEntity, f, nil)
			return
		}
		u.failOrSignIn(w, r, err, "/r/"+id+"/diary")
		return
	}
	u.afterCheckIn(w, r, id, res)
}

// afterCheckIn shows what the check-in means: an emergency page, the
// advice to see someone, or the diary with the trend.
func (u *ui) afterCheckIn(w http.ResponseWriter, r *http.Request, id string, res app.CheckinResult) {
	if res.Retriage != nil && res.Disposition == clinical.Emergency {
		u.renderEmergency(w, r, *res.Retriage, "/r/"+res.Retriage.ID)
		return
	}
	if res.Disposition != "" && res.Disposition != clinical.SelfCareOnly {
		a := &adviceView{Disposition: res.Disposition, Heading: dispositionTitle(res.Disposition), Text: res.Escalation.Advice, Because: res.Escalation.Because}
		if res.Retriage != nil {
			a.Text = res.Retriage.Action
			for _, reason := range res.Retriage.Reasons {
				if reason.Disposition.Rank() > clinical.SelfCareOnly.Rank() {
					a.Because = append(a.Because, reason.Text)
				}
			}
		}
		u.renderDiary(w, r, http.StatusOK, newForm(nil), a)
		return
	}
	http.Redirect(w, r, "/r/"+id+"/diary?note=checked-in#trend", http.StatusSeeOther)
}

// scoreWords says a 0–10 number the way the diary table shows it.
func scoreWords(n int) string { return strconv.Itoa(n) + " of 10" }

// entryForm is a recorded check-in as the form's answers.
func entryForm(e diary.Entry) *form {
	v := url.Values{"date": {e.Date}, "pain_now": {strconv.Itoa(e.PainNow)}, "pain_worst": {strconv.Itoa(e.PainWorst)},
		"stiffness": {strconv.Itoa(e.Stiffness)}, "activity": {strconv.Itoa(e.Activity)}, "done": e.Done}
	v.Set("sleep_disturbed", "no")
	if e.SleepDisturbed {
		v.Set("sleep_disturbed", "yes")
	}
	if len(e.RedFlags) == 0 {
		v.Set("flags", "none")
	}
	for _, q := range diary.RedFlagQuestions() {
		a := "no"
		if slices.Contains(e.RedFlags, q.Word) {
			a = "yes"
		}
		v.Set("flag."+q.Word, a)
	}
	return newForm(v)
}
