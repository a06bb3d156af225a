package plan

import "fmt"

// Action is what to do with the dose at a check-in.
type Action string

// The three actions.
const (
	Progress Action = "progress"
	Hold     Action = "hold"
	Regress  Action = "regress"
)

// Decision is the outcome of Adjust, with its reason.
type Decision struct {
	Action  Action   `json:"action"`
	Because string   `json:"because"`
	Sources []string `json:"sources"`
}

// Adjust decides whether to step the plan's dose up, keep it, or step it
// back, from the pain at the start (painBaseline) and now (0–10) and whether
// the person has been doing the plan. It applies the plan's own rules:
// regress when pain has risen by Regression.Rise or more; progress while
// pain is at most Progression.MaxPain and the plan is being done; otherwise
// hold. A new warning sign is not Adjust's business: it sends the person
// back to the self-check.
func Adjust(p Plan, painBaseline, painNow int, adherent bool) Decision {
	rise, maxPain := p.Regression.Rise, p.Progression.MaxPain
	if rise == 0 {
		rise = 2
	}
	if maxPain == 0 {
		maxPain = 3
	}
	switch {
	case painNow-painBaseline >= rise:
		return Decision{Action: Regress,
			Because: fmt.Sprintf("Your pain is %d, up from %d. That is a rise of %d or more, so go back to the easier version or your last dose.", painNow, painBaseline, rise),
			Sources: p.Regression.Sources}
	case painNow <= maxPain && adherent:
		return Decision{Action: Progress,
			Because: fmt.Sprintf("Your pain is %d, which is %d or below, and you are doing the plan. Step up a little.", painNow, maxPain),
			Sources: p.Progression.Sources}
	case !adherent:
		return Decision{Action: Hold,
			Because: "Keep the same dose until you have done the plan on most days.",
			Sources: p.Progression.Sources}
	default:
		return Decision{Action: Hold,
			Because: fmt.Sprintf("Your pain is %d, above %d. Keep the same dose for now.", painNow, maxPain),
			Sources: p.Progression.Sources}
	}
}
