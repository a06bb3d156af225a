// Package authz is unknot's authorisation policy: it answers "may this
// actor do this to this record". It is pure, and app is its only caller, so
// the web pages, the API and the exports share one set of rules.
package authz

import "unknot/internal/domain"

// Action is what the actor wants to do.
type Action string

// The actions.
const (
	Read   Action = "read"
	Create Action = "create" // make a new record (an assessment)
	Write  Action = "write"  // add to or change the record
	Claim  Action = "claim"  // keep an anonymous record in one's own account
	Share  Action = "share"  // share a record with a clinic
	Delete Action = "delete" // remove for good
	Export Action = "export" // download all of it
	Manage Action = "manage" // run a clinic: members, tokens, audit log
	Sign   Action = "sign"   // sign a session note: it never changes after
)

// Kind is the sort of record.
type Kind string

// The kinds of record.
const (
	// KindHealth is a person's health data: an assessment, its plan, the
	// diary. OwnerID is the person ("" while anonymous), ClinicID the
	// clinic it is shared with.
	KindHealth Kind = "health"
	// KindReport is what a person reports about themselves on a health
	// record: the diary's check-ins and questionnaire answers. Anyone who
	// may read the record may read it; only the person writes it, or a
	// write token of the clinic the record is shared with (a clinic system
	// entering what the patient reported at a visit). A therapist's own
	// observations belong in the clinic's notes, not in the person's words.
	KindReport Kind = "report"
	// KindAccount is a person's account. OwnerID is the person.
	KindAccount Kind = "account"
	// KindClinic is a clinic's own administration. ClinicID is the clinic.
	KindClinic Kind = "clinic"
	// KindCaseload is the list of a clinic's patients. ClinicID is the clinic.
	KindCaseload Kind = "caseload"
	// KindDeployment is the deployment itself: creating clinics.
	KindDeployment Kind = "deployment"
	// KindChart is a clinic's chart of one of its patients: what the
	// clinic sees and writes of them (programs, questionnaires assigned).
	// OwnerID is the patient, ClinicID the clinic. The clinic's
	// therapists and admins read and write it, its tokens read it; the
	// patient sees their own program through KindProgram, not the chart.
	KindChart Kind = "chart"
	// KindProgram is a patient's exercise program from a clinic: the
	// patient reads it, the clinic's people and tokens read it, and only
	// the clinic's therapists and admins write it.
	KindProgram Kind = "program"
	// KindNote is a session note: the clinic's record of a treatment.
	// The clinic's therapists and admins read and write drafts and add
	// addenda, its tokens read; signing is for the note's author
	// (OwnerID here is the author, checked by the caller's Resource).
	KindNote Kind = "note"
	// KindImport is what a clinic brought in from another system (FHIR
	// Patients and Observations). ClinicID is the clinic. Its therapists
	// and admins and its write tokens import; they and its tokens read.
	KindImport Kind = "import"
	// KindResearch is a clinic's research export of all its patients'
	// assessments, check-ins and outcomes. Only the clinic's admins export
	// it: it is every patient at once, so not for a therapist's session
	// nor an integration's token.
	KindResearch Kind = "research"
	// KindThread is the private thread between a patient and their
	// clinic's staff, and the patient's visit requests to that clinic.
	// OwnerID is the patient, ClinicID the clinic. The patient (while a
	// patient of that clinic) and the clinic's therapists and admins read
	// and write it; no token does: it is people talking.
	KindThread Kind = "thread"
	// KindMembership is a person's place in a clinic: joining by an
	// invitation or request (only the invited person accepts it), leaving
	// (only the person). OwnerID is the person.
	KindMembership Kind = "membership"
)

// Resource names the record an action is about.
type Resource struct {
	Kind     Kind
	OwnerID  string
	ClinicID string
}

// Check returns nil when a may do act to r, and a *domain.Error otherwise:
// unauthorized when signing in could help, not found for another person's
// health record (whether it exists is not told), forbidden for the rest.
func Check(a domain.Actor, act Action, r Resource) error {
	if allowed(a, act, r) {
		return nil
	}
	switch {
	case act == Create && a.Token != nil:
		return domain.Errorf(domain.EForbidden, "This API token may only read; assessing needs a write token.")
	case r.Kind == KindReport && act == Write && a.Token == nil && healthAllowed(a, Write, r):
		return domain.Errorf(domain.EForbidden, "Only the person can add to their diary and questionnaires; their clinic can read them.")
	case a.Anonymous():
		return domain.Errorf(domain.EUnauthorized, "Please sign in to do that.")
	case r.Kind == KindHealth || r.Kind == KindReport || r.Kind == KindProgram && a.Token == nil && a.RoleIn(r.ClinicID) == "":
		return domain.Errorf(domain.ENotFound, "No such record.")
	case act == Sign:
		return domain.Errorf(domain.EForbidden, "Only the note's author can sign it.")
	default:
		return domain.Errorf(domain.EForbidden, "You do not have permission to do that.")
	}
}

func allowed(a domain.Actor, act Action, r Resource) bool {
	switch r.Kind {
	case KindHealth:
		if act == Create {
			return createAllowed(a, r)
		}
		return healthAllowed(a, act, r)
	case KindReport:
		if act == Write && a.Token == nil && a.UserID != r.OwnerID {
			return false
		}
		if act != Read && act != Write {
			return false
		}
		return healthAllowed(a, act, r)
	case KindAccount:
		// Only the person: not their clinic, not the operator.
		return a.Token == nil && a.UserID != "" && a.UserID == r.OwnerID &&
			(act == Read || act == Write || act == Delete || act == Export)
	case KindClinic:
		return act == Manage && a.Token == nil && a.RoleIn(r.ClinicID) == domain.RoleAdmin
	case KindCaseload:
		if r.ClinicID == "" {
			return false
		}
		if act == Write {
			// Acting on the caseload (resolving a flag) is for the
			// clinic's people, not its integrations.
			role := a.RoleIn(r.ClinicID)
			return a.Token == nil && (role == domain.RoleTherapist || role == domain.RoleAdmin)
		}
		if act != Read {
			return false
		}
		if a.Token != nil {
			return a.Token.ClinicID == r.ClinicID
		}
		role := a.RoleIn(r.ClinicID)
		return role == domain.RoleTherapist || role == domain.RoleAdmin
	case KindDeployment:
		return act == Manage && a.Token == nil && a.Operator
	case KindChart:
		return clinicRecord(a, act, r)
	case KindProgram:
		if act == Read && a.Token == nil && a.UserID != "" && a.UserID == r.OwnerID {
			return true
		}
		return clinicRecord(a, act, r)
	case KindImport:
		if r.ClinicID == "" || act != Read && act != Write {
			return false
		}
		if a.Token != nil {
			return a.Token.ClinicID == r.ClinicID && a.Token.RevokedAt == nil && (act == Read || a.Token.Scope == domain.ScopeWrite)
		}
		return staffRole(a, r.ClinicID)
	case KindResearch:
		return act == Export && r.ClinicID != "" && a.Token == nil && a.RoleIn(r.ClinicID) == domain.RoleAdmin
	case KindThread:
		if r.ClinicID == "" || a.Token != nil || act != Read && act != Write {
			return false
		}
		if a.UserID != "" && a.UserID == r.OwnerID && a.RoleIn(r.ClinicID) == domain.RolePatient {
			return true
		}
		return a.UserID != r.OwnerID && staffRole(a, r.ClinicID)
	case KindMembership:
		return a.Token == nil && a.UserID != "" && a.UserID == r.OwnerID && (act == Write || act == Delete || act == Read)
	case KindNote:
		if act == Sign {
			return a.Token == nil && a.UserID != "" && a.UserID == r.OwnerID && staffRole(a, r.ClinicID)
		}
		return clinicRecord(a, act, r)
	}
	return false
}

func healthAllowed(a domain.Actor, act Action, r Resource) bool {
	// An anonymous record is reached only through its unguessable link:
	// whoever holds the link may read it, and a signed-in person may keep
	// it (claim) or share it.
	if r.OwnerID == "" {
		switch act {
		case Read:
			return a.Token == nil || (r.ClinicID != "" && a.Token.ClinicID == r.ClinicID)
		case Claim, Share:
			if a.Token != nil || a.UserID == "" {
				return false
			}
			// A record a clinic made (with its token) is its patient's to
			// keep: a link holder from elsewhere, another clinic's admin
			// included, must not take it out of the clinic's caseload.
			return r.ClinicID == "" || a.RoleIn(r.ClinicID) == domain.RolePatient
		}
		if r.ClinicID != "" && staffWrite(a, act, r) {
			return true
		}
		return false
	}
	if a.Token == nil && a.UserID != "" && a.UserID == r.OwnerID {
		return act != Manage
	}
	return r.ClinicID != "" && staffWrite(a, act, r)
}

// staffWrite: a clinic's therapists and admins, and its tokens, may read
// and add to the health records shared with that clinic; never delete them.
func staffWrite(a domain.Actor, act Action, r Resource) bool {
	if act != Read && act != Write {
		return false
	}
	if a.Token != nil {
		if a.Token.ClinicID != r.ClinicID || a.Token.RevokedAt != nil {
			return false
		}
		return act == Read || a.Token.Scope == domain.ScopeWrite
	}
	role := a.RoleIn(r.ClinicID)
	return role == domain.RoleTherapist || role == domain.RoleAdmin
}

// createAllowed: anyone may make an assessment (an anonymous one is
// reached by its link, a signed-in person keeps theirs); a clinic's token
// makes one for its own clinic, and only with write scope.
func createAllowed(a domain.Actor, r Resource) bool {
	if a.Token == nil {
		return r.OwnerID == a.UserID && r.ClinicID == ""
	}
	return a.Token.Scope == domain.ScopeWrite && a.Token.RevokedAt == nil && a.Token.ClinicID == r.ClinicID && r.OwnerID == ""
}

// clinicRecord: the clinic's therapists and admins read and write its
// records of a patient; its tokens (not revoked) only read them.
func clinicRecord(a domain.Actor, act Action, r Resource) bool {
	if r.ClinicID == "" || act != Read && act != Write {
		return false
	}
	if a.Token != nil {
		return act == Read && a.Token.ClinicID == r.ClinicID && a.Token.RevokedAt == nil
	}
	return staffRole(a, r.ClinicID)
}

func staffRole(a domain.Actor, clinicID string) bool {
	role := a.RoleIn(clinicID)
	return role == domain.RoleTherapist || role == domain.RoleAdmin
}
