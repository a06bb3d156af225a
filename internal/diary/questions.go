package diary

import (
	"slices"

	"unknot/internal/clinical"
)

// Question is one yes/no question of the daily red-flag re-screen. A yes
// adds Word to the entry's RedFlags.
type Question struct {
	// Word is the contract word a yes stands for (symptoms or history list).
	Word string `json:"word"`
	// Text is the question in plain words, reading grade 8 or below.
	Text string `json:"text"`
	// Disposition is what the default protocol gives plain back pain with
	// this one word added: the least a yes leads to. Words that only count
	// together with another (feeling unwell, with a fever) show self_care.
	Disposition clinical.Disposition `json:"disposition"`
}

// RedFlagIntro is said before the re-screen's questions.
const RedFlagIntro = "Please answer yes or no to each question. Think about today and the days since your last check-in."

// questions are in order of urgency, the way a clinician would ask them:
// the nerve signs of an emergency first.
var questions = [...]Question{
	{"saddle_numbness", "Is there new numbness around your bottom, your genitals or the inside of your thighs?", clinical.Emergency},
	{"bladder_dysfunction", "Is it hard to pee, or can you not hold or feel your pee?", clinical.Emergency},
	{"bowel_incontinence", "Can you not hold your poo, or not feel it when you go?", clinical.Emergency},
	{"sexual_dysfunction_new", "Have you lost feeling in your genitals, or had new trouble with sex?", clinical.Emergency},
	{"bilateral_leg_symptoms", "Do you have pain, numbness or weakness in both legs?", clinical.Emergency},
	{"progressive_weakness", "Is a weak leg or foot getting weaker?", clinical.Emergency},
	{"leg_weakness", "Is a leg or foot weak? For example, does your foot drag or slap when you walk?", clinical.Urgent},
	{"chest_pain", "Do you have chest pain?", clinical.Emergency},
	{"pulsating_abdomen", "Can you feel a pulsing or throbbing in your belly?", clinical.Emergency},
	{"major_trauma", "Have you had a bad fall, a car crash or another big injury?", clinical.Emergency},
	{"fever", "Do you have a fever, or feel hot and shivery?", clinical.Urgent},
	{"feeling_unwell", "Do you feel unwell in yourself?", clinical.SelfCareOnly},
	{"urinary_burning", "Does it burn or hurt when you pee?", clinical.SeeClinician},
	{"numbness", "Is there numbness in your back, buttock or leg?", clinical.SeeClinician},
	{"tingling", "Is there tingling or pins and needles in your back, buttock or leg?", clinical.SeeClinician},
}

// RedFlagQuestions returns the daily re-screen: explicit yes/no questions
// for the warning signs that change the advice, each mapped to its contract
// word. The slice is the caller's own.
func RedFlagQuestions() []Question { return slices.Clone(questions[:]) }
