// Package diary is the daily check-in and what follows from it: the entry
// and its checks (entry.go), the red-flag re-screen (questions.go), the
// trend of pain against its baseline (trend.go), the escalation rules
// (escalate.go) and the CSV export (csv.go). It is pure: it takes entries
// and dates (YYYY-MM-DD in the person's zone) and returns results, with no
// HTTP, storage or clock of its own.
//
// The rule for whether pain is better, the same or worse ("getting worse"
// for a clinic's caseload) is written once, in change.go, beside its
// constants: the baseline (BaselineEntries, BaselineOf), the recent window
// (RecentWindowDays, RecentFrom), the meaningful change (MCIDPoints,
// MCIDPercent, MCIDPercentFloor) and the verdict (Judge, ClassifySums), all
// in whole numbers so that the store's SQL can compute exactly the same
// thing. What a verdict leads to (a clinician, a clinic flag, the re-check
// after NoBetterDays) is in escalate.go.
package diary
