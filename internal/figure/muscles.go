package figure

import "unknot/internal/clinical"

// patch is where a muscle sits on the torso: from T0 to T1 along the line
// from hip (0) to shoulder (1), negative below the hip, at Off units from the
// spine line towards the chest (side view) or towards the person's right
// (back view, drawn on both sides), as a band W units wide.
type patch struct{ T0, T1, Off, W float64 }

var sidePatches = map[string]patch{
	clinical.MuscleErectorSpinae:     {0.1, 0.6, -4.5, 5},
	clinical.MuscleMultifidus:        {0.0, 0.3, -5, 4},
	clinical.MuscleQuadratusLumborum: {0.1, 0.35, -1, 6},
	clinical.MuscleGluteusMedius:     {-0.05, 0.08, -3.5, 8},
	clinical.MuscleGluteusMinimus:    {-0.08, 0.04, -0.5, 6},
	clinical.MusclePiriformis:        {-0.16, -0.06, -4, 5},
	clinical.MuscleIliopsoas:         {0.0, 0.3, 3, 5},
	clinical.MuscleRectusAbdominis:   {0.15, 0.6, 5, 4},
}

var backPatches = map[string]patch{
	clinical.MuscleErectorSpinae:     {0.1, 0.65, 2.5, 3.5},
	clinical.MuscleMultifidus:        {0.02, 0.3, 1.2, 2.5},
	clinical.MuscleQuadratusLumborum: {0.08, 0.3, 4.5, 4},
	clinical.MuscleGluteusMedius:     {-0.12, 0.0, 5.5, 6},
	clinical.MuscleGluteusMinimus:    {-0.16, -0.06, 6, 5},
	clinical.MusclePiriformis:        {-0.22, -0.15, 3.5, 4},
	clinical.MuscleIliopsoas:         {0.0, 0.25, 3, 3},
	clinical.MuscleRectusAbdominis:   {0.15, 0.55, 1.5, 3},
}

// KnownMuscle reports whether the rig knows where to draw a muscle.
func KnownMuscle(id string) bool {
	_, ok := sidePatches[id]
	return ok
}

// patchLines returns the bands to draw for a muscle on a skeleton.
func (s skeleton) patchLines(id string) [][2]pt {
	d := dir(s.Pose.Torso)
	f := s.Pose.front()
	at := func(t, off float64) pt {
		return s.Hip.add(d.scale(t * torsoLen)).add(f.scale(off))
	}
	if s.Pose.View == Back {
		p, ok := backPatches[id]
		if !ok {
			return nil
		}
		return [][2]pt{
			{at(p.T0, p.Off), at(p.T1, p.Off)},
			{at(p.T0, -p.Off), at(p.T1, -p.Off)},
		}
	}
	p, ok := sidePatches[id]
	if !ok {
		return nil
	}
	return [][2]pt{{at(p.T0, p.Off), at(p.T1, p.Off)}}
}

func patchWidth(view View, id string) float64 {
	if view == Back {
		return backPatches[id].W
	}
	return sidePatches[id].W
}
