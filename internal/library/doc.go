package library

// Content format
//
// An exercise is one YAML file in the exercises folder:
//
//	id: knee_rolls                 # unique, used in URLs and plans
//	name: Knee rolls
//	summary: One plain sentence.
//	kind: mobility                 # stretch, mobility, release, strength, breathing or posture
//	muscles: [erector_spinae]      # clinical.Muscle* identifiers
//	regions: [lumbar, flank]       # region words without side (see Regions)
//	sided: false                   # done one side at a time; the picture can be mirrored
//	steps: [...]                   # short sentences, grade 8 or below
//	dosage: {hold_seconds: 20, reps: 3, sets: 1, times_a_day: 2, minutes: 0}
//	cautions: [...]
//	stop_if: [...]
//	easier: {id: other_exercise}   # or {text: "what to change"}
//	harder: {text: "what to change"}
//	sources: ["NHS inform: back pain exercises"]
//	avoid_with: [nerve_signs]      # reasons a plan leaves it out: nerve_signs, lump,
//	                               # fracture_risk, pregnancy, blood_thinners (a caution,
//	                               # required), first_48_hours (REFERENCE §1c)
//	figure:
//	  start: {base: supine_crook}  # a figure.Presets name, then angle overrides
//	  end: {base: supine_crook, leg_near: [160, -150, 180]}
//
// An article is one Markdown file in the articles folder, starting with YAML
// front matter (id, title, summary, sources) between "---" lines. The body
// is CommonMark, which MarkdownHTML renders for the article page. Links to
// other articles are written /articles/<id>, the page's own address.
