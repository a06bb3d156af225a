package clinical

import "time"

// Disposition is where the person should go next, from most to least urgent.
type Disposition string

// The four dispositions of the contract.
const (
	Emergency    Disposition = "emergency"
	Urgent       Disposition = "urgent"
	SeeClinician Disposition = "see_clinician"
	SelfCareOnly Disposition = "self_care"
)

// Rank orders dispositions: a higher rank is more urgent. Unknown values rank
// highest so that a mistake can only over-triage.
func (d Disposition) Rank() int {
	switch d {
	case SelfCareOnly:
		return 0
	case SeeClinician:
		return 1
	case Urgent:
		return 2
	default:
		return 3
	}
}

// Reason is one matched rule: what it decided, why in plain words, and where
// the rule comes from.
type Reason struct {
	Rule        string      `json:"rule"`
	Disposition Disposition `json:"disposition"`
	Text        string      `json:"text"`
	Sources     []string    `json:"sources"`
}

// ProtocolRef names the protocol version that produced a result. Digest,
// unknot's addition, is the SHA-256 of the protocol file, so that a file
// edited without a new version is still told apart.
type ProtocolRef struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	Digest  string `json:"digest,omitempty"`
}

// Muscle is a muscle likely involved, and where it sends pain.
type Muscle struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Refers  string   `json:"refers"`
	Because []string `json:"because"`
	Sources []string `json:"sources"`
}

// Contributor is something in the person's day that may feed the knot.
type Contributor struct {
	ID      string `json:"id"`
	Text    string `json:"text"`
	Because string `json:"because"`
}

// LumpNote says what a lump's features suggest and what to do about it.
type LumpNote struct {
	Text    string   `json:"text"`
	Action  string   `json:"action"`
	Sources []string `json:"sources"`
}

// Result is the answer to one assessment. The first four fields are the
// contract's; the rest are unknot's additions.
type Result struct {
	ID              string        `json:"id,omitempty"`
	Disposition     Disposition   `json:"disposition"`
	Reasons         []Reason      `json:"reasons"`
	Protocol        ProtocolRef   `json:"protocol"`
	At              time.Time     `json:"at"`                          // the time of the assessment, in UTC
	TZ              string        `json:"tz"`                          // the person's zone, for plan times
	Action          string        `json:"action"`                      // the one thing to do now
	HoursSinceOnset *float64      `json:"hours_since_onset,omitempty"` // exact; absent without an onset
	Muscles         []Muscle      `json:"muscles"`
	Lump            *LumpNote     `json:"lump,omitempty"`
	Contributors    []Contributor `json:"contributors"`
	SafetyNet       []string      `json:"safety_net"`
	Disclaimer      string        `json:"disclaimer"`
}
