package authz

import (
	"testing"

	"unknot/internal/domain"
)

// TestThreadAndMembership: a thread is the patient's (while a patient of
// that clinic) and that clinic's therapists' and admins'; never a token's,
// another clinic's, or another patient's. A membership is the person's own
// to accept, read or leave.
func TestThreadAndMembership(t *testing.T) {
	patient := domain.Actor{ID: "p", UserID: "p", Memberships: []domain.Membership{{ClinicID: "c1", UserID: "p", Role: domain.RolePatient}}}
	otherPatient := domain.Actor{ID: "q", UserID: "q", Memberships: []domain.Membership{{ClinicID: "c1", UserID: "q", Role: domain.RolePatient}}}
	therapist := domain.Actor{ID: "t", UserID: "t", Memberships: []domain.Membership{{ClinicID: "c1", UserID: "t", Role: domain.RoleTherapist}}}
	admin2 := domain.Actor{ID: "a2", UserID: "a2", Memberships: []domain.Membership{{ClinicID: "c2", UserID: "a2", Role: domain.RoleAdmin}}}
	tok := domain.Actor{ID: "token:w", Token: &domain.APIToken{ClinicID: "c1", Scope: domain.ScopeWrite}}
	anon := domain.Actor{ID: "anonymous"}
	thread := Resource{Kind: KindThread, OwnerID: "p", ClinicID: "c1"}
	for _, c := range []struct {
		name  string
		actor domain.Actor
		act   Action
		res   Resource
		allow bool
	}{
		{"the patient writes to their clinic", patient, Write, thread, true},
		{"the patient reads their thread", patient, Read, thread, true},
		{"the patient writes to another clinic", patient, Write, Resource{Kind: KindThread, OwnerID: "p", ClinicID: "c2"}, false},
		{"the clinic's therapist reads it", therapist, Read, thread, true},
		{"the clinic's therapist answers", therapist, Write, thread, true},
		{"another clinic's admin reads it", admin2, Read, thread, false},
		{"another patient reads it", otherPatient, Read, thread, false},
		{"a write token reads it", tok, Read, thread, false},
		{"anonymous reads it", anon, Read, thread, false},
		{"nobody deletes it", therapist, Delete, thread, false},
		{"the person accepts an invitation", patient, Write, Resource{Kind: KindMembership, OwnerID: "p"}, true},
		{"the person leaves", patient, Delete, Resource{Kind: KindMembership, OwnerID: "p", ClinicID: "c1"}, true},
		{"an admin accepts for someone", admin2, Write, Resource{Kind: KindMembership, OwnerID: "p"}, false},
		{"a token accepts", tok, Write, Resource{Kind: KindMembership, OwnerID: "p"}, false},
	} {
		if err := Check(c.actor, c.act, c.res); (err == nil) != c.allow {
			t.Errorf("%s: Check = %v; want allowed %v", c.name, err, c.allow)
		}
	}
}
