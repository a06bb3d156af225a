package app

import (
	"context"
	"strings"
	"time"

	"unknot/internal/authz"
	"unknot/internal/domain"
)

// ClinicStore is what the clinic use cases need of a database.
type ClinicStore interface {
	Auditor
	sessionStore
	CountUsers(ctx context.Context) (int, error)
	CreateUser(ctx context.Context, u *domain.User) error
	CreateFirstUser(ctx context.Context, u *domain.User) error
	FindUserByEmail(ctx context.Context, email string) (*domain.User, error)
	CreateClinic(ctx context.Context, c *domain.Clinic) error
	FindClinicByID(ctx context.Context, id string) (*domain.Clinic, error)
	PutMembership(ctx context.Context, m *domain.Membership) error
	MembersOfClinic(ctx context.Context, clinicID string) ([]domain.Member, error)
	ListAssessments(ctx context.Context, f domain.AssessmentFilter) ([]domain.Assessment, error)
	ListAudit(ctx context.Context, f domain.AuditFilter) ([]domain.AuditEntry, error)
	CreateAPIToken(ctx context.Context, t *domain.APIToken) error
	ListAPITokens(ctx context.Context, clinicID string) ([]domain.APIToken, error)
	RevokeAPIToken(ctx context.Context, clinicID, id string) error
	ListClinicFlags(ctx context.Context, clinicID string) ([]domain.ClinicFlag, error)
	ResolveClinicFlag(ctx context.Context, clinicID, id string) error
	Worsening(ctx context.Context, clinicID string, now time.Time) ([]domain.WorseningRow, error)
}

// Clinics are the use cases of running a clinic: setting one up, its
// members and tokens, its caseload and audit log.
type Clinics struct {
	unit[ClinicStore]
	// queue sends mail after the answer (s.sendLater), as links are sent.
	queue
	now      func() time.Time
	hasher   *hasher
	sessions *sessionMaker
	joins    *Joins
}

// SetupRequest creates the first account: the deployment's operator, who is
// also the admin of a first clinic.
type SetupRequest struct {
	Email, Name, Password, ClinicName string
}

// NeedsSetup reports whether no account exists yet.
func (s *Clinics) NeedsSetup(ctx context.Context) (bool, error) {
	n, err := s.store.CountUsers(ctx)
	return n == 0, err
}

// Setup creates the first admin, their clinic and a session. It works only
// while there is no account, so a later visitor cannot use it to take over.
func (s *Clinics) Setup(ctx context.Context, address string, req SetupRequest) (*domain.User, *domain.Clinic, string, error) {
	needs, err := s.NeedsSetup(ctx)
	if err != nil {
		return nil, nil, "", err
	}
	if !needs {
		return nil, nil, "", domain.Errorf(domain.EForbidden, "unknot is already set up. Please sign in.")
	}
	return s.createAdmin(ctx, address, req, true, true)
}

// AddAdmin is `unknot user add --role admin`: a new clinic and its admin,
// made by whoever runs the server's command line. The first account made
// this way is also the deployment's operator.
func (s *Clinics) AddAdmin(ctx context.Context, req SetupRequest) (*domain.User, *domain.Clinic, error) {
	first, err := s.NeedsSetup(ctx)
	if err != nil {
		return nil, nil, err
	}
	u, c, _, err := s.createAdmin(ctx, "command line", req, first, false)
	return u, c, err
}

// CreateClinic is the operator's: a new clinic and its first admin.
func (s *Clinics) CreateClinic(ctx context.Context, actor domain.Actor, req SetupRequest) (*domain.User, *domain.Clinic, error) {
	if err := authz.Check(actor, authz.Manage, authz.Resource{Kind: authz.KindDeployment}); err != nil {
		return nil, nil, err
	}
	u, c, _, err := s.createAdmin(ctx, actor.Address, req, false, false)
	return u, c, err
}

// createAdmin makes an account, a clinic, the admin membership, the audit
// entry and (with signIn) a session, all in one transaction.
func (s *Clinics) createAdmin(ctx context.Context, address string, req SetupRequest, operator, signIn bool) (u *domain.User, c *domain.Clinic, session string, err error) {
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
	hash, err := s.hasher.Hash(ctx, req.Password)
	if err != nil {
		return nil, nil, "", err
	}
	err = s.inTx(ctx, func(tx ClinicStore) error {
		u = &domain.User{ID: NewID(), Email: email, Name: strings.TrimSpace(req.Name), PasswordHash: hash, Operator: operator}
		create := tx.CreateUser
		if operator {
			// The operator is the first account: made only while there is none.
			create = tx.CreateFirstUser
		}
		if err := create(ctx, u); err != nil {
			return err
		}
		c = &domain.Clinic{ID: NewID(), Name: name, InviteCode: newInviteCode()}
		if err := tx.CreateClinic(ctx, c); err != nil {
			return err
		}
		if err := tx.PutMembership(ctx, &domain.Membership{ClinicID: c.ID, UserID: u.ID, Role: domain.RoleAdmin}); err != nil {
			return err
		}
		if err := audit(ctx, tx, actorFor(u, address), "create", "clinic:"+c.ID, c.ID, ""); err != nil {
			return err
		}
		if signIn {
			session, err = s.sessions.create(ctx, tx, u.ID)
		}
		return err
	})
	if err != nil {
		return nil, nil, "", err
	}
	return u, c, session, nil
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
	Members []domain.Member
}

// Clinic returns a clinic for its admin.
func (s *Clinics) Clinic(ctx context.Context, actor domain.Actor, clinicID string) (v *ClinicView, err error) {
	if err := authz.Check(actor, authz.Manage, authz.Resource{Kind: authz.KindClinic, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	err = s.audited(ctx, func(tx ClinicStore) error {
		c, err := tx.FindClinicByID(ctx, clinicID)
		if err != nil {
			return err
		}
		ms, err := tx.MembersOfClinic(ctx, clinicID)
		if err != nil {
			return err
		}
		v = &ClinicView{Clinic: *c, Members: ms}
		return audit(ctx, tx, actor, "read", "members:"+clinicID, clinicID, "")
	})
	return v, err
}

// AddMember asks a person to join the admin's clinic with a role: an
// invitation (Joins.Invite). The answer is the same whether or not the
// address has an account, and nobody is a member until they accept.
func (s *Clinics) AddMember(ctx context.Context, actor domain.Actor, clinicID, email string, role domain.Role) error {
	return s.joins.Invite(ctx, actor, clinicID, email, role)
}

// Enrol gives a person with an account a role in a clinic at once: for
// whoever runs the server itself (the demo's seed), never for a request
// from outside, which is an invitation the person accepts.
func (s *Clinics) Enrol(ctx context.Context, clinicID, email string, role domain.Role) error {
	if !role.Valid() {
		return invalid("role", "must be patient, therapist or admin")
	}
	addr, err := checkEmail(email)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx ClinicStore) error {
		u, err := tx.FindUserByEmail(ctx, addr)
		if err != nil {
			return err
		}
		if err := tx.PutMembership(ctx, &domain.Membership{ClinicID: clinicID, UserID: u.ID, Role: role}); err != nil {
			return err
		}
		return audit(ctx, tx, actorFor(u, "command line"), "add-member:"+string(role), "account:"+u.ID, clinicID, u.ID)
	})
}

// Caseload lists the assessments shared with a clinic, for its staff and
// its tokens. Each listing is audited.
func (s *Clinics) Caseload(ctx context.Context, actor domain.Actor, clinicID string) (list []domain.Assessment, err error) {
	if err := authz.Check(actor, authz.Read, authz.Resource{Kind: authz.KindCaseload, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	err = s.audited(ctx, func(tx ClinicStore) error {
		if list, err = tx.ListAssessments(ctx, domain.AssessmentFilter{ClinicID: clinicID}); err != nil {
			return err
		}
		return audit(ctx, tx, actor, "read", "caseload:"+clinicID, clinicID, "")
	})
	return list, err
}

// AuditQuery filters a clinic's audit log; empty fields match everything.
type AuditQuery struct {
	Actor, Record, Action string
	Limit                 int
}

// ClinicAudit returns the clinic's audit log for its admin, filtered.
func (s *Clinics) ClinicAudit(ctx context.Context, actor domain.Actor, clinicID string, q AuditQuery) ([]domain.AuditEntry, error) {
	if err := authz.Check(actor, authz.Manage, authz.Resource{Kind: authz.KindClinic, ClinicID: clinicID}); err != nil {
		return nil, err
	}
	return s.store.ListAudit(ctx, domain.AuditFilter{ClinicID: clinicID, Actor: q.Actor, Record: q.Record, Action: q.Action, Limit: q.Limit})
}
