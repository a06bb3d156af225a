package clinical

// labels are plain-language names for every vocabulary word, for the wizard
// and for "because" lines. They are short and at reading grade 8 or below.
var labels = map[string]string{
	// regions
	"lumbar_left":         "Lower back, left side",
	"lumbar_center":       "Lower back, middle",
	"lumbar_right":        "Lower back, right side",
	"flank_left":          "Side of the back below the ribs, left",
	"flank_right":         "Side of the back below the ribs, right",
	"iliac_crest_left":    "Just above the hip bone, left",
	"iliac_crest_right":   "Just above the hip bone, right",
	"sacroiliac_left":     "Low on the back where it meets the pelvis, left",
	"sacroiliac_right":    "Low on the back where it meets the pelvis, right",
	"upper_buttock_left":  "Top of the buttock, left",
	"upper_buttock_right": "Top of the buttock, right",

	// radiation
	"buttock":        "Into the buttock",
	"hip":            "Into the hip",
	"groin":          "Into the groin",
	"thigh_back":     "Down the back of the thigh",
	"thigh_front":    "Down the front of the thigh",
	"leg_below_knee": "Down the leg, below the knee",
	"abdomen":        "Into the belly",

	// symptoms: local
	"tight_band":              "A tight band in the muscle",
	"tender_spot":             "A sore spot when pressed",
	"muscle_spasm":            "Muscle spasm (the muscle locks or cramps)",
	"stiffness":               "Stiffness",
	"reduced_range_of_motion": "Can't bend or twist as far as usual",
	// symptoms: nerve
	"numbness":               "Numbness in the back, buttock or leg",
	"tingling":               "Tingling or pins and needles",
	"leg_weakness":           "A weak leg or foot (for example, the foot drags or slaps)",
	"progressive_weakness":   "Weakness in a leg that is getting worse",
	"bilateral_leg_symptoms": "Pain, numbness or weakness in both legs",
	"saddle_numbness":        "Numbness in the groin, buttocks or inner thighs (where you sit on a saddle)",
	"bladder_dysfunction":    "New trouble peeing, or not able to hold or feel your pee",
	"bowel_incontinence":     "Not able to hold or feel your poo",
	"sexual_dysfunction_new": "New loss of feeling in the genitals, or new trouble with sex",
	// symptoms: body-wide
	"fever":                   "A fever, or feeling hot and shivery",
	"unexplained_weight_loss": "Weight loss you can't explain",
	"night_pain":              "Pain at night that does not ease when you change position",
	"night_sweats":            "Heavy sweats at night",
	"swollen_lymph_nodes":     "Swollen glands (lumps in the neck, armpit or groin)",
	"feeling_unwell":          "Feeling unwell in yourself",
	"urinary_burning":         "Burning or pain when you pee",
	"pulsating_abdomen":       "A pulsing or throbbing feeling in the belly",
	// symptoms: pattern
	"morning_stiffness_over_30min": "Stiff in the morning for more than 30 minutes",
	"improves_with_exercise":       "The pain gets better when you move or exercise",
	"constant_non_mechanical_pain": "Constant pain that does not change with movement or rest",
	"chest_pain":                   "Chest pain",

	// history
	"cancer":                  "Cancer now or in the past",
	"osteoporosis":            "Thin or weak bones (osteoporosis)",
	"long_term_steroids":      "Taking steroid tablets for a long time",
	"iv_drug_use":             "Injecting drugs",
	"immunosuppression":       "A weak immune system, or medicine that weakens it",
	"major_trauma":            "A bad fall, a car crash or another big injury",
	"minor_strain":            "A small fall, lift or twist just before the pain",
	"recent_spinal_procedure": "Back surgery or a spine injection not long ago",
	"recent_infection":        "A recent infection",
	"previous_episodes":       "Back pain like this before",
	"pregnant":                "Pregnant",

	// self_care.tried
	"stretching":     "Stretching",
	"ice":            "Ice or cold packs",
	"heat":           "Heat (hot pack, warm bath)",
	"massage":        "Massage",
	"foam_rolling":   "Foam roller or ball",
	"rest":           "Rest",
	"pain_relievers": "Pain relief tablets or gels",
	"exercise":       "Exercise",

	// triggers
	"prolonged_sitting": "Sitting for a long time",
	"lifting":           "Lifting",
	"repetitive_motion": "Doing the same move again and again",
	"sport":             "Sport",
	"sudden_movement":   "A sudden move or twist",
	"stress":            "Stress",
	"poor_sleep":        "Poor sleep",
	"dehydration":       "Not drinking enough",
	"poor_posture":      "Slouching or poor posture",
	"new_activity":      "Something new, or more than usual",

	// self_care.trend
	"better": "Getting better",
	"same":   "About the same",
	"worse":  "Getting worse",

	// sex
	"female": "Female",
	"male":   "Male",
	"other":  "Other",
}

// Label returns the plain-language label for a vocabulary word, or the word
// itself when it has none.
func Label(word string) string {
	if l, ok := labels[word]; ok {
		return l
	}
	return word
}
