package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"unknot/internal/app"
	"unknot/internal/clinical"
	"unknot/internal/diary"
	"unknot/internal/domain"
	"unknot/internal/notes"
	"unknot/internal/outcome"
	"unknot/internal/program"
)

// The demo clinic: an outside interface others rely on (issue 13), so its
// names are fixed: "Demo Clinic", admin@demo.example,
// therapist@demo.example and patient1@demo.example … patient12@demo.example,
// plus two new intakes (patient13, patient14).
const (
	demoClinic    = "Demo Clinic"
	demoDomain    = "@demo.example"
	demoPatients  = 12
	demoNewIntake = 2
	demoTZ        = "Europe/London"
)

// demoClock is the store's and the services' clock while the demo is
// seeded: it stands at each moment of a patient's history, so that every
// record carries the time it would have had, and reads the real clock
// otherwise. The history is so made relative to the day unknot starts.
type demoClock struct {
	mu   sync.Mutex
	real func() time.Time
	at   time.Time
}

// Now is the moment set, or the real time.
func (c *demoClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() {
		return c.at
	}
	return c.real()
}

func (c *demoClock) set(t time.Time) {
	c.mu.Lock()
	c.at = t
	c.mu.Unlock()
}

// demoAccounts is how many accounts the demo makes.
func demoAccounts() int { return 2 + demoPatients + demoNewIntake }

// checkDemoDatabase decides what --demo does with the database: seed it
// when it has no account; start as it is when it holds only the demo's
// accounts (a restart); refuse otherwise, saying why.
func checkDemoDatabase(ctx context.Context, count func(ctx context.Context) (int, error), emails func(ctx context.Context) ([]string, error)) (seed bool, err error) {
	n, err := count(ctx)
	if err != nil || n == 0 {
		return err == nil, err
	}
	list, err := emails(ctx)
	if err != nil {
		return false, err
	}
	for _, e := range list {
		if !strings.HasSuffix(e, demoDomain) {
			return false, usagef("--demo needs an empty database, and this one has %d accounts that are not the demo's (such as %s): "+
				"start the demo with a new --data folder (or database) so that no real record is mixed with it", n, e)
		}
	}
	return false, nil
}

// seedDemo makes the demo clinic through the use cases themselves, with
// the clock set to each moment of its history, and prints the accounts
// (with the password when it was made here).
func seedDemo(ctx context.Context, uc *app.Services, clock *demoClock, password string, printPassword bool, out io.Writer) (err error) {
	defer domain.Wrap(&err, "seeding the demo clinic")
	defer clock.set(time.Time{})
	now := clock.real()
	_, clinic, err := uc.Clinics.AddAdmin(ctx, app.SetupRequest{Email: "admin" + demoDomain, Name: "Alex Admin",
		Password: password, ClinicName: demoClinic})
	if err != nil {
		return err
	}
	th, err := uc.Accounts.AddPerson(ctx,
		app.SignUpRequest{Email: "therapist" + demoDomain, Name: "Sam Rivera", Password: password})
	if err != nil {
		return err
	}
	if err := uc.Clinics.Enrol(ctx, clinic.ID, th.Email, domain.RoleTherapist); err != nil {
		return err
	}
	therapist := domain.Actor{ID: th.ID, UserID: th.ID, Address: "demo",
		Memberships: []domain.Membership{{ClinicID: clinic.ID, UserID: th.ID, Role: domain.RoleTherapist}}}
	for i := 1; i <= demoPatients+demoNewIntake; i++ {
		if err := seedPatient(ctx, uc, clock, now, clinic, therapist, i, password); err != nil {
			return fmt.Errorf("patient %d: %w", i, err)
		}
	}
	fmt.Fprintf(out, "Demo Clinic is ready, with %d patients. Sign in at /login as:\n", demoPatients+demoNewIntake)
	fmt.Fprintf(out, "  admin%s (admin)\n  therapist%s (therapist)\n", demoDomain, demoDomain)
	for i := 1; i <= demoPatients+demoNewIntake; i++ {
		fmt.Fprintf(out, "  patient%d%s (patient)\n", i, demoDomain)
	}
	if printPassword {
		fmt.Fprintf(out, "  password for every demo account: %s\n", password)
	} else {
		fmt.Fprintln(out, "  password for every demo account: the one in UNKNOT_DEMO_PASSWORD")
	}
	return nil
}

var demoNames = []string{"Jordan Lee", "Priya Shah", "Tom Okafor", "Maria Rossi", "Chen Wei", "Aisha Khan", "Ben Carter",
	"Lucia Gomez", "Noah Fischer", "Grace Byrne", "Omar Haddad", "Ella Novak", "Ravi Patel", "Sofia Lind"}

// trend of a demo patient's pain: better, the same, or worse lately.
type trend int

const (
	better trend = iota
	same
	worse
)

// seedPatient makes demo patient i's history: 2 to 6 weeks of it, ending
// now; patients past demoPatients are new intakes who shared a result
// yesterday.
func seedPatient(ctx context.Context, uc *app.Services, clock *demoClock, now time.Time, clinic *domain.Clinic, therapist domain.Actor, i int, password string) error {
	loc, _ := clinical.LoadLocation(demoTZ)
	email := fmt.Sprintf("patient%d%s", i, demoDomain)
	weeks := 2 + i%5
	intake := i > demoPatients
	if intake {
		weeks = 0
	}
	day := func(d, hour int) time.Time {
		base := now.In(loc).AddDate(0, 0, -7*weeks+d)
		return time.Date(base.Year(), base.Month(), base.Day(), hour, 0, 0, 0, loc)
	}
	start := day(0, 9)
	if intake {
		start = now.Add(-time.Duration(20+4*i) * time.Hour)
	}
	clock.set(start.Add(-time.Hour))
	u, err := uc.Accounts.AddPerson(ctx,
		app.SignUpRequest{Email: email, Name: demoNames[(i-1)%len(demoNames)], Password: password, InviteCode: clinic.InviteCode})
	if err != nil {
		return err
	}
	me := domain.Actor{ID: u.ID, UserID: u.ID, Address: "demo",
		Memberships: []domain.Membership{{ClinicID: clinic.ID, UserID: u.ID, Role: domain.RolePatient}}}
	tr := trend(i % 3)
	first := []int{7, 5, 4}[tr]
	side := []string{"left", "right"}[i%2]
	regions := []string{"lumbar_" + side, "iliac_crest_" + side, "upper_buttock_" + side, "flank_" + side}[i%4]
	in, err := clinical.Decode([]byte(fmt.Sprintf(`{"at": %q, "tz": %q, "age": %d, "sex": %q, "onset": %q, "regions": [%q],
		"pain": {"now": %d, "worst_24h": %d}, "symptoms": ["tight_band", "tender_spot", "stiffness"],
		"interference": {"sleep": false, "activity": 3}, "self_care": {"tried": ["stretching"], "weeks": 0, "trend": "same"},
		"triggers": ["prolonged_sitting"], "lifestyle": {"sitting_hours": %d, "active_days_per_week": 2, "stress": 4,
		"water_litres": 1.5, "sleep_hours": 7}}`, start.UTC().Format(time.RFC3339), demoTZ, 28+3*i, []string{"female", "male"}[i%2],
		start.Add(-30*time.Hour).UTC().Format(time.RFC3339), regions, first, first+1, 4+i%5)))
	if err != nil {
		return err
	}
	clock.set(start)
	res, err := uc.Assessments.Create(ctx, me, in)
	if err != nil {
		return err
	}
	if _, err := uc.Assessments.Share(ctx, me, res.ID, clinic.InviteCode); err != nil {
		return err
	}
	pain := func(v int) []outcome.Answer { return []outcome.Answer{{LinkID: "pain", Value: &v}} }
	if _, err := uc.Outcomes.Record(ctx, me, res.ID, "nprs", pain(first)); err != nil {
		return err
	}
	if intake {
		return nil
	}
	days := 7 * weeks
	// A few stop checking in (no check-in for days); some do little of
	// their program; two report a warning sign in their last check-in.
	lastCheckin := days
	if i%6 == 1 {
		lastCheckin = days - 5
	}
	for lastCheckin > 0 && day(lastCheckin, 19).After(now) {
		lastCheckin-- // today's check-in is still to come
	}
	lowAdherence := i%5 == 3
	redFlag := i == 4 || i == 9
	programDay := 2
	var current program.Program
	for d := 1; d <= days; d++ {
		// The therapist's visits: the first, then a follow-up each week.
		if d == programDay || (d > programDay && (d-programDay)%7 == 0) {
			clock.set(day(d, 10))
			if err := seedVisit(ctx, uc, therapist, clinic.ID, u.ID, d == programDay, i, side, day(d, 10).Format(time.DateOnly)); err != nil {
				return err
			}
			if d == programDay {
				if current, err = uc.Programs.Draft(ctx, therapist, clinic.ID, u.ID, app.TemplatePlan); err != nil {
					return err
				}
				current.Notes = "Little and often is best. Stop any exercise that gives sharp pain."
				current.Articles = []string{"what-is-a-knot", "posture-and-ergonomics"}
				current.ReassessOn = day(days+1-i%3, 9).Format(time.DateOnly)
				if _, err := uc.Programs.Assign(ctx, therapist, clinic.ID, u.ID, current); err != nil {
					return err
				}
				if _, err := uc.Patients.AssignQuestionnaire(ctx, therapist, clinic.ID, u.ID, "nprs", 14, day(d, 10).Format(time.DateOnly)); err != nil {
					return err
				}
			} else if (d-programDay)/7 == 1 && len(current.Exercises) > 0 {
				// A week in: one step up, as a new version.
				current.Exercises[0].Reps += 2
				if _, err := uc.Programs.Assign(ctx, therapist, clinic.ID, u.ID, current); err != nil {
					return err
				}
			}
		}
		at := day(d, 19)
		if d > lastCheckin {
			continue
		}
		clock.set(at)
		p := demoPain(tr, first, d, days)
		e := diary.Entry{PainNow: p, PainWorst: min(10, p+1), Stiffness: min(10, max(0, p-1)), Activity: max(0, p-2), Done: []string{"exercise"}}
		if redFlag && d == lastCheckin {
			e.RedFlags = []string{"numbness"}
		}
		if _, err := uc.Diary.CheckIn(ctx, me, res.ID, e); err != nil {
			return fmt.Errorf("check-in on day %d: %w", d, err)
		}
		if d == programDay+1 && i%2 == 0 {
			if err := uc.Programs.MarkRead(ctx, me, "what-is-a-knot"); err != nil {
				return fmt.Errorf("reading on day %d: %w", d, err)
			}
		}
		if d > programDay && (!lowAdherence || d%3 == 0) {
			if _, err := uc.Programs.LogSession(ctx, me, "", nil); err != nil {
				return fmt.Errorf("program session on day %d: %w", d, err)
			}
		}
		if d >= programDay && (d-programDay)%14 == 0 {
			if _, err := uc.Outcomes.Record(ctx, me, res.ID, "nprs", pain(p)); err != nil {
				return err
			}
		}
	}
	if i == 1 {
		return seedTalk(ctx, uc, clock, now, clinic.ID, me, therapist, res.ID)
	}
	return nil
}

// seedTalk gives demo patient 1 a short thread with the clinic (its last
// message not yet read by the staff) and a visit request to answer.
func seedTalk(ctx context.Context, uc *app.Services, clock *demoClock, now time.Time, clinicID string, me, therapist domain.Actor, resultID string) error {
	steps := []struct {
		from domain.Actor
		ago  time.Duration
		text string
	}{
		{me, 30 * time.Hour, "Is it fine to do the stretches twice on a bad day?"},
		{therapist, 26 * time.Hour, "Yes, twice is fine if it does not make the pain sharper. Stop if it does."},
		{me, 3 * time.Hour, "Thanks. The knot on my left side is a bit better this week."},
	}
	for _, st := range steps {
		clock.set(now.Add(-st.ago))
		if _, err := uc.Messages.Send(ctx, st.from, clinicID, me.UserID, app.MessageInput{Text: st.text}); err != nil {
			return err
		}
		if st.from.UserID == me.UserID && st.ago > 24*time.Hour {
			if _, err := uc.Messages.Thread(ctx, therapist, clinicID, me.UserID); err != nil {
				return err
			}
		} else if st.from.UserID != me.UserID {
			if _, err := uc.Messages.Thread(ctx, me, clinicID, me.UserID); err != nil {
				return err
			}
		}
	}
	clock.set(now.Add(-2 * time.Hour))
	_, err := uc.Visits.Request(ctx, me, resultID, app.VisitRequest{Times: "Weekday mornings, or Saturday", Note: "I work afternoons."})
	return err
}

// demoPain is day d's pain: better falls from the first pain to 2 within
// 10 days (before the 14-day re-check could find it no better), the
// same wanders around it, worse holds then climbs 3 points in the last
// week.
func demoPain(tr trend, first, d, days int) int {
	switch tr {
	case better:
		return max(2, first-(first-2)*d/10)
	case worse:
		if d > days-6 {
			return min(9, first+3)
		}
		return first + d%2
	}
	return first + []int{0, 1, 0, -1}[d%4]
}

// seedVisit writes and signs one session note: the first visit, or a
// follow-up with trigger point release (and dry needling for some).
func seedVisit(ctx context.Context, uc *app.Services, therapist domain.Actor, clinicID, patientID string, firstVisit bool, i int, side, date string) error {
	before, after := 6, 4
	muscle := []string{"quadratus_lumborum", "gluteus_medius", "erector_spinae", "piriformis"}[i%4]
	in := app.NoteInput{Date: date, Template: "follow_up", Body: notes.Body{
		Findings:      []notes.Finding{{Muscle: muscle, Side: side, TriggerPoint: true, TautBand: true, ReferredPain: i%2 == 0}},
		RangeOfMotion: "Side bending a little limited to the " + side, PainBefore: &before, PainAfter: &after,
		Interventions: []notes.Intervention{{Kind: notes.TriggerPointRelease, Details: "Ischaemic pressure, 3 rounds of 60 s"},
			{Kind: notes.ExerciseInstruction, Details: "Reviewed the home program"}},
		PlanNext: "Review the program; progress if the pain is the same or better."}}
	if i%3 == 2 {
		in.Body.Interventions = append(in.Body.Interventions, notes.Intervention{Kind: notes.DryNeedling, Details: "2 needles, " + side + " " + muscle})
	}
	if firstVisit {
		in.Template = "initial"
		in.Body.Interventions = append(in.Body.Interventions, notes.Intervention{Kind: notes.Education, Details: "What a knot is; staying active."})
	}
	n, err := uc.Notes.Create(ctx, therapist, clinicID, patientID, in)
	if err != nil {
		return err
	}
	_, err = uc.Notes.Sign(ctx, therapist, clinicID, n.ID)
	return err
}
