package authz

import (
	"testing"
	"time"

	"unknot/internal/domain"
)

func TestCheck(t *testing.T) {
	patient := domain.Actor{ID: "p", UserID: "p", Memberships: []domain.Membership{{ClinicID: "c1", UserID: "p", Role: domain.RolePatient}}}
	other := domain.Actor{ID: "o", UserID: "o"}
	therapist := domain.Actor{ID: "t", UserID: "t", Memberships: []domain.Membership{{ClinicID: "c1", UserID: "t", Role: domain.RoleTherapist}}}
	admin2 := domain.Actor{ID: "a2", UserID: "a2", Memberships: []domain.Membership{{ClinicID: "c2", UserID: "a2", Role: domain.RoleAdmin}}}
	operator := domain.Actor{ID: "op", UserID: "op", Operator: true}
	anon := domain.Actor{ID: "anonymous"}
	readTok := domain.Actor{ID: "token:r", Token: &domain.APIToken{ClinicID: "c1", Scope: domain.ScopeRead}}
	writeTok := domain.Actor{ID: "token:w", Token: &domain.APIToken{ClinicID: "c1", Scope: domain.ScopeWrite}}

	admin1 := domain.Actor{ID: "a1", UserID: "a1", Memberships: []domain.Membership{{ClinicID: "c1", UserID: "a1", Role: domain.RoleAdmin}}}
	revoked := time.Unix(0, 0)
	revokedTok := domain.Actor{ID: "token:x", Token: &domain.APIToken{ClinicID: "c1", Scope: domain.ScopeRead, RevokedAt: &revoked}}
	chart := Resource{Kind: KindChart, OwnerID: "p", ClinicID: "c1"}
	prog := Resource{Kind: KindProgram, OwnerID: "p", ClinicID: "c1"}
	note := Resource{Kind: KindNote, OwnerID: "t", ClinicID: "c1"}
	owned := Resource{Kind: KindHealth, OwnerID: "p", ClinicID: "c1"}
	unshared := Resource{Kind: KindHealth, OwnerID: "p"}
	anonymous := Resource{Kind: KindHealth}

	cases := []struct {
		name  string
		actor domain.Actor
		act   Action
		res   Resource
		allow bool
		code  domain.Code
	}{
		{"therapist imports", therapist, Write, Resource{Kind: KindImport, ClinicID: "c1"}, true, ""},
		{"write token imports", writeTok, Write, Resource{Kind: KindImport, ClinicID: "c1"}, true, ""},
		{"read token may not import", readTok, Write, Resource{Kind: KindImport, ClinicID: "c1"}, false, domain.EForbidden},
		{"patient may not import", patient, Write, Resource{Kind: KindImport, ClinicID: "c1"}, false, domain.EForbidden},
		{"another clinic's admin may not import", admin2, Write, Resource{Kind: KindImport, ClinicID: "c1"}, false, domain.EForbidden},
		{"admin exports research", admin1, Export, Resource{Kind: KindResearch, ClinicID: "c1"}, true, ""},
		{"therapist may not export research", therapist, Export, Resource{Kind: KindResearch, ClinicID: "c1"}, false, domain.EForbidden},
		{"token may not export research", writeTok, Export, Resource{Kind: KindResearch, ClinicID: "c1"}, false, domain.EForbidden},
		{"owner reads", patient, Read, owned, true, ""},
		{"owner deletes", patient, Delete, owned, true, ""},
		{"another person reads", other, Read, owned, false, domain.ENotFound},
		{"anonymous reads an owned record", anon, Read, owned, false, domain.EUnauthorized},
		{"therapist of the clinic reads", therapist, Read, owned, true, ""},
		{"therapist of the clinic may not delete", therapist, Delete, owned, false, domain.ENotFound},
		{"therapist reads an unshared record", therapist, Read, unshared, false, domain.ENotFound},
		{"another clinic's admin reads", admin2, Read, owned, false, domain.ENotFound},
		{"operator reads health data", operator, Read, owned, false, domain.ENotFound},
		{"read token reads its clinic's record", readTok, Read, owned, true, ""},
		{"read token may not write", readTok, Write, owned, false, domain.ENotFound},
		{"write token writes", writeTok, Write, owned, true, ""},
		{"link holder reads an anonymous record", anon, Read, anonymous, true, ""},
		{"token reads an anonymous record", readTok, Read, anonymous, false, domain.ENotFound},
		{"signed-in person claims an anonymous record", other, Claim, anonymous, true, ""},
		{"anonymous may not claim", anon, Claim, anonymous, false, domain.EUnauthorized},
		{"nobody claims someone's record", other, Claim, owned, false, domain.ENotFound},
		{"own account export", patient, Export, Resource{Kind: KindAccount, OwnerID: "p"}, true, ""},
		{"therapist exports a patient's account", therapist, Export, Resource{Kind: KindAccount, OwnerID: "p"}, false, domain.EForbidden},
		{"admin manages own clinic", admin2, Manage, Resource{Kind: KindClinic, ClinicID: "c2"}, true, ""},
		{"admin manages another clinic", admin2, Manage, Resource{Kind: KindClinic, ClinicID: "c1"}, false, domain.EForbidden},
		{"therapist manages the clinic", therapist, Manage, Resource{Kind: KindClinic, ClinicID: "c1"}, false, domain.EForbidden},
		{"token reads its caseload", readTok, Read, Resource{Kind: KindCaseload, ClinicID: "c1"}, true, ""},
		{"therapist resolves a flag", therapist, Write, Resource{Kind: KindCaseload, ClinicID: "c1"}, true, ""},
		{"token resolves a flag", writeTok, Write, Resource{Kind: KindCaseload, ClinicID: "c1"}, false, domain.EForbidden},
		{"another clinic's admin resolves a flag", admin2, Write, Resource{Kind: KindCaseload, ClinicID: "c1"}, false, domain.EForbidden},
		{"patient reads the caseload", patient, Read, Resource{Kind: KindCaseload, ClinicID: "c1"}, false, domain.EForbidden},
		{"operator makes clinics", operator, Manage, Resource{Kind: KindDeployment}, true, ""},
		{"admin makes clinics", admin2, Manage, Resource{Kind: KindDeployment}, false, domain.EForbidden},
		{"unknown kind", operator, Read, Resource{Kind: "other"}, false, domain.EForbidden},
		{"therapist reads a chart", therapist, Read, chart, true, ""},
		{"therapist writes a chart", therapist, Write, chart, true, ""},
		{"read token reads a chart", readTok, Read, chart, true, ""},
		{"write token may not write a chart", writeTok, Write, chart, false, domain.EForbidden},
		{"patient reads their own chart", patient, Read, chart, false, domain.EForbidden},
		{"another clinic's admin reads a chart", admin2, Read, chart, false, domain.EForbidden},
		{"operator reads a chart", operator, Read, chart, false, domain.EForbidden},
		{"patient reads their program", patient, Read, prog, true, ""},
		{"patient writes their program", patient, Write, prog, false, domain.EForbidden},
		{"another person reads a program", other, Read, prog, false, domain.ENotFound},
		{"therapist writes a program", therapist, Write, prog, true, ""},
		{"read token reads a program", readTok, Read, prog, true, ""},
		{"write token may not write a program", writeTok, Write, prog, false, domain.EForbidden},
		{"therapist reads a note", therapist, Read, note, true, ""},
		{"therapist drafts a note", therapist, Write, note, true, ""},
		{"author signs", therapist, Sign, note, true, ""},
		{"someone else signs", admin1, Sign, note, false, domain.EForbidden},
		{"token signs", writeTok, Sign, note, false, domain.EForbidden},
		{"patient reads a note", patient, Read, note, false, domain.EForbidden},
		{"another clinic's admin writes a note", admin2, Write, note, false, domain.EForbidden},
		{"revoked token reads a note", revokedTok, Read, note, false, domain.EForbidden},
	}
	for _, c := range cases {
		err := Check(c.actor, c.act, c.res)
		if (err == nil) != c.allow {
			t.Errorf("%s: Check = %v; want allowed=%v", c.name, err, c.allow)
			continue
		}
		if !c.allow && domain.ErrorCode(err) != c.code {
			t.Errorf("%s: code %s; want %s", c.name, domain.ErrorCode(err), c.code)
		}
	}
}
