// Package clinical holds the assessment contract's types and vocabulary
// (../shared/contract/assessment.md) and the rules that make an input valid.
// It is pure: no HTTP, no database, no templates.
package clinical

import "time"

// Input is one self-check, exactly as the assessment contract names it.
// Pointers mark values the person may leave out, so that "not answered" is
// never confused with zero.
type Input struct {
	At           *time.Time   `json:"at,omitempty"`
	TZ           string       `json:"tz,omitempty"`
	Age          *int         `json:"age"`
	Sex          string       `json:"sex,omitempty"`
	Onset        *time.Time   `json:"onset,omitempty"`
	Regions      []string     `json:"regions"`
	Radiation    []string     `json:"radiation,omitempty"`
	Pain         Pain         `json:"pain"`
	Lump         *Lump        `json:"lump,omitempty"`
	Symptoms     []string     `json:"symptoms,omitempty"`
	History      []string     `json:"history,omitempty"`
	Interference Interference `json:"interference"`
	SelfCare     SelfCare     `json:"self_care"`
	Triggers     []string     `json:"triggers,omitempty"`
	Lifestyle    *Lifestyle   `json:"lifestyle,omitempty"`
}

// Pain holds numeric pain ratings on 0–10.
type Pain struct {
	Now      *int `json:"now,omitempty"`
	Worst24h *int `json:"worst_24h,omitempty"`
}

// Lump describes a lump the person can feel. Present false means no lump.
type Lump struct {
	Present      bool     `json:"present"`
	Hard         bool     `json:"hard"`
	Mobile       bool     `json:"mobile"`
	Growing      bool     `json:"growing"`
	Tender       bool     `json:"tender"`
	WarmRed      bool     `json:"warm_red"`
	SizeCM       *float64 `json:"size_cm,omitempty"`
	WeeksPresent *float64 `json:"weeks_present,omitempty"`
}

// Interference is how much the pain gets in the way of sleep and activity.
type Interference struct {
	Sleep    bool `json:"sleep"`
	Activity *int `json:"activity,omitempty"`
}

// SelfCare is what the person has already tried at home and how it went.
type SelfCare struct {
	Tried []string `json:"tried,omitempty"`
	Weeks float64  `json:"weeks"`
	Trend string   `json:"trend,omitempty"`
}

// Lifestyle is the person's usual day.
type Lifestyle struct {
	SittingHours      *float64 `json:"sitting_hours,omitempty"`
	ActiveDaysPerWeek *int     `json:"active_days_per_week,omitempty"`
	Stress            *int     `json:"stress,omitempty"`
	WaterLitres       *float64 `json:"water_litres,omitempty"`
	SleepHours        *float64 `json:"sleep_hours,omitempty"`
}
