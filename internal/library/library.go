package library

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"unknot/content"
	"unknot/internal/clinical"
	"unknot/internal/figure"
)

// Library is a checked set of exercises and articles. It is read-only after
// Load and safe for concurrent use.
type Library struct {
	exercises []Exercise
	articles  []Article
	exByID    map[string]int
	artByID   map[string]int
}

// knownMuscles are the muscle identifiers an exercise may name.
var knownMuscles = map[string]bool{
	clinical.MuscleErectorSpinae: true, clinical.MuscleQuadratusLumborum: true,
	clinical.MuscleMultifidus: true, clinical.MuscleGluteusMedius: true,
	clinical.MuscleGluteusMinimus: true, clinical.MusclePiriformis: true,
	clinical.MuscleIliopsoas: true, clinical.MuscleRectusAbdominis: true,
}

// Load reads exercises (every *.yaml file in the exercises FS, one exercise
// each) and articles (every *.md file, YAML front matter then Markdown), and
// checks them: unique ids, variants that exist, known muscles, regions and
// kinds, and no empty steps, cautions, stop signs or sources. All problems
// are reported together.
func Load(exercises, articles fs.FS) (lib *Library, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("library.Load: %w", err)
		}
	}()
	lib = &Library{exByID: map[string]int{}, artByID: map[string]int{}}
	var errs []error
	err = walk(exercises, ".yaml", func(name string, data []byte) {
		var e Exercise
		dec := yaml.NewDecoder(strings.NewReader(string(data)))
		dec.KnownFields(true)
		if err := dec.Decode(&e); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			return
		}
		if _, dup := lib.exByID[e.ID]; dup {
			errs = append(errs, fmt.Errorf("%s: exercise id %q used twice", name, e.ID))
			return
		}
		if e.LegacyPregnancySafe != nil && !*e.LegacyPregnancySafe && !e.Avoids(AvoidPregnancy) {
			e.AvoidWith = append(e.AvoidWith, AvoidPregnancy)
		}
		e.PregnancySafe = !e.Avoids(AvoidPregnancy)
		lib.exByID[e.ID] = len(lib.exercises)
		lib.exercises = append(lib.exercises, e)
	})
	if err != nil {
		return nil, err
	}
	err = walk(articles, ".md", func(name string, data []byte) {
		a, err := parseArticle(data)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			return
		}
		if _, dup := lib.artByID[a.ID]; dup {
			errs = append(errs, fmt.Errorf("%s: article id %q used twice", name, a.ID))
			return
		}
		lib.artByID[a.ID] = len(lib.articles)
		lib.articles = append(lib.articles, a)
	})
	if err != nil {
		return nil, err
	}
	for _, e := range lib.exercises {
		errs = append(errs, lib.checkExercise(e)...)
	}
	for _, a := range lib.articles {
		errs = append(errs, checkArticle(a)...)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return lib, nil
}

// walk calls fn for every file under root with the extension, in name order.
func walk(fsys fs.FS, ext string, fn func(name string, data []byte)) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ext {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		fn(p, data)
		return nil
	})
}

func (l *Library) checkExercise(e Exercise) []error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("exercise %q: %s", e.ID, fmt.Sprintf(format, args...)))
	}
	if e.ID == "" || e.Name == "" || e.Summary == "" {
		bad("id, name and summary are required")
	}
	if !kinds[e.Kind] {
		bad("unknown kind %q", e.Kind)
	}
	for field, list := range map[string][]string{"steps": e.Steps, "cautions": e.Cautions, "stop_if": e.StopIf, "sources": e.Sources} {
		if len(list) == 0 || slices.Contains(list, "") {
			bad("%s must be a list of non-empty items", field)
		}
	}
	if e.Dosage == (Dosage{}) {
		bad("no dosage")
	}
	if len(e.Muscles) == 0 && e.Kind != Breathing && e.Kind != Posture {
		bad("no muscles")
	}
	for _, m := range e.Muscles {
		if !knownMuscles[m] {
			bad("unknown muscle %q", m)
		}
	}
	for _, r := range e.Regions {
		if !slices.Contains(Regions, r) {
			bad("unknown region %q (use a region word without side: %v)", r, Regions)
		}
	}
	for _, r := range e.AvoidWith {
		if !slices.Contains(AvoidReasons, r) {
			bad("unknown avoid_with reason %q (use one of %v)", r, AvoidReasons)
		}
	}
	if e.Avoids(AvoidBloodThinners) && !mentions(e.Cautions, "blood thinner") {
		bad("avoid_with blood_thinners needs a caution that names blood thinners")
	}
	if e.LegacyPregnancySafe != nil && *e.LegacyPregnancySafe && e.Avoids(AvoidPregnancy) {
		bad("pregnancy_safe: true disagrees with avoid_with: [pregnancy]")
	}
	for name, v := range map[string]Variant{"easier": e.Easier, "harder": e.Harder} {
		switch {
		case v.ID == "" && v.Text == "":
			bad("%s variant is missing", name)
		case v.ID == e.ID:
			bad("%s variant is the exercise itself", name)
		case v.ID != "":
			if _, ok := l.exByID[v.ID]; !ok {
				bad("%s variant %q does not exist", name, v.ID)
			}
		}
	}
	for _, p := range []*figure.Pose{&e.Figure.Start, e.Figure.End} {
		if p != nil && p.View != figure.Side && p.View != figure.Back {
			bad("figure pose needs a base or a view")
		}
	}
	return errs
}

// mentions reports whether any of the texts holds the words, in any case.
func mentions(texts []string, words string) bool {
	for _, t := range texts {
		if strings.Contains(strings.ToLower(t), words) {
			return true
		}
	}
	return false
}

func checkArticle(a Article) []error {
	if a.ID == "" || a.Title == "" || a.Summary == "" || len(a.Sources) == 0 || strings.TrimSpace(a.Body) == "" {
		return []error{fmt.Errorf("article %q: id, title, summary, sources and a body are required", a.ID)}
	}
	return nil
}

var defaultLibrary = sync.OnceValue(func() *Library {
	ex, err := fs.Sub(content.Exercises, "exercises")
	if err != nil {
		panic(err)
	}
	ar, err := fs.Sub(content.Articles, "articles")
	if err != nil {
		panic(err)
	}
	lib, err := Load(ex, ar)
	if err != nil {
		// The embedded content is checked by this package's tests; a
		// failure here is a build that skipped them.
		panic(err)
	}
	return lib
})

// Default returns the library built into the binary (content/exercises and
// content/articles). It is loaded once.
func Default() *Library { return defaultLibrary() }

// Exercises returns every exercise, in file name order.
func (l *Library) Exercises() []Exercise { return slices.Clone(l.exercises) }

// Exercise returns the exercise with the id.
func (l *Library) Exercise(id string) (Exercise, bool) {
	i, ok := l.exByID[id]
	if !ok {
		return Exercise{}, false
	}
	return l.exercises[i], true
}

// Articles returns every article, in file name order.
func (l *Library) Articles() []Article { return slices.Clone(l.articles) }

// Article returns the article with the id.
func (l *Library) Article(id string) (Article, bool) {
	i, ok := l.artByID[id]
	if !ok {
		return Article{}, false
	}
	return l.articles[i], true
}
