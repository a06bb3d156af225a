package clinical

// The nested objects of the input: each reads its own fields, reports
// unknown and repeated ones under its own name ("lump.colour"), and stores
// values in the decoder's store.

func (d *decoder) pain(p *Pain) {
	if !d.object("pain") {
		return
	}
	var seen uint8
	for first := true; d.s.next(first, '}'); first = false {
		k := d.s.key()
		var bit uint8
		switch string(k) {
		case "now":
			bit = 1
			p.Now = d.readInt(specPainNow, &d.st.now)
		case "worst_24h":
			bit = 2
			p.Worst24h = d.readInt(specPainWorst, &d.st.worst)
		default:
			d.unknown("pain", k)
			continue
		}
		d.twice(&seen, bit, "pain", k)
	}
}

func (d *decoder) twice(seen *uint8, bit uint8, prefix string, k []byte) {
	if *seen&bit != 0 {
		d.p.add(prefix+"."+string(k), "is given more than once")
	}
	*seen |= bit
}

func (d *decoder) lump() *Lump {
	if !d.object("lump") {
		return nil
	}
	l := &d.st.lump
	var seen uint8
	for first := true; d.s.next(first, '}'); first = false {
		k := d.s.key()
		var bit uint8
		switch string(k) {
		case "present":
			bit = 1
			l.Present = d.readBool("lump.present")
		case "hard":
			bit = 2
			l.Hard = d.readBool("lump.hard")
		case "mobile":
			bit = 4
			l.Mobile = d.readBool("lump.mobile")
		case "growing":
			bit = 8
			l.Growing = d.readBool("lump.growing")
		case "tender":
			bit = 16
			l.Tender = d.readBool("lump.tender")
		case "warm_red":
			bit = 32
			l.WarmRed = d.readBool("lump.warm_red")
		case "size_cm":
			bit = 64
			l.SizeCM = d.readFloat(specLumpSize, &d.st.size)
		case "weeks_present":
			bit = 128
			l.WeeksPresent = d.readFloat(specLumpWeeks, &d.st.weeks)
		default:
			d.unknown("lump", k)
			continue
		}
		d.twice(&seen, bit, "lump", k)
	}
	return l
}

func (d *decoder) interference(v *Interference) {
	if !d.object("interference") {
		return
	}
	var seen uint8
	for first := true; d.s.next(first, '}'); first = false {
		k := d.s.key()
		var bit uint8
		switch string(k) {
		case "sleep":
			bit = 1
			v.Sleep = d.readBool("interference.sleep")
		case "activity":
			bit = 2
			v.Activity = d.readInt(specActivity, &d.st.activity)
		default:
			d.unknown("interference", k)
			continue
		}
		d.twice(&seen, bit, "interference", k)
	}
}

func (d *decoder) selfCare(v *SelfCare) {
	if !d.object("self_care") {
		return
	}
	var seen uint8
	for first := true; d.s.next(first, '}'); first = false {
		k := d.s.key()
		var bit uint8
		switch string(k) {
		case "tried":
			bit = 1
			d.list(ListTried)
		case "weeks":
			bit = 2
			var w float64
			if d.readFloat(specSelfCareWeeks, &w) != nil {
				v.Weeks = w
			}
		case "trend":
			bit = 4
			v.Trend = d.word("self_care.trend", "must be one of better, same or worse")
		default:
			d.unknown("self_care", k)
			continue
		}
		d.twice(&seen, bit, "self_care", k)
	}
}

func (d *decoder) lifestyle() *Lifestyle {
	if !d.object("lifestyle") {
		return nil
	}
	l := &d.st.lifestyle
	var seen uint8
	for first := true; d.s.next(first, '}'); first = false {
		k := d.s.key()
		var bit uint8
		switch string(k) {
		case "sitting_hours":
			bit = 1
			l.SittingHours = d.readFloat(specSittingHours, &d.st.sitting)
		case "active_days_per_week":
			bit = 2
			l.ActiveDaysPerWeek = d.readInt(specActiveDays, &d.st.activeDays)
		case "stress":
			bit = 4
			l.Stress = d.readInt(specStress, &d.st.stress)
		case "water_litres":
			bit = 8
			l.WaterLitres = d.readFloat(specWaterLitres, &d.st.water)
		case "sleep_hours":
			bit = 16
			l.SleepHours = d.readFloat(specSleepHours, &d.st.sleep)
		default:
			d.unknown("lifestyle", k)
			continue
		}
		d.twice(&seen, bit, "lifestyle", k)
	}
	return l
}
