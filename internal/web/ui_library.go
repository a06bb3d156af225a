package web

import (
	"html/template"
	"net/http"
	"strings"
	"sync"

	"unknot/internal/library"
)

// exerciseListView is /exercises: every exercise, or those matching ?q=.
type exerciseListView struct {
	Query     string
	Exercises []library.Exercise
	Articles  []library.Hit // articles that match the search too
	// Review shows every figure beside its steps (?review=1), so that a
	// person can check that the drawings match what the steps say.
	Review bool
}

func (u *ui) exercises(w http.ResponseWriter, r *http.Request) {
	lib := u.library()
	v := exerciseListView{Query: strings.TrimSpace(r.URL.Query().Get("q")), Review: r.URL.Query().Get("review") == "1"}
	if v.Query == "" {
		v.Exercises = lib.Exercises()
	} else {
		for _, h := range lib.Search(v.Query) {
			switch h.Type {
			case "exercise":
				if e, ok := lib.Exercise(h.ID); ok {
					v.Exercises = append(v.Exercises, e)
				}
			case "article":
				v.Articles = append(v.Articles, h)
			}
		}
	}
	title := "Exercises"
	if v.Review {
		title = "Every drawing beside its steps"
	}
	u.render(w, r, http.StatusOK, "exercises", page{Title: title, Section: "exercises", Data: v})
}

// exerciseView is /exercises/{id}.
type exerciseView struct {
	Exercise library.Exercise
	Easier   variantView
	Harder   variantView
}

// variantView is an easier or harder version: a link when it is another
// exercise of the library.
type variantView struct {
	ID, Name, Text string
}

func (u *ui) exercise(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if name, ok := strings.CutSuffix(id, ".svg"); ok {
		u.exerciseSVG(w, r, name)
		return
	}
	lib := u.library()
	e, ok := lib.Exercise(id)
	if !ok {
		u.notFound(w, r)
		return
	}
	u.render(w, r, http.StatusOK, "exercise", page{Title: e.Name, Section: "exercises",
		Data: exerciseView{Exercise: e, Easier: variantOf(lib, e.Easier), Harder: variantOf(lib, e.Harder)}})
}

// variantOf names a variant that is another exercise of the library.
func variantOf(lib *library.Library, v library.Variant) variantView {
	out := variantView{ID: v.ID, Text: v.Text}
	if o, ok := lib.Exercise(v.ID); ok {
		out.Name = o.Name
	}
	return out
}

// svgCache keeps each exercise's drawing once drawn: the figure rig is
// pure, so a drawing never changes while the process runs.
type svgCache struct{ m sync.Map } // "id/side" → *asset

// exerciseSVG serves an exercise's illustration; ?side=left mirrors it.
func (u *ui) exerciseSVG(w http.ResponseWriter, r *http.Request, id string) {
	e, ok := u.library().Exercise(id)
	if !ok {
		http.NotFound(w, r)
		return
	}
	side := r.URL.Query().Get("side")
	if side != "left" && side != "right" {
		side = ""
	}
	key := id + "/" + side
	a, ok := u.svgs.m.Load(key)
	if !ok {
		a, _ = u.svgs.m.LoadOrStore(key, newAsset(key, "image/svg+xml", []byte(e.SVG(side))))
	}
	// A week: the URL is not hashed, and a new release may redraw it; the
	// ETag makes the check after that cheap.
	u.assets.write(w, r, a.(*asset), "public, max-age=604800")
}

// articleView is /articles/{id}.
type articleView struct {
	Article library.Article
	Body    template.HTML
}

func (u *ui) articles(w http.ResponseWriter, r *http.Request) {
	u.render(w, r, http.StatusOK, "articles", page{Title: "Read about knots and back care", Section: "articles", Data: u.library().Articles()})
}

func (u *ui) article(w http.ResponseWriter, r *http.Request) {
	a, ok := u.library().Article(r.PathValue("id"))
	if !ok {
		u.notFound(w, r)
		return
	}
	// Article.HTML escapes everything from the source and keeps only safe
	// links: it is the one place text becomes template.HTML.
	// The page names the article in its own heading: a first heading of
	// the text is the same title again, and is left out.
	h := strings.TrimSpace(a.HTML())
	if strings.HasPrefix(h, "<h1") {
		if _, rest, ok := strings.Cut(h, "</h1>"); ok {
			h = rest
		}
	}
	body := template.HTML(h) //nolint:gosec // escaped by library.MarkdownHTML
	u.render(w, r, http.StatusOK, "article", page{Title: a.Title, Section: "articles", Data: articleView{Article: a, Body: body}})
}
