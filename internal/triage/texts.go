package triage

import (
	"unknot/internal/clinical"
)

// The words the person reads beside the protocol's own. All are plain
// English at reading grade 8 or below (TestReadability).

// Actions, by disposition rank (self_care, see_clinician, urgent,
// emergency): the one thing to do now. The emergency action names no
// number; the page around it shows the deployment's emergency number.
var actions = [4]string{
	"Start your self-care plan today and check in each day.",
	"Book a visit with a physical therapist or doctor in the next one to two weeks. Until then, follow the safe self-care plan.",
	"See a doctor today, within 24 hours. If you can't get an appointment, call your urgent care or health advice line.",
	"Call emergency services now. Or go to the emergency room at a hospital.",
}

// Action returns the one thing to do now for a disposition, for callers
// that show it apart from a result.
func Action(d clinical.Disposition) string {
	return actions[min(max(d.Rank(), 0), len(actions)-1)]
}

// Disclaimer is said with every result.
const Disclaimer = "unknot does not diagnose. It helps you choose where to go next and how to care for yourself. " +
	"It does not replace a doctor or physical therapist. If you are worried, get help."
