package web

// The program builder: start from the generated plan, a saved template or
// the current program; change exercises, order and dosage; preview it as
// the patient sees it; assign it (a new version) or keep it as a template.
// And the patient's button to log that they did it today.

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"unknot/internal/app"
	"unknot/internal/domain"
	"unknot/internal/program"
)

// extraRows is how many empty exercise rows the builder offers for adding.
const extraRows = 2

type builderView struct {
	ClinicID, PatientID string
	Form                *form
	Rows                []builderRow
	Exercises           []reasonOption
	Templates           []reasonOption
	Articles            []articleChoice
	Preview             *planView
	Saved               string
	// PlanTemplate names the generated plan as a starting point.
	PlanTemplate string
}

type builderRow struct {
	N, Label string
	Sided    bool
}

type articleChoice struct {
	ID, Title string
	Checked   bool
}

func programPath(r *http.Request) string {
	return patientPath(r.PathValue("clinic"), r.PathValue("patient")) + "/program"
}

// programValues lays a program out as the builder's form answers.
func programValues(p program.Program) url.Values {
	v := url.Values{"progression": {p.Progression}, "regression": {p.Regression}, "notes": {p.Notes}, "reassess_on": {p.ReassessOn}}
	for i, e := range p.Exercises {
		k := "ex." + strconv.Itoa(i) + "."
		v.Set(k+"id", e.ExerciseID)
		v.Set(k+"side", e.Side)
		for name, n := range map[string]int{"sets": e.Sets, "reps": e.Reps, "hold": e.HoldSeconds, "times": e.TimesADay, "days": e.DaysAWeek} {
			if n != 0 {
				v.Set(k+name, strconv.Itoa(n))
			}
		}
		v.Set(k+"note", e.Note)
	}
	v["articles"] = p.Articles
	return v
}

// rowCount is how many exercise rows the answers hold.
func rowCount(f *form) int {
	n := 0
	for k := range f.values {
		if rest, ok := strings.CutPrefix(k, "ex."); ok {
			if i, err := strconv.Atoi(strings.SplitN(rest, ".", 2)[0]); err == nil && i+1 > n {
				n = i + 1
			}
		}
	}
	return min(n, program.MaxExercises+extraRows)
}

// parseProgram reads the builder's answers: rows in order, empty rows and
// rows marked "remove" left out. Text where a number goes is the form's
// own problem, named by its field.
func parseProgram(f *form) program.Program {
	p := program.Program{Progression: f.Get("progression"), Regression: f.Get("regression"), Notes: f.Get("notes"),
		ReassessOn: f.Get("reassess_on"), Articles: f.values["articles"]}
	for i := range rowCount(f) {
		k := "ex." + strconv.Itoa(i) + "."
		if f.Get(k+"id") == "" || f.Get(k+"remove") == "yes" {
			continue
		}
		num := func(name string) int {
			s := f.Get(k + name)
			if s == "" {
				return 0
			}
			n, err := strconv.Atoi(s)
			if err != nil {
				f.fail(k+name, "Enter a whole number.")
			}
			return n
		}
		p.Exercises = append(p.Exercises, program.Exercise{ExerciseID: f.Get(k + "id"), Side: f.Get(k + "side"),
			Sets: num("sets"), Reps: num("reps"), HoldSeconds: num("hold"), TimesADay: num("times"), DaysAWeek: num("days"),
			Note: f.Get(k + "note")})
	}
	return p
}

// programProblems puts a use case's problems on the builder's fields:
// exercises[2].sets is the form's ex.2.sets. Rows left out shift the
// index, so rows are numbered as kept: the form is rebuilt from them.
func programProblems(f *form, err error) bool {
	de, ok := err.(*domain.Error)
	if !ok || de.Code != domain.EInvalid {
		return false
	}
	names := map[string]string{"exercise_id": "id", "hold_seconds": "hold", "times_a_day": "times", "days_a_week": "days"}
	for _, p := range de.Problems {
		field := p.Field
		if rest, ok := strings.CutPrefix(field, "exercises["); ok {
			idx, name, _ := strings.Cut(rest, "].")
			if n, ok := names[name]; ok {
				name = n
			}
			field = "ex." + idx + "." + name
		}
		f.fail(field, "This "+strings.ReplaceAll(p.Field, "_", " ")+" "+p.Problem+".")
	}
	if !f.HasErrors() {
		f.fail("form", de.Message)
	}
	return true
}

// programBuilder is GET /clinic/{clinic}/patients/{patient}/program[?template=].
func (u *ui) programBuilder(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	if a.Anonymous() {
		toSignIn(w, r, programPath(r))
		return
	}
	p, err := u.s.Programs.Draft(r.Context(), a, r.PathValue("clinic"), r.PathValue("patient"), r.URL.Query().Get("template"))
	if err != nil {
		u.failOrSignIn(w, r, err, programPath(r))
		return
	}
	u.renderBuilder(w, r, http.StatusOK, newForm(programValues(p)), nil, "")
}

func (u *ui) renderBuilder(w http.ResponseWriter, r *http.Request, status int, f *form, preview *planView, saved string) {
	cid, pid := r.PathValue("clinic"), r.PathValue("patient")
	v := builderView{ClinicID: cid, PatientID: pid, Form: f, Preview: preview, Saved: saved, PlanTemplate: app.TemplatePlan}
	n := rowCount(f)
	for i := range n + extraRows {
		v.Rows = append(v.Rows, builderRow{N: strconv.Itoa(i), Label: fmt.Sprintf("Exercise %d", i+1)})
	}
	v.Exercises = append(v.Exercises, reasonOption{Value: "", Label: "None"})
	for _, e := range u.library().Exercises() {
		v.Exercises = append(v.Exercises, reasonOption{Value: e.ID, Label: e.Name})
	}
	if ts, err := u.s.Programs.Templates(r.Context(), actorOf(r), cid); err == nil {
		for _, t := range ts {
			v.Templates = append(v.Templates, reasonOption{Value: t.ID, Label: t.Name})
		}
	}
	for _, art := range u.library().Articles() {
		v.Articles = append(v.Articles, articleChoice{ID: art.ID, Title: art.Title, Checked: f.Has("articles", art.ID)})
	}
	title := "Program builder"
	if f.HasErrors() {
		title = "Error: " + title
	}
	u.render(w, r, status, "program", page{Title: title, Section: "account", Private: true, Wide: true, Data: v})
}

// programSubmit is POST /clinic/{clinic}/patients/{patient}/program with
// action preview, assign or template.
func (u *ui) programSubmit(w http.ResponseWriter, r *http.Request) {
	a, cid, pid := actorOf(r), r.PathValue("clinic"), r.PathValue("patient")
	if a.Anonymous() {
		toSignIn(w, r, programPath(r))
		return
	}
	f, ok := u.readForm(w, r)
	if !ok {
		return
	}
	p := parseProgram(f)
	// The rows as kept: problems name their new places.
	kept := newForm(programValues(p))
	kept.values.Set("template_name", f.Get("template_name"))
	for _, e := range f.Errors() {
		kept.fail(e.Field, e.Message)
	}
	if kept.HasErrors() {
		u.renderBuilder(w, r, http.StatusUnprocessableEntity, kept, nil, "")
		return
	}
	var err error
	switch f.Get("action") {
	case "assign":
		if _, err = u.s.Programs.Assign(r.Context(), a, cid, pid, p); err == nil {
			http.Redirect(w, r, patientPath(cid, pid)+"?note=program-assigned", http.StatusSeeOther)
			return
		}
	case "template":
		var t *program.Template
		if t, err = u.s.Programs.SaveTemplate(r.Context(), a, cid, f.Get("template_name"), p); err == nil {
			u.renderBuilder(w, r, http.StatusOK, kept, nil, t.Name)
			return
		}
	default:
		pl, perr := u.s.Programs.Preview(r.Context(), a, cid, pid, p)
		if err = perr; err == nil {
			u.renderBuilder(w, r, http.StatusOK, kept, u.newPlanView(pl, u.s.now()), "")
			return
		}
	}
	if !programProblems(kept, err) {
		u.failOrSignIn(w, r, err, programPath(r))
		return
	}
	u.renderBuilder(w, r, ErrorStatus(err), kept, nil, "")
}

// logProgramSession is POST /program/sessions (back): the signed-in
// patient did their program today; back to the page they were on (their
// plan), or their account.
func (u *ui) logProgramSession(w http.ResponseWriter, r *http.Request) {
	back := safeNext(r.FormValue("back"), "/account")
	u.signedInAction(w, r, back, func() error {
		_, err := u.s.Programs.LogSession(r.Context(), actorOf(r), "", nil)
		return err
	}, "program-logged")
}

// markArticleRead is POST /program/articles/{article}/read (back): the
// patient read an article their program assigns; back to their plan.
func (u *ui) markArticleRead(w http.ResponseWriter, r *http.Request) {
	back := safeNext(r.FormValue("back"), "/account")
	u.signedInAction(w, r, back, func() error {
		return u.s.Programs.MarkRead(r.Context(), actorOf(r), r.PathValue("article"))
	}, "article-read")
}
