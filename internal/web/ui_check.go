package web

import (
	"errors"
	"net/http"

	"unknot/internal/app"
	"unknot/internal/clinical"
	"unknot/internal/domain"
)

// checkView is the wizard's data: the answers so far (with any problems)
// and the questions, from the contract's vocabulary.
type checkView struct {
	Form            *form
	Map             bodyMap
	Sexes           []string
	Radiation       []string
	LocalSymptoms   []string
	NerveSymptoms   []string
	BodySymptoms    []string
	PatternSymptoms []string
	SeriousHistory  []string
	OtherHistory    []string
	LumpQuestions   []lumpQuestion
	Tried           []string
	Trends          []string
	Triggers        []string
}

// lumpQuestion is one Yes/No question about a lump.
type lumpQuestion struct{ Name, Label string }

var lumpLabels = map[string]string{
	"hard":     "Does it feel hard, like bone or a stone?",
	"mobile":   "Does it move under the skin when you push it gently?",
	"growing":  "Is it getting bigger?",
	"tender":   "Does it hurt when you press it?",
	"warm_red": "Is the skin over it warm or red?",
}

func newCheckView(f *form) checkView {
	lq := make([]lumpQuestion, len(lumpQuestions))
	for i, q := range lumpQuestions {
		lq[i] = lumpQuestion{Name: "lump." + q, Label: lumpLabels[q]}
	}
	return checkView{
		Form:            f,
		Map:             newBodyMap(true, f.values["regions"]),
		Sexes:           clinical.Sexes,
		Radiation:       clinical.Radiation,
		LocalSymptoms:   localSymptoms,
		NerveSymptoms:   nerveSymptoms,
		BodySymptoms:    bodySymptoms,
		PatternSymptoms: patternSymptoms,
		SeriousHistory:  seriousHistory,
		OtherHistory:    otherHistory,
		LumpQuestions:   lq,
		Tried:           clinical.Tried,
		Trends:          clinical.Trends,
		Triggers:        clinical.Triggers,
	}
}

func (u *ui) checkForm(w http.ResponseWriter, r *http.Request) {
	u.renderCheck(w, r, http.StatusOK, newForm(nil))
}

func (u *ui) renderCheck(w http.ResponseWriter, r *http.Request, status int, f *form) {
	title := "Check your back"
	if f.HasErrors() {
		title = "Error: " + title
	}
	u.render(w, r, status, "check", page{Title: title, Section: "check", Private: true, Data: newCheckView(f)})
}

// checkSubmit is POST /check. The answers become the contract's Input,
// checked by the contract's own validator, and go to the same use case as
// the API's, so the web and the API give the same result. Problems are shown beside the questions
// with every answer kept.
func (u *ui) checkSubmit(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			u.errorPage(w, r, http.StatusRequestEntityTooLarge, "Too much was sent", "The answers were too long to read. Please go back and try again.")
			return
		}
		u.errorPage(w, r, http.StatusBadRequest, "We could not read your answers", "Please go back and send them again.")
		return
	}
	f := newForm(r.PostForm)
	f.defaultTZ = u.s.DefaultTZ
	in := parseCheck(f, u.s.now())
	if err := clinical.Validate(in); err != nil {
		var de *domain.Error
		if !errors.As(app.InputError(err), &de) {
			u.fail(w, r, err)
			return
		}
		f.addProblems(de.Problems, in)
	}
	if f.HasErrors() {
		// An emergency answer stops the check even with answers missing
		// or refused elsewhere (the stop without JavaScript).
		if u.stopOnSubmit(w, r, in) {
			return
		}
		u.renderCheck(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	res, err := u.s.Assessments.Create(r.Context(), actorOf(r), in)
	if err != nil {
		var de *domain.Error
		if errors.As(err, &de) && (de.Code == domain.EInvalid || de.Code == domain.EMalformed) {
			f.addProblems(de.Problems, in)
			if !f.HasErrors() {
				f.fail("form", "Some answers could not be accepted. Please check them and send again.")
			}
			u.renderCheck(w, r, http.StatusUnprocessableEntity, f)
			return
		}
		u.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/r/"+res.ID, http.StatusSeeOther)
}
