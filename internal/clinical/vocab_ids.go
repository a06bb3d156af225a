package clinical

// Muscle identifiers shared by triage (which muscles are likely involved),
// plans and the exercise library (which muscles an exercise targets).
const (
	MuscleErectorSpinae     = "erector_spinae" // iliocostalis and longissimus
	MuscleQuadratusLumborum = "quadratus_lumborum"
	MuscleMultifidus        = "multifidus"
	MuscleGluteusMedius     = "gluteus_medius"
	MuscleGluteusMinimus    = "gluteus_minimus"
	MusclePiriformis        = "piriformis"
	MuscleIliopsoas         = "iliopsoas"
	MuscleRectusAbdominis   = "rectus_abdominis"
)

// Contributor identifiers: the parts of a person's day that may feed a knot
// (PRODUCT.md part 3).
const (
	ContributorPostureSitting = "posture_sitting"
	ContributorOveruse        = "overuse"
	ContributorStress         = "stress"
	ContributorRecovery       = "recovery"
	ContributorHydration      = "hydration"
	ContributorSleep          = "sleep"
	ContributorInactivity     = "inactivity"
)
