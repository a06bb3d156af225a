package plan

// Sources, named as in the clinical reference.
const (
	srcClinic    = "The clinic's advice"
	srcHeat      = "French, Cochrane 2006: superficial heat"
	srcColdThin  = "Evidence on cold is insufficient (REFERENCE §2)"
	srcNHSEx     = "NHS inform: back pain exercises"
	srcNHS2Weeks = "NHS inform: contact a clinician if no better after 2 weeks"
	srcACSM      = "ACSM stretching guidance"
	srcMcGill    = "McGill big three"
	srcNG59      = "NICE NG59: exercise"
	srcLancet    = "Lancet 2018: stay active, avoid bed rest"
	srcOstelo    = "Ostelo 2008: a 2-point change in pain is meaningful"
	srcChou      = "Chou 2011: red flags for low back pain"
	srcRedFlags  = "NHS CKS: sciatica and cauda equina"
	srcMassage   = "ACP 2017: massage"
	srcFoam      = "Foam rolling: short-term range of motion (no low back pain trials)"
)
