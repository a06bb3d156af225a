package app

import (
	"context"
	"strings"

	"unknot/internal/authz"
	"unknot/internal/domain"
	"unknot/internal/sqlstore"
)

// SetupRequest creates the first account: the deployment's operator, who is
// also the admin of a first clinic.
type SetupRequest struct {
	Email, Name, Password, ClinicName string
}

// NeedsSetup reports whether no account exists yet.
func (a *App) NeedsSetup(ctx context.Context) (bool, error) {
	n, err := a.store.CountUsers(ctx)
	return n == 0, err
}

// Setup creates the first admin. It works only while there is no account,
// so a later visitor cannot use it to take over.
func (a *App) Setup(ctx context.Context, address string, req SetupRequest) (*domain.User, *domain.Clinic, string, error) {
	needs, err := a.NeedsSetup(ctx)
	if err != nil {
		return nil, nil, "", err
	}
	if !needs {
		return nil, nil, "", domain.Errorf(domain.EForbidden, "unknot is already set up. Please sign in.")
	}
	return a.createAdmin(ctx, address, req, true)
}

// AddAdmin is `unknot user add --role admin`: a new clinic and its admin,
// made by whoever runs the server's command line. The first account made
// this way is also the deployment's operator.
func (a *App) AddAdmin(ctx context.Context, req SetupRequest) (*domain.User, *domain.Clinic, error) {
	first, err := a.NeedsSetup(ctx)
	if err != nil {
		return nil, nil, err
	}
	u, c, _, err := a.createAdmin(ctx, "command line", req, first)
	return u, c, err
}

// CreateClinic is the operator's: a new clinic and its first admin.
func (a *App) CreateClinic(ctx context.Context, actor domain.Actor, req SetupRequest) (*domain.User, *domain.Clinic, error) {
	if err := authz.Check(actor, authz.Manage, authz.Resource{Kind: authz.KindDeployment}); err != nil {
		return nil, nil, err
	}
	u, c, _, err := a.createAdmin(ctx, actor.Address, req, false)
	return u, c, err
}

func (a *App) createAdmin(ctx context.Context, address string, req SetupRequest, operator bool) (*domain.User, *domain.Clinic, string, error) {
	email, err := checkEmail(req.Email)
	if err != nil {
		return nil, nil, "", err
	}
	name := strings.TrimSpace(req.ClinicName)
	if name == "" || len(name) > 200 {
		return nil, nil, "", invalid("clinic_name", "is needed (at most 200 characters)")
	}
	if err := CheckPassword(req.Password, email); err != nil {
		return nil, nil, "", err
	}
	hash, err := a.hasher.Hash(ctx, req.Password)
	if err != nil {
		return nil, nil, "", err
	}
	u := &domain.User{ID: NewID(), Email: email, Name: strings.TrimSpace(req.Name), PasswordHash: hash, Operator: operator}
	create := a.store.CreateUser
	if operator {
		// The operator is the first account: made only while there is none.
		create = a.store.CreateFirstUser
	}
	if err := create(ctx, u); err != nil {
		return nil, nil, "", err
	}
	c := &domain.Clinic{ID: NewID(), Name: name, InviteCode: newInviteCode()}
	if err := a.store.CreateClinic(ctx, c); err != nil {
		return nil, nil, "", err
	}
	if err := a.store.PutMembership(ctx, &domain.Membership{ClinicID: c.ID, UserID: u.ID, Role: domain.RoleAdmin}); err != nil {
		return nil, nil, "", err
	}
	if err := a.audit(ctx, actorFor(u, address), "create", "clinic:"+c.ID, c.ID, ""); err != nil {
		return nil, nil, "", err
	}
	session, err := a.newSession(ctx, u.ID)
	return u, c, session, err
}

// newInviteCode is short enough to read out and type, and unguessable
// enough (60 bits) for a clinic's door.
func newInviteCode() string {
	s := strings.ToUpper(NewID())
	return s[0:4] + "-" + s[4:8] + "-" + s[8:12]
}

// ClinicView is what a clinic admin sees of their clinic.
type ClinicView struct {
	Clinic  domain.Clinic
	Members []sqlstore.Member
}

// Clinic returns a clinic for its admin.
func (a *App) Clinic(ctx context.Context, actor domain.Actor, clinicID string) (*ClinicView, error) {
	if err := authz.Check(actor, authz.Manage, authz.Resource{Kind: authz.KindClinic, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	c, err := a.store.FindClinicByID(ctx, clinicID)
	if err != nil {
		return nil, err
	}
	ms, err := a.store.MembersOfClinic(ctx, clinicID)
	if err != nil {
		return nil, err
	}
	return &ClinicView{Clinic: *c, Members: ms}, a.audit(ctx, actor, "read", "members:"+clinicID, clinicID, "")
}

// AddMember gives a person with an account a role in the admin's clinic.
func (a *App) AddMember(ctx context.Context, actor domain.Actor, clinicID, email string, role domain.Role) error {
	if err := authz.Check(actor, authz.Manage, authz.Resource{Kind: authz.KindClinic, ClinicID: clinicID}); err != nil {
		return err
	}
	if !role.Valid() {
		return invalid("role", "must be patient, therapist or admin")
	}
	u, err := a.store.FindUserByEmail(ctx, email)
	if err != nil {
		return invalid("email", "has no account here; ask them to sign up first")
	}
	if err := a.store.PutMembership(ctx, &domain.Membership{ClinicID: clinicID, UserID: u.ID, Role: role}); err != nil {
		return err
	}
	return a.audit(ctx, actor, "add-member:"+string(role), "account:"+u.ID, clinicID, u.ID)
}

// Caseload lists the assessments shared with a clinic, for its staff and
// its tokens. Each listing is audited.
func (a *App) Caseload(ctx context.Context, actor domain.Actor, clinicID string) ([]domain.Assessment, error) {
	if err := authz.Check(actor, authz.Read, authz.Resource{Kind: authz.KindCaseload, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	list, err := a.store.ListAssessments(ctx, sqlstore.AssessmentFilter{ClinicID: clinicID})
	if err != nil {
		return nil, err
	}
	return list, a.audit(ctx, actor, "read", "caseload:"+clinicID, clinicID, "")
}

// AuditQuery filters a clinic's audit log; empty fields match everything.
type AuditQuery struct {
	Actor, Record, Action string
	Limit                 int
}

// ClinicAudit returns the clinic's audit log for its admin, filtered.
func (a *App) ClinicAudit(ctx context.Context, actor domain.Actor, clinicID string, q AuditQuery) ([]domain.AuditEntry, error) {
	if err := authz.Check(actor, authz.Manage, authz.Resource{Kind: authz.KindClinic, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	return a.store.ListAudit(ctx, sqlstore.AuditFilter{ClinicID: clinicID, Actor: q.Actor, Record: q.Record, Action: q.Action, Limit: q.Limit})
}
