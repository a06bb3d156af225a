package web

import (
	"errors"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"

	"unknot/internal/app"
	"unknot/internal/chart"
	"unknot/internal/domain"
	"unknot/internal/outcome"
)

// outcomesView is the outcomes page's data.
type outcomesView struct {
	ID string
	// Staff is a clinic's reader: the answers without the patient's own
	// forms, which only the patient may send.
	Staff    bool
	Today    string
	Sections []outcomeSection
	// Errors are the problems of the form that was sent, for the summary.
	Errors []fieldError
	// Saved is the title of the form just saved, if any.
	Saved string
}

// outcomeSection is one instrument on the page.
type outcomeSection struct {
	ID, Title, Instruction, Licence string
	Ready                           bool
	// Open shows the form unfolded: it is due, or was sent with problems.
	Open       bool
	DueText    string
	ChangeText string
	History    []outcomeRow
	Chart      *chartView
	Items      []outcomeItem
	Form       *form
	// Err is a problem with the whole form (not enough answers, or the
	// wording is missing).
	Err string
}

type outcomeRow struct{ Date, Score string }

// outcomeItem is one question of an instrument's form.
type outcomeItem struct {
	Name     string // the number or the chosen answer
	TextName string // the activity, for a question in the person's own words
	Label    string
	Hint     string
	Scale    bool // a 0–10 number
	Options  []outcome.Option
	Required bool
}

// outcomesPage is GET /r/{id}/outcomes: what is due, the history and the
// charts, and a form for each instrument that is ready.
func (u *ui) outcomesPage(w http.ResponseWriter, r *http.Request) {
	u.renderOutcomes(w, r, http.StatusOK, "", nil)
}

func (u *ui) renderOutcomes(w http.ResponseWriter, r *http.Request, status int, sent string, f *form) {
	id := r.PathValue("id")
	v, err := u.s.Outcomes.View(r.Context(), actorOf(r), id)
	if err != nil {
		u.failOrSignIn(w, r, err, "/r/"+id+"/outcomes")
		return
	}
	ov := outcomesView{ID: id, Today: v.Today, Staff: v.OwnerID == "" || v.OwnerID != actorOf(r).UserID}
	for _, got := range v.Instruments {
		in := got.Instrument
		sec := outcomeSection{ID: in.ID, Title: in.Title, Instruction: in.Instruction, Licence: in.Licence, Ready: in.Ready,
			DueText: dueText(got), ChangeText: changeText(got), Form: newForm(nil), Open: got.DueNow}
		if in.ID == sent && f != nil {
			sec.Form, sec.Open = f, true
			sec.Err = f.Err(in.ID)
			ov.Errors = f.Errors()
		}
		for i := len(got.History) - 1; i >= 0; i-- {
			h := got.History[i]
			sec.History = append(sec.History, outcomeRow{Date: h.Date, Score: h.Score.Label()})
		}
		if len(got.History) > 0 {
			sec.Chart = &chartView{Title: got.Chart.Title, SVG: template.HTML(chart.Line(got.Chart)),
				Table: template.HTML(chart.TableOf(got.Chart).HTML())}
		}
		if in.Ready {
			sec.Items = formItems(in.Instrument)
			// Rate the same activities as last time: their names are filled in.
			if sec.Form != f && len(got.History) > 0 {
				for _, a := range got.History[len(got.History)-1].Answers {
					if a.Text != "" {
						sec.Form.values.Set(in.ID+"."+a.LinkID+".text", a.Text)
					}
				}
			}
		}
		if r.URL.Query().Get("saved") == in.ID {
			ov.Saved = in.Title
		}
		if !in.Ready && !ov.Staff && len(got.History) == 0 && in.ID != sent {
			// A licensed form the clinic has not set up: nothing a
			// patient can do with it, so it is not shown to them.
			continue
		}
		ov.Sections = append(ov.Sections, sec)
	}
	title := "Check your progress"
	if f != nil && f.HasErrors() {
		title = "Error: " + title
	}
	u.render(w, r, status, "outcomes", page{Title: title, Section: "check", Private: true, Data: ov})
}

// formItems lays out an instrument's questions as form fields named
// "instrument.linkId" (and "instrument.linkId.text" for an activity).
func formItems(in outcome.Instrument) []outcomeItem {
	items := make([]outcomeItem, len(in.Items))
	n := 0
	for i, it := range in.Items {
		oi := outcomeItem{Name: in.ID + "." + it.LinkID, Label: it.Text, Required: it.Required,
			Scale: it.Type == outcome.TypeInteger && *it.Min == 0 && *it.Max == 10, Options: it.Options}
		if it.OwnWords {
			n++
			oi.TextName = oi.Name + ".text"
			oi.Label = "Activity " + strconv.Itoa(n)
			oi.Hint = "How well can you do it now? 0 means not at all. 10 means as well as before."
			if !it.Required {
				oi.Label += " (if you want to add one)"
			}
		}
		items[i] = oi
	}
	return items
}

// dueText says when an instrument is due, in plain words.
func dueText(got app.InstrumentOutcomes) string {
	switch {
	case !got.Instrument.Ready:
		return "Not in use yet: this form " + app.NotReadyText + "."
	case got.DueNow && len(got.History) == 0:
		return "Due now: please fill this in to set your starting point."
	case got.DueNow:
		return "Due now: please fill this in again."
	case got.DueDate != "":
		return "Next due on " + dayWords(got.DueDate) + "."
	}
	return "Nothing is due."
}

// changeText says how the latest score compares with the first, in plain
// words.
func changeText(got app.InstrumentOutcomes) string {
	n := len(got.History)
	if n == 0 {
		return ""
	}
	last := got.History[n-1].Score
	if n == 1 || got.Change == nil {
		if last.Instrument == "startback" {
			return "Your latest score is " + last.Label() + "."
		}
		return "Your first score is " + last.Label() + ". Next time we compare with it."
	}
	c := got.Change
	pts := strconv.FormatFloat(math.Abs(c.Points), 'f', -1, 64)
	dir := "up"
	if c.Points < 0 {
		dir = "down"
	}
	move := dir + " " + pts + " from " + got.History[0].Score.Label() + " at the start."
	switch c.Status {
	case outcome.Better:
		return "Better: " + move + " That is a real change."
	case outcome.Worse:
		return "Worse: " + move + " That is a real change. Tell your clinician."
	case outcome.Same:
		return "About the same: " + strings.Replace(move, dir+" "+pts, "a change of "+pts, 1) + " That is too small to count."
	}
	return "Your latest score is " + last.Label() + "."
}

// outcomesRecord is POST /r/{id}/outcomes: one form, scored and saved.
func (u *ui) outcomesRecord(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	f, ok := u.readForm(w, r)
	if !ok {
		return
	}
	instID := f.Get("instrument")
	info, err := u.s.Outcomes.Instrument(r.Context(), instID)
	if err != nil {
		u.errorPage(w, r, http.StatusUnprocessableEntity, "We could not read the form", "Please go back and try again.")
		return
	}
	var answers []outcome.Answer
	for _, it := range info.Items {
		name := instID + "." + it.LinkID
		raw, text := f.Get(name), ""
		if it.OwnWords {
			text = f.Get(name + ".text")
		}
		if raw == "" && text == "" {
			continue // left out: the use case says if it was needed
		}
		a := outcome.Answer{LinkID: it.LinkID, Text: text}
		if raw != "" {
			n, err := strconv.Atoi(raw)
			if err != nil {
				f.fail(name, "Choose one of the answers.")
				continue
			}
			a.Value = &n
		} else if it.OwnWords {
			f.fail(name, "Choose a number from 0 to 10 for this activity.")
			continue
		}
		answers = append(answers, a)
	}
	if f.HasErrors() {
		u.renderOutcomes(w, r, http.StatusUnprocessableEntity, instID, f)
		return
	}
	if _, err := u.s.Outcomes.Record(r.Context(), actorOf(r), id, instID, answers); err != nil {
		var de *domain.Error
		if errors.As(err, &de) && (de.Code == domain.EInvalid || de.Code == domain.EConflict) && len(de.Problems) > 0 {
			for _, p := range de.Problems {
				field := instID
				if link, ok := strings.CutPrefix(p.Field, "answers["); ok {
					field = instID + "." + strings.TrimSuffix(link, "]")
				}
				f.fail(field, problemText(p))
			}
			u.renderOutcomes(w, r, http.StatusUnprocessableEntity, instID, f)
			return
		}
		u.failOrSignIn(w, r, err, "/r/"+id+"/outcomes")
		return
	}
	http.Redirect(w, r, "/r/"+id+"/outcomes?saved="+instID+"#"+instID, http.StatusSeeOther)
}

// problemText turns a use case's problem into words for the form.
func problemText(p domain.Problem) string {
	switch {
	case p.Problem == "is needed":
		return "Please answer this question."
	case strings.Contains(p.Problem, "own words"):
		return "Please say what the activity is."
	case p.Problem == app.NotReadyText:
		return "This form " + app.NotReadyText + "."
	}
	return "This answer could not be used: it " + p.Problem + "."
}
