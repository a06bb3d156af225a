package diary

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"unknot/internal/clinical"
	"unknot/internal/plan"
	"unknot/internal/triage"
)

// Step is what a check-in leads to.
type Step string

// The steps, most urgent first.
const (
	// Retriage: a new warning sign. Run triage.Assess again at once, on the
	// person's input with the new words (ForRetriage or WithRedFlags), and
	// show the new result.
	Retriage Step = "retriage"
	// SeeClinician: home care is not working; the advice becomes "see a
	// clinician" and a clinic patient's clinic is told.
	SeeClinician Step = "see_clinician"
	// Continue: carry on with the plan, stepped up, held or eased back as
	// Adjust says.
	Continue Step = "continue"
)

// FlagReason is why a clinic is told about its patient.
type FlagReason string

// The reasons for a clinic flag.
const (
	FlagRedFlag  FlagReason = "new_red_flag"
	FlagWorse    FlagReason = "worse"
	FlagNoBetter FlagReason = "no_better_after_14_days"
)

// NoBetterDays is the re-check: no better this many days after the plan
// started means see a clinician (NHS inform; REFERENCE §5).
const NoBetterDays = 14

// Sources of the escalation rules, named as in the clinical reference.
const (
	srcOstelo   = "Ostelo 2008: a change of 2 points or 30% in pain is meaningful"
	srcNHS2Week = "NHS inform: contact a clinician if no better after 2 weeks"
	srcChou     = "Chou 2011: red flags for low back pain"
)

// ClinicFlag is a note for a clinic patient's clinic: the reason and the
// time. Key is the same for every check-in that repeats the reason within
// one plan (the reason, the plan's start and, for red flags, the words), so
// that the store can record each flag once.
type ClinicFlag struct {
	Reason FlagReason `json:"reason"`
	Text   string     `json:"text"` // for the clinician
	At     time.Time  `json:"at"`
	Key    string     `json:"key"`
}

// EscalationInput is what Escalate looks at after a check-in is saved.
type EscalationInput struct {
	// Entry is the check-in just saved (today's, or a back-filled day).
	Entry Entry
	// Known are the words the person's current result was assessed with
	// (the input's symptoms and history): a red flag among them is not new.
	Known []string
	// Trend is TrendOf the diary including Entry.
	Trend Trend
	// Plan is the person's plan, for plan.Adjust; nil when they have none.
	Plan *plan.Plan
	// Clinic is true for a clinic patient: escalations raise ClinicFlags.
	Clinic bool
	// Now is when the check-in was saved: the flags' time.
	Now time.Time
}

// Escalation is what to do after a check-in, and why.
type Escalation struct {
	Step Step `json:"step"`
	// Retriage lists the new red-flag words, in the entry's order.
	Retriage []string `json:"retriage,omitempty"`
	// Disposition is the least this check-in calls for on its own:
	// see_clinician when pain is worse or no better after 14 days, else
	// empty. After a re-triage show Final(the new result's disposition).
	Disposition clinical.Disposition `json:"disposition,omitempty"`
	// Advice is the one thing to do, in plain words; empty for Retriage,
	// where the new result's action is the advice.
	Advice  string   `json:"advice"`
	Because []string `json:"because"`
	Sources []string `json:"sources"`
	// Adjust is plan.Adjust's decision on the dose, when there is a plan
	// and no re-triage.
	Adjust *plan.Decision `json:"adjust,omitempty"`
	Flags  []ClinicFlag   `json:"flags,omitempty"`
}

// Final is the disposition to show after re-running triage: the more
// urgent of the new result's and the escalation's own.
func (e Escalation) Final(retriaged clinical.Disposition) clinical.Disposition {
	if e.Disposition != "" && e.Disposition.Rank() > retriaged.Rank() {
		return e.Disposition
	}
	return retriaged
}

// Escalate applies the diary's escalation rules to a saved check-in:
//
//   - a red flag in the entry that the current result did not know →
//     Retriage now, with the new words;
//   - pain worse by the meaningful change (Trend.Status Worse), at any
//     point → see a clinician;
//   - 14 days or more since the plan started and not better (same, or not
//     enough data to say) → see a clinician;
//   - otherwise continue, with plan.Adjust's decision on the dose.
//
// Each rule that fires adds its reason, and for a clinic patient a flag.
// Step is the most urgent of them.
func Escalate(in EscalationInput) Escalation {
	tr := &in.Trend
	e := Escalation{Step: Continue}
	flag := func(r FlagReason, key, text string) {
		if in.Clinic {
			e.Flags = append(e.Flags, ClinicFlag{Reason: r, Text: text, At: in.Now,
				Key: string(r) + ":" + tr.Start + key})
		}
	}

	if words := newRedFlags(in.Entry.RedFlags, in.Known); len(words) > 0 {
		e.Step, e.Retriage = Retriage, words
		labels := make([]string, len(words))
		for i, w := range words {
			labels[i] = lowerFirst(clinical.Label(w))
		}
		e.Because = append(e.Because, "You said yes to a warning sign: "+strings.Join(labels, "; ")+
			". So we checked your answers again.")
		e.Sources = append(e.Sources, srcChou)
		flag(FlagRedFlag, ":"+strings.Join(words, ","), "New red flag on the check-in for "+in.Entry.Date+": "+strings.Join(words, ", "))
	}

	seeClinician := false
	switch {
	case tr.Status == Worse:
		seeClinician = true
		e.Because = append(e.Because, "Your pain is worse. It was "+number(tr.Baseline)+
			" out of 10 at the start, and "+number(tr.Recent)+" over the last 7 days. A rise of 2 points, or 30%, is a real change.")
		e.Sources = append(e.Sources, srcOstelo)
		flag(FlagWorse, "", "Pain worse: "+changeSummary(tr))
	case tr.DaysSinceStart >= NoBetterDays && tr.Status != Better:
		seeClinician = true
		if tr.Status == NotEnoughData {
			e.Because = append(e.Because, fmt.Sprintf("It is %d days since you started your plan. There are too few check-ins to show that your pain is better.", tr.DaysSinceStart))
		} else {
			e.Because = append(e.Because, fmt.Sprintf("It is %d days since you started your plan, and your pain is not better.", tr.DaysSinceStart))
		}
		e.Sources = append(e.Sources, srcNHS2Week)
		flag(FlagNoBetter, "", fmt.Sprintf("No better after %d days: %s", tr.DaysSinceStart, changeSummary(tr)))
	}
	if seeClinician {
		e.Disposition = clinical.SeeClinician
		if e.Step == Continue {
			e.Step = SeeClinician
		}
	}

	if e.Step != Retriage && in.Plan != nil && tr.BaselineDays > 0 {
		d := plan.Adjust(*in.Plan, round(tr.Baseline), painNow(tr), tr.Adherent)
		e.Adjust = &d
	}
	switch e.Step {
	case SeeClinician:
		e.Advice = triage.Action(clinical.SeeClinician)
	case Continue:
		e.Advice = "Keep going with your self-care, and check in each day."
		if e.Adjust != nil {
			e.Advice = e.Adjust.Because
		}
		if tr.Status == NotEnoughData {
			e.Because = append(e.Because, "There is not enough to compare yet.")
		} else {
			e.Because = append(e.Because, tr.Text)
		}
	}
	if e.Sources == nil {
		e.Sources = []string{srcOstelo}
	}
	return e
}

// lowerFirst puts a label into the middle of a sentence.
func lowerFirst(s string) string {
	if s != "" && s[0] >= 'A' && s[0] <= 'Z' {
		return string(s[0]+'a'-'A') + s[1:]
	}
	return s
}

// newRedFlags returns the words of flags not in known, once each, in order.
func newRedFlags(flags, known []string) []string {
	var out []string
	for _, w := range flags {
		if !slices.Contains(known, w) && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// painNow is today's pain when today has an entry, otherwise the recent
// mean, as a whole number for plan.Adjust.
func painNow(tr *Trend) int {
	if n := len(tr.Series); n > 0 && tr.Series[n-1].Date == tr.Today {
		return tr.Series[n-1].PainNow
	}
	return round(tr.Recent)
}

// round rounds half up: pain means are never negative.
func round(v float64) int { return int(math.Floor(v + 0.5)) }

// changeSummary is the numbers behind an escalation, for the clinician.
func changeSummary(tr *Trend) string {
	base := fmt.Sprintf("baseline %s (%s)", number(tr.Baseline), strings.ReplaceAll(tr.BaselineFrom, "_", " "))
	if tr.RecentDays == 0 || tr.Status == NotEnoughData {
		return fmt.Sprintf("%d check-ins since the plan started, %d in the last 7 days; too few to compare with the %s", tr.Days, tr.RecentDays, base)
	}
	s := fmt.Sprintf("7-day mean pain %s/10 over %d days, %s, change %+.1f points", number(tr.Recent), tr.RecentDays, base, tr.Change)
	if tr.ChangePercent != nil {
		s += fmt.Sprintf(" (%+.0f%%)", *tr.ChangePercent)
	}
	return s
}

// WithRedFlags returns a copy of in assessed at at, with words added to its
// symptoms or history (by the list each belongs to), each once; words in
// neither list are left out. in's own slices are not changed.
func WithRedFlags(in clinical.Input, words []string, at time.Time) clinical.Input {
	in.At = &at
	in.Symptoms = slices.Clone(in.Symptoms)
	in.History = slices.Clone(in.History)
	for _, w := range words {
		switch {
		case clinical.ListSymptoms.Has(w):
			if !slices.Contains(in.Symptoms, w) {
				in.Symptoms = append(in.Symptoms, w)
			}
		case clinical.ListHistory.Has(w):
			if !slices.Contains(in.History, w) {
				in.History = append(in.History, w)
			}
		}
	}
	return in
}

// ForRetriage is the input to re-assess after a check-in: the person's
// input with the entry's red flags added (WithRedFlags), and the rest
// brought up to date from the diary: pain now and worst, sleep and activity
// from the entry, self_care.trend from the trend's status (when it has
// one) and self_care.weeks grown by the days since the plan started. Rules
// that look at the trend (a weak leg that is getting worse is an
// emergency, not urgent) then see it.
func ForRetriage(in clinical.Input, e Entry, tr Trend, at time.Time) clinical.Input {
	in = WithRedFlags(in, e.RedFlags, at)
	now, worst, activity := e.PainNow, e.PainWorst, e.Activity
	in.Pain = clinical.Pain{Now: &now, Worst24h: &worst}
	in.Interference = clinical.Interference{Sleep: e.SleepDisturbed, Activity: &activity}
	if tr.Status != NotEnoughData {
		in.SelfCare.Trend = string(tr.Status)
	}
	if tr.DaysSinceStart > 0 {
		in.SelfCare.Weeks = min(in.SelfCare.Weeks+float64(tr.DaysSinceStart)/7, 520)
	}
	in.SelfCare.Tried = slices.Clone(in.SelfCare.Tried)
	return in
}
