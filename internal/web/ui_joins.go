package web

// Joining a clinic by consent, leaving it, and intakes, in the pages: the
// mailed invitation link's page, invitations and answers on the account
// page, leaving a clinic there, and the caseload's intakes to accept or
// decline with a message.

import (
	"net/http"
	"net/url"

	"unknot/internal/domain"
)

// joinRoles word a role for "join as ...".
var joinRoles = map[domain.Role]string{domain.RolePatient: "a patient", domain.RoleTherapist: "a physical therapist", domain.RoleAdmin: "an admin"}

// joinView is the invitation link's page.
type joinView struct {
	Token, ClinicName, Role string
	SignedIn                bool
}

// invitationRow is an open invitation on the account page.
type invitationRow struct{ ID, ClinicName, Role string }

// intakeRow is a shared result waiting for, or given, a clinic's answer.
type intakeRow struct {
	ClinicID, ClinicName, PatientID, AssessmentID, Status, Message, When string
	Name, Email                                                          string
}

// joinParts are the account page's invitations and intakes.
type joinParts struct {
	Invitations []invitationRow
	Intakes     []intakeRow
}

func (u *ui) accountJoins(r *http.Request, names map[string]string) joinParts {
	var p joinParts
	if u.s.Joins == nil {
		return p
	}
	a := actorOf(r)
	if list, err := u.s.Joins.Invitations(r.Context(), a); err == nil {
		for _, in := range list {
			p.Invitations = append(p.Invitations, invitationRow{ID: in.ID, ClinicName: in.ClinicName, Role: joinRoles[in.Role]})
		}
	}
	if list, err := u.s.Joins.MyIntakes(r.Context(), a); err == nil {
		for _, in := range list {
			if in.Status == domain.IntakeAccepted {
				continue
			}
			row := intakeRow{ClinicID: in.ClinicID, ClinicName: names[in.ClinicID], AssessmentID: in.AssessmentID, Message: in.Message}
			if row.ClinicName == "" {
				row.ClinicName = "The clinic"
			}
			row.Status = "waiting for the clinic's answer"
			if in.Status == domain.IntakeDeclined {
				row.Status = "not taken on"
			}
			p.Intakes = append(p.Intakes, row)
		}
	}
	return p
}

// joinPage is GET /join/{token}: the invitation a mailed link opens.
func (u *ui) joinPage(w http.ResponseWriter, r *http.Request) {
	in, err := u.s.Joins.InvitationByLink(r.Context(), r.PathValue("token"))
	if err != nil {
		u.errorPage(w, r, http.StatusNotFound, "This link does not work", "This invitation link is used, stopped or too old. Ask the clinic to send a new one.")
		return
	}
	v := joinView{Token: r.PathValue("token"), ClinicName: in.ClinicName, Role: joinRoles[in.Role], SignedIn: !actorOf(r).Anonymous()}
	u.render(w, r, http.StatusOK, "join", page{Title: "Join " + in.ClinicName, Section: "account", Private: true, Data: v})
}

// joinAnswer is POST /join/{token} (decision: accept or decline).
func (u *ui) joinAnswer(w http.ResponseWriter, r *http.Request) {
	back := "/join/" + url.PathEscape(r.PathValue("token"))
	f, ok := u.signedInForm(w, r, back)
	if !ok {
		return
	}
	accept := f.Get("decision") == "accept"
	if _, err := u.s.Joins.Answer(r.Context(), actorOf(r), "", r.PathValue("token"), accept); err != nil {
		u.failOrSignIn(w, r, err, back)
		return
	}
	http.Redirect(w, r, "/account?note="+map[bool]string{true: "joined", false: "invitation-declined"}[accept], http.StatusSeeOther)
}

// accountInvitation is POST /account/invitations/{invitation} (decision).
func (u *ui) accountInvitation(w http.ResponseWriter, r *http.Request) {
	f, ok := u.signedInForm(w, r, "/account")
	if !ok {
		return
	}
	accept := f.Get("decision") == "accept"
	if _, err := u.s.Joins.Answer(r.Context(), actorOf(r), r.PathValue("invitation"), "", accept); err != nil {
		u.failOrSignIn(w, r, err, "/account")
		return
	}
	http.Redirect(w, r, "/account?note="+map[bool]string{true: "joined", false: "invitation-declined"}[accept], http.StatusSeeOther)
}

// accountLeave is POST /account/clinics/{clinic}/leave.
// The person ticks that they understand what the clinic keeps.
func (u *ui) accountLeave(w http.ResponseWriter, r *http.Request) {
	f, ok := u.signedInForm(w, r, "/account")
	if !ok {
		return
	}
	if f.Get("confirm") != "yes" {
		u.errorPage(w, r, http.StatusUnprocessableEntity, "Tick the box to leave",
			"To leave the clinic, tick the box to show you understand what it keeps. Then press the button again.")
		return
	}
	if err := u.s.Joins.Leave(r.Context(), actorOf(r), r.PathValue("clinic")); err != nil {
		u.failOrSignIn(w, r, err, "/account")
		return
	}
	http.Redirect(w, r, "/account?note=left-clinic", http.StatusSeeOther)
}

// intakeAnswer is POST /clinic/{clinic}/intakes/{patient} (decision,
// message): accept the person as a patient, or decline with a message.
func (u *ui) intakeAnswer(w http.ResponseWriter, r *http.Request) {
	cid, pid := r.PathValue("clinic"), r.PathValue("patient")
	back := "/clinic/" + url.PathEscape(cid) + "/patients"
	f, ok := u.signedInForm(w, r, back)
	if !ok {
		return
	}
	accept := f.Get("decision") == "accept"
	if _, err := u.s.Joins.AnswerIntake(r.Context(), actorOf(r), cid, pid, accept, f.Get("message")); err != nil {
		if domain.ErrorCode(err) == domain.EInvalid {
			u.errorPage(w, r, ErrorStatus(err), "Please add a message", "To decline, write the person a short message: why, and where they can go instead. Go back and try again.")
			return
		}
		u.failOrSignIn(w, r, err, back)
		return
	}
	http.Redirect(w, r, back+"?note="+map[bool]string{true: "intake-accepted", false: "intake-declined"}[accept], http.StatusSeeOther)
}

// caseloadIntakes lists the clinic's intakes for the caseload page, with
// the person's name and email.
func (u *ui) caseloadIntakes(r *http.Request, clinicID string) []intakeRow {
	if u.s.Joins == nil || actorOf(r).Token != nil {
		return nil
	}
	list, err := u.s.Joins.Intakes(r.Context(), actorOf(r), clinicID)
	if err != nil {
		return nil
	}
	var out []intakeRow
	for _, in := range list {
		out = append(out, intakeRow{ClinicID: clinicID, PatientID: in.UserID, AssessmentID: in.AssessmentID, When: stamp(in.CreatedAt),
			Name: in.Name, Email: in.Email})
	}
	return out
}
