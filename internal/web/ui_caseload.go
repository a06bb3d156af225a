package web

// The therapist's caseload and a patient's chart: who needs attention and
// why, with one tap to the chart; the chart with identity, results over
// time, diary and outcome charts marked with sessions, the program, the
// session notes, questionnaires and who looked.

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"unknot/internal/app"
	"unknot/internal/caseload"
	"unknot/internal/chart"
	"unknot/internal/clinical"
	"unknot/internal/domain"
	"unknot/internal/notes"
	"unknot/internal/program"
)

type reasonOption struct {
	Value, Label string
	Selected     bool
}

type caseloadPageView struct {
	ClinicID string
	Rows     []caseRowView
	Total    int
	GapDays  int
	Mine     bool
	Query    string
	Reasons  []reasonOption
	// Unread is every unread message from the clinic's patients.
	Unread int
	// Intakes are results shared by people not yet patients (ui_joins.go).
	Intakes []intakeRow
}

type caseRowView struct {
	PatientID, Name, Email string
	Items                  []caseload.Item
	LastCheckin            string
	Adherence              string
	// Unread is how many of the patient's messages no one has read.
	Unread int
}

// reasonLabel words a reason for the page.
func reasonLabel(r caseload.Reason) string { return caseload.Labels[r] }

func patientPath(clinicID, patientID string) string {
	return "/clinic/" + url.PathEscape(clinicID) + "/patients/" + url.PathEscape(patientID)
}

func adherenceText(a *program.Adherence) string {
	if a == nil {
		return "No program"
	}
	if a.Expected == 0 {
		return "Program starts soon"
	}
	return strconv.Itoa(a.Percent) + "% (" + strconv.Itoa(a.Done) + " of " + strconv.Itoa(a.Expected) + " days)"
}

// caseloadPage is GET /clinic/{clinic}/patients[?mine=1&reason=&q=].
func (u *ui) caseloadPage(w http.ResponseWriter, r *http.Request) {
	a, id := actorOf(r), r.PathValue("clinic")
	if a.Anonymous() {
		toSignIn(w, r, clinicPath(r)+"/patients")
		return
	}
	q := caseloadQuery(r)
	v, err := u.s.Patients.Caseload(r.Context(), a, id, q)
	if err != nil {
		u.failOrSignIn(w, r, err, clinicPath(r)+"/patients")
		return
	}
	pv := caseloadPageView{ClinicID: id, Total: v.Total, GapDays: v.GapDays, Mine: q.Mine, Query: q.Query}
	pv.Reasons = append(pv.Reasons, reasonOption{Value: "", Label: "Any reason", Selected: q.Reason == ""})
	for _, rs := range caseload.Reasons {
		pv.Reasons = append(pv.Reasons, reasonOption{Value: string(rs), Label: caseload.Labels[rs], Selected: q.Reason == rs})
	}
	var unread map[string]int
	if u.s.Messages != nil && a.Token == nil { // an integration's token sees no messages
		if unread, err = u.s.Messages.UnreadForStaff(r.Context(), a, id); err != nil {
			u.failOrSignIn(w, r, err, clinicPath(r)+"/patients")
			return
		}
	}
	for _, n := range unread {
		pv.Unread += n
	}
	pv.Intakes = u.caseloadIntakes(r, id)
	for _, row := range v.Rows {
		cv := caseRowView{Unread: unread[row.PatientID], PatientID: row.PatientID, Name: row.Name, Email: row.Email, Items: row.Items,
			LastCheckin: row.LastCheckin, Adherence: adherenceText(row.Adherence)}
		if cv.Name == "" {
			cv.Name = row.Email
		}
		if cv.LastCheckin == "" {
			cv.LastCheckin = "None yet"
		}
		pv.Rows = append(pv.Rows, cv)
	}
	u.render(w, r, http.StatusOK, "caseload", page{Title: "Caseload", Section: "account", Private: true, Wide: true, Data: pv})
}

type chartPageView struct {
	ClinicID    string
	Chart       *app.Chart
	Name        string
	Results     []chartResultView
	Charts      []chartView
	Current     *programView
	Versions    []versionView
	Notes       []noteRowView
	Sessions    int
	Adherence   string
	VisitTypes  []reasonOption
	Instruments []reasonOption
	Assigned    []string
	Articles    []string
	Audit       []auditView
	Outcomes    []string
	Question    *form
	// Talk is the thread with the patient and their visit requests.
	Talk *talkView
	// Library is every article, to assign from the chart.
	Library []reasonOption
}

type chartResultView struct{ ID, Date, Disposition, Protocol string }

type versionView struct{ Version, Date, By string }

type noteRowView struct {
	ID, Date, Visit, State, By string
	Interventions              string
}

// programView is a program laid out for the staff's pages.
type programView struct {
	Version  int
	StartsOn string
	Lines    []programLine
	Program  program.Program
}

type programLine struct{ Name, Dosage, Note string }

func (u *ui) programView(v program.Version) *programView {
	pv := &programView{Version: v.Version, StartsOn: v.StartsOn, Program: v.Program}
	for _, e := range v.Program.Exercises {
		ex, _ := u.library().Exercise(e.ExerciseID)
		name := ex.Name
		if e.Side == "left" || e.Side == "right" {
			name += " (" + e.Side + " side)"
		}
		pv.Lines = append(pv.Lines, programLine{Name: name, Dosage: e.Dosage(), Note: e.Note})
	}
	return pv
}

// visitLabel names a visit type for the pages.
func visitLabel(t string) string {
	if vt, ok := notes.VisitTypes[t]; ok {
		return vt.Label
	}
	return t
}

// chartPage is GET /clinic/{clinic}/patients/{patient}: the patient's chart.
func (u *ui) chartPage(w http.ResponseWriter, r *http.Request) {
	u.renderChart(w, r, http.StatusOK, nil)
}

func (u *ui) renderChart(w http.ResponseWriter, r *http.Request, status int, question *form) {
	a, cid, pid := actorOf(r), r.PathValue("clinic"), r.PathValue("patient")
	back := patientPath(cid, pid)
	if a.Anonymous() {
		toSignIn(w, r, back)
		return
	}
	c, err := u.s.Patients.PatientChart(r.Context(), a, cid, pid)
	if err != nil {
		u.failOrSignIn(w, r, err, back)
		return
	}
	if question == nil {
		question = newForm(url.Values{"every_days": {"14"}})
	}
	who := func(id string) string {
		if id == a.UserID {
			return "you"
		}
		if n := c.StaffNames[id]; n != "" {
			return n
		}
		if id == c.Patient.ID {
			return "the patient"
		}
		return id
	}
	v := chartPageView{ClinicID: cid, Chart: c, Name: c.Patient.Name, Question: question, Adherence: adherenceText(c.Adherence)}
	if v.Name == "" {
		v.Name = c.Patient.Email
	}
	for _, as := range c.Assessments {
		v.Results = append(v.Results, chartResultView{ID: as.ID, Date: stamp(as.CreatedAt),
			Disposition: dispositionTitle(clinical.Disposition(as.Disposition)), Protocol: as.ProtocolID + " " + as.ProtocolVersion})
	}
	if c.Diary != nil {
		for _, ch := range c.Diary.Charts {
			v.Charts = append(v.Charts, chartView{Title: ch.Title, SVG: template.HTML(chart.Line(ch)),
				Table: template.HTML(chart.TableOf(ch).HTML())})
		}
	}
	if cur := c.Current(); cur != nil {
		v.Current = u.programView(*cur)
	}
	v.Articles, v.Library = u.educationLines(c)
	for _, pv := range c.Programs {
		v.Versions = append(v.Versions, versionView{Version: strconv.Itoa(pv.Version), Date: stamp(pv.CreatedAt), By: who(pv.CreatedBy)})
	}
	v.Sessions = len(c.Sessions)
	for _, n := range c.Notes {
		row := noteRowView{ID: n.ID, Date: n.Date, Visit: visitLabel(n.Body.VisitType), State: "Draft", By: who(n.AuthorID)}
		if n.Signed() {
			row.State = "Signed " + stamp(*n.SignedAt)
			if len(n.Addenda) > 0 {
				row.State += ", " + strconv.Itoa(len(n.Addenda)) + " addenda"
			}
		}
		for i, in := range n.Body.Interventions {
			if i > 0 {
				row.Interventions += ", "
			}
			row.Interventions += notes.InterventionLabels[in.Kind]
		}
		v.Notes = append(v.Notes, row)
	}
	for _, t := range notes.VisitTypeOrder {
		v.VisitTypes = append(v.VisitTypes, reasonOption{Value: t, Label: notes.VisitTypes[t].Label})
	}
	for _, in := range c.Instruments {
		v.Instruments = append(v.Instruments, reasonOption{Value: in.ID, Label: in.Title, Selected: question.Get("instrument") == in.ID})
	}
	names := map[string]string{}
	for _, in := range c.Instruments {
		names[in.ID] = in.Title
	}
	for _, as := range c.Assigned {
		v.Assigned = append(v.Assigned, names[as.Instrument]+": every "+strconv.Itoa(as.EveryDays)+" days from "+as.StartsOn)
	}
	for _, o := range c.Outcomes {
		line := names[o.Instrument] + " on " + o.Date + ": " + strconv.FormatFloat(o.Score, 'f', -1, 64)
		if o.Band != "" {
			line += " (" + o.Band + ")"
		}
		v.Outcomes = append(v.Outcomes, line)
	}
	for _, e := range c.Audit {
		v.Audit = append(v.Audit, auditView{At: stamp(e.At), Actor: who(e.Actor), Action: e.Action, Record: e.Record})
	}
	v.Talk = u.chartTalk(r, c, cid, who)
	title := v.Name
	if question.HasErrors() {
		title = "Error: " + title
	}
	u.render(w, r, status, "chart", page{Title: title, Section: "account", Private: true, Wide: true, Data: v})
}

var questionLabels = map[string]string{"instrument": "The questionnaire", "every_days": "How often", "starts_on": "The start"}

// assignQuestionnaire is POST /clinic/{clinic}/patients/{patient}/questionnaires.
func (u *ui) assignQuestionnaire(w http.ResponseWriter, r *http.Request) {
	cid, pid := r.PathValue("clinic"), r.PathValue("patient")
	f, ok := u.signedInForm(w, r, patientPath(cid, pid))
	if !ok {
		return
	}
	every, err := strconv.Atoi(f.Get("every_days"))
	if err != nil {
		f.fail("every_days", "How often must be a number of days.")
		u.renderChart(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if _, err := u.s.Patients.AssignQuestionnaire(r.Context(), actorOf(r), cid, pid, f.Get("instrument"), every, f.Get("starts_on")); err != nil {
		if domain.ErrorCode(err) != domain.EInvalid || !showProblems(f, err, questionLabels) {
			u.failOrSignIn(w, r, err, patientPath(cid, pid))
			return
		}
		u.renderChart(w, r, ErrorStatus(err), f)
		return
	}
	http.Redirect(w, r, patientPath(cid, pid)+"?note=questionnaire-assigned", http.StatusSeeOther)
}
