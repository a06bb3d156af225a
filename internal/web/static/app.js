// unknot: small progressive enhancements. Every page works without this
// file; with it the self-check goes one step at a time, keeps answers through
// a refresh, and the body map can be clicked and used by keyboard.
(function () {
  "use strict";
  var KEY = "unknot.check", PENDING = "unknot.check.pending", WEEK = 7 * 24 * 3600 * 1000;
  var store = null;
  try { store = window.localStorage; store.getItem(KEY); } catch (e) { store = null; }

  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function text(el) { return (el.textContent || "").replace(/\s+/g, " ").trim(); }
  function isHidden(el, root) {
    for (; el && el !== root; el = el.parentElement) { if (el.hidden) return true; }
    return false;
  }

  $$(".js-only").forEach(function (el) { el.hidden = false; });
  // The private link in full, ready to copy.
  $$("[data-here]").forEach(function (el) { el.textContent = location.origin + location.pathname; });
  $$("[data-print]").forEach(function (b) { b.addEventListener("click", function () { window.print(); }); });
  window.addEventListener("beforeprint", function () {
    $$("details[data-print-open]").forEach(function (d) { d.dataset.wasOpen = d.open ? "1" : ""; d.open = true; });
  });
  // A file chosen for a text box (a clinic's protocol) is read into it.
  $$("input[type=file][data-into]").forEach(function (f) {
    f.addEventListener("change", function () {
      var box = document.getElementById(f.dataset.into);
      if (!box || !f.files[0]) return;
      f.files[0].text().then(function (t) { box.value = t; });
    });
  });
  window.addEventListener("afterprint", function () {
    $$("details[data-print-open]").forEach(function (d) { d.open = d.dataset.wasOpen === "1"; });
  });

  // A result page: a check sent from this browser is done, so its saved
  // answers go.
  if (document.querySelector("[data-disposition]") && store && store.getItem(PENDING)) {
    store.removeItem(KEY); store.removeItem(PENDING);
  }

  // ---- Stop at the first emergency answer. ----
  // The answers so far go to the server, which runs the protocol in force
  // on them; an emergency goes straight to its page. Nothing here decides
  // what is an emergency.
  function stopCheck(f, url, onEmergency) {
    if (!window.fetch || !window.URLSearchParams || !window.FormData) return;
    var body = new URLSearchParams(new FormData(f));
    fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (a) {
        if (!a || !a.emergency) return;
        onEmergency();
        if (a.location) location.assign(a.location);
        else HTMLFormElement.prototype.submit.call(f); // the server shows the emergency page
      })
      .catch(function () { /* the answers are checked again when sent */ });
  }
  function isYes(t) {
    return t && t.checked && ((t.type === "radio" && (t.value === "yes" || t.name === "self_care.trend")) || t.type === "checkbox");
  }

  // ---- The daily check-in: warning signs fold away after "none of these". ----
  var checkin = document.querySelector("[data-checkin]");
  if (checkin) {
    var flagList = checkin.querySelector("[data-fold-if]");
    var syncFlags = function () {
      if (!flagList) return;
      var none = checkin.querySelector('input[name="flags"][value="none"]');
      var anyYes = $$('.flag-list input[value="yes"]:checked', checkin).length > 0;
      flagList.hidden = !!(none && none.checked) && !anyYes;
    };
    checkin.addEventListener("change", function (e) {
      var t = e.target;
      if (t.name && t.name.indexOf("flag.") === 0 && t.value === "yes" && t.checked) {
        var some = checkin.querySelector('input[name="flags"][value="some"]');
        if (some) some.checked = true;
        stopCheck(checkin, checkin.getAttribute("data-stop"), function () {});
      }
      syncFlags();
    });
    syncFlags();
  }

  var form = document.querySelector("[data-wizard]");
  if (!form) return;

  var tz = form.querySelector("[data-tz]");
  if (tz && !tz.value) {
    try { tz.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* the server's zone then */ }
  }

  // ---- Body map: each shape is a checkbox for its real checkbox. ----
  var map = form.querySelector("[data-bodymap]");
  var chosen = form.querySelector("[data-bm-chosen]");
  function syncMap() {
    if (!map) return;
    var names = [];
    $$(".bm-r", map).forEach(function (shape) {
      var box = document.getElementById("r-" + shape.getAttribute("data-region"));
      var on = !!(box && box.checked);
      shape.setAttribute("aria-checked", on ? "true" : "false");
      if (on) names.push(shape.getAttribute("aria-label"));
    });
    if (chosen) chosen.textContent = names.length ? names.join("; ") : "nothing yet";
  }
  if (map) {
    var svg = map.querySelector("svg.bm");
    svg.removeAttribute("aria-hidden");
    svg.setAttribute("role", "group");
    svg.setAttribute("aria-label", "Body map, seen from behind. Choose each place that hurts.");
    $$(".bm-r", map).forEach(function (shape) {
      var title = shape.querySelector("title");
      shape.setAttribute("role", "checkbox");
      shape.setAttribute("tabindex", "0");
      shape.setAttribute("aria-label", title ? text(title) : shape.getAttribute("data-region"));
      function toggle() {
        var box = document.getElementById("r-" + shape.getAttribute("data-region"));
        if (!box) return;
        box.checked = !box.checked;
        box.dispatchEvent(new Event("change", { bubbles: true }));
      }
      shape.addEventListener("click", toggle);
      // Each place says its name on hover and focus (the screen reader
      // hears it from the shape's own label).
      var focusLine = form.querySelector("[data-bm-focus]");
      var name = function () { if (focusLine) focusLine.textContent = shape.getAttribute("aria-label"); };
      shape.addEventListener("mouseenter", name);
      shape.addEventListener("focus", name);
      shape.addEventListener("keydown", function (e) {
        if (e.key === " " || e.key === "Enter" || e.key === "Spacebar") { e.preventDefault(); toggle(); }
      });
    });
    var list = form.querySelector("[data-bm-list]");
    if (list) list.open = false;
  }

  // ---- Questions shown only for some answers (the lump's details). ----
  function syncShowIf() {
    $$("[data-show-if]", form).forEach(function (el) {
      var cond = el.getAttribute("data-show-if").split("=");
      var on = form.querySelector('input[name="' + cond[0] + '"][value="' + cond[1] + '"]');
      el.hidden = !(on && on.checked);
    });
  }

  // ---- Saving answers in this browser. ----
  function controls() { return $$("input[name], select[name]", form).filter(function (el) { return el.type !== "hidden"; }); }
  function save() {
    if (!store) return;
    var fields = [];
    controls().forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") { if (el.checked) fields.push([el.name, el.value]); }
      else if (el.value !== "") fields.push([el.name, el.value]);
    });
    try { store.setItem(KEY, JSON.stringify({ saved: Date.now(), fields: fields })); } catch (e) { /* full or private mode */ }
  }
  function restore() {
    if (!store) return;
    var data;
    try { data = JSON.parse(store.getItem(KEY) || "null"); } catch (e) { data = null; }
    if (!data || !data.fields || Date.now() - data.saved > WEEK) { store.removeItem(KEY); return; }
    var has = {}, vals = {};
    data.fields.forEach(function (f) { has[f[0] + "\u0000" + f[1]] = true; vals[f[0]] = f[1]; });
    controls().forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") el.checked = !!has[el.name + "\u0000" + el.value];
      else if (vals[el.name] !== undefined) el.value = vals[el.name];
      else if (el.tagName !== "SELECT") el.value = "";
    });
  }
  if (form.hasAttribute("data-errors")) {
    // The server's copy of the answers is the true one.
    if (store) store.removeItem(PENDING);
    save();
  } else {
    restore();
  }

  // ---- Checking a step before moving on. ----
  function setError(q, msg) {
    var err = q.querySelector(".err");
    q.classList.toggle("bad", !!msg);
    if (err) { err.hidden = !msg; err.querySelector("span").textContent = msg || ""; }
    $$("input[type=text]", q).forEach(function (i) { if (msg) i.setAttribute("aria-invalid", "true"); else i.removeAttribute("aria-invalid"); });
  }
  function answered(q) {
    var boxes = $$("input[type=radio], input[type=checkbox]", q);
    if (boxes.length) return boxes.some(function (b) { return b.checked; });
    return $$("input[type=text]", q).some(function (i) { return i.value.trim() !== ""; });
  }
  // What each number may be, as the contract says; the server checks
  // again and its word is final.
  var NUMS = {
    "age": [0, 120, true, "Type your age in whole years, like 34."],
    "lump.size_cm": [0, 30, false, "Type the width in centimetres, like 1 or 1.5, from 0 to 30."],
    "lump.weeks_present": [0, 520, false, "Type a number of weeks, like 0 or 3."],
    "self_care.weeks": [0, 520, false, "Type a number of weeks, like 0 or 2."],
    "lifestyle.sitting_hours": [0, 24, false, "Type a number of hours, like 8, from 0 to 24."],
    "lifestyle.active_days_per_week": [0, 7, true, "Type a whole number of days, from 0 to 7."],
    "lifestyle.water_litres": [0, 10, false, "Type a number of litres, like 1.5, from 0 to 10."],
    "lifestyle.sleep_hours": [0, 24, false, "Type a number of hours, like 7, from 0 to 24."]
  };
  function numberProblem(name, raw) {
    var spec = NUMS[name];
    var s = raw.trim().replace(",", ".");
    if (!spec || s === "") return "";
    var ok = spec[2] ? /^\d+$/.test(s) : /^\d+(\.\d+)?$/.test(s);
    var v = parseFloat(s);
    return ok && v >= spec[0] && v <= spec[1] ? "" : spec[3];
  }
  // The onset: a number, and hours when no unit is chosen and it is under 48.
  function onsetHours() {
    var mode = form.querySelector('input[name="onset_mode"]:checked');
    if (!mode || mode.value !== "ago") return null;
    var n = parseFloat((form.querySelector('[name="onset_ago"]').value || "").replace(",", "."));
    if (isNaN(n) || n < 0) return NaN;
    var unit = form.querySelector('[name="onset_unit"]').value;
    var per = { hours: 1, days: 24, weeks: 168 }[unit] || (n < 48 ? 1 : 0);
    return per ? n * per : -1;
  }
  var since = form.querySelector("[data-onset-since]");
  var DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"], MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function syncSince() {
    if (!since) return;
    var h = onsetHours();
    if (h === null || isNaN(h) || h < 0) { since.hidden = true; return; }
    var d = new Date(Date.now() - h * 3600 * 1000);
    var unit = form.querySelector('[name="onset_unit"]').value;
    since.textContent = "Since " + DAYS[d.getDay()] + " " + d.getDate() + " " + MONTHS[d.getMonth()] + ", " +
      ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2) + (unit ? "" : " (we read the number as hours)");
    since.hidden = false;
  }
  function checkStep(step) {
    var first = null;
    $$(".q[data-required]", step).forEach(function (q) {
      if (isHidden(q, step)) return;
      if (answered(q)) { setError(q, ""); return; }
      setError(q, q.getAttribute("data-required"));
      if (!first) first = q;
    });
    $$(".q.num", step).forEach(function (q) {
      if (isHidden(q, step) || (q.classList.contains("bad") && q === first)) return;
      var input = q.querySelector("input[type=text]");
      var msg = input ? numberProblem(q.getAttribute("data-name"), input.value) : "";
      if (msg) { setError(q, msg); if (!first) first = q; }
      else if (input && input.value.trim() !== "") setError(q, "");
    });
    var onset = step.querySelector("#f-onset");
    if (onset) {
      var h = onsetHours(), msg = "";
      if (h !== null && isNaN(h)) msg = "Type how long ago it started, as a number, like 20.";
      else if (h === -1) msg = "Choose hours, days or weeks.";
      var sub = onset.querySelector('[data-show-if="onset_mode=ago"]');
      var err = sub && sub.querySelector(".err");
      if (err) { err.hidden = !msg; err.querySelector("span").textContent = msg; }
      onset.classList.toggle("bad", !!msg);
      if (msg && !first) first = onset;
    }
    return first;
  }
  form.addEventListener("change", function (e) {
    var q = e.target.closest(".q");
    if (q && q.classList.contains("bad") && q.hasAttribute("data-required") && answered(q)) setError(q, "");
  });

  // ---- One step at a time, the step in the URL hash. ----
  var steps = $$(".step", form);
  var progress = form.querySelector("[data-progress]");
  var baseTitle = document.title;
  var current = -1;
  form.classList.add("stepping");
  // Step 1 has nowhere to go back to.
  if (steps[0]) $$("[data-back]", steps[0]).forEach(function (b) { b.hidden = true; });
  steps.forEach(function (s) { var h = s.querySelector("legend h2"); if (h) h.setAttribute("tabindex", "-1"); });

  // show makes step i the current one and moves focus to its heading, or to
  // focusEl; quiet (the first page load) leaves focus and scroll alone.
  function show(i, focusEl, quiet) {
    i = Math.max(0, Math.min(steps.length - 1, i));
    var step = steps[i];
    steps.forEach(function (s, j) { s.classList.toggle("current", j === i); });
    var label = "Step " + (i + 1) + " of " + steps.length + ": " + step.getAttribute("data-title");
    if (progress) progress.textContent = label;
    document.title = label + " – " + baseTitle;
    if (step.querySelector("[data-review]")) buildReview(step.querySelector("[data-review]"));
    var changed = i !== current;
    current = i;
    var target = focusEl || (changed ? step.querySelector("legend h2") : null);
    if (target && !quiet) {
      if (!target.matches("input, select, button, [tabindex]")) {
        target = target.querySelector("input, select") || target;
      }
      target.focus({ preventScroll: true });
      (focusEl || form).scrollIntoView({ block: focusEl ? "center" : "start" });
    }
  }
  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el || !form.contains(el)) return false;
    var step = el.closest(".step");
    if (!step) return false;
    show(steps.indexOf(step), el === step ? null : el);
    return true;
  }
  function go(i) { location.hash = "#" + steps[i].id; }

  form.addEventListener("click", function (e) {
    var b = e.target.closest("button");
    if (!b) return;
    if (b.hasAttribute("data-next")) {
      var bad = checkStep(steps[current]);
      if (bad) { bad.scrollIntoView({ block: "center" }); (bad.querySelector("input") || bad).focus({ preventScroll: true }); return; }
      go(current + 1);
    } else if (b.hasAttribute("data-back")) {
      if (current > 0) go(current - 1);
    } else if (b.hasAttribute("data-goto")) {
      go(steps.indexOf(document.getElementById(b.getAttribute("data-goto"))));
    }
  });
  form.addEventListener("keydown", function (e) {
    // Enter in a text box moves on rather than sending the form early.
    if (e.key === "Enter" && e.target.matches("input[type=text], input[type=date], input[type=time]") && current < steps.length - 1) {
      e.preventDefault();
      var next = steps[current].querySelector("[data-next]");
      if (next) next.click();
    }
  });
  form.addEventListener("submit", function (e) {
    if (current < steps.length - 1) { e.preventDefault(); return; }
    for (var i = 0; i < steps.length; i++) {
      var bad = checkStep(steps[i]);
      if (bad) { e.preventDefault(); go(i); show(i, bad); return; }
    }
    if (store) store.setItem(PENDING, "1");
  });
  window.addEventListener("hashchange", function () { if (!fromHash()) show(0); });

  // ---- The review step: every answer, in words. ----
  function answerText(q) {
    var parts = [];
    $$("input[type=radio]:checked, input[type=checkbox]:checked", q).forEach(function (b) {
      if (isHidden(b, q)) return;
      var l = b.closest("label");
      var t = l ? text(l) : b.value;
      if (t) parts.push(t);
    });
    var sub = [];
    $$("input[type=text], input[type=date], input[type=time], select", q).forEach(function (i) {
      if (isHidden(i, q) || !i.value) return;
      if (i.tagName === "SELECT") { if (sub.length) sub.push(text(i.options[i.selectedIndex])); }
      else sub.push(i.value);
    });
    if (sub.length) parts.push(sub.join(" "));
    return parts.join("; ");
  }
  function el(tag, t) { var e = document.createElement(tag); if (t !== undefined) e.textContent = t; return e; }
  function buildReview(box) {
    box.textContent = "";
    steps.forEach(function (step) {
      if (step.querySelector("[data-review]")) return;
      var h = el("h3", step.getAttribute("data-title") + " ");
      var change = el("button", "Change");
      change.type = "button"; change.className = "secondary";
      change.setAttribute("data-goto", step.id);
      change.setAttribute("aria-label", "Change: " + step.getAttribute("data-title"));
      h.appendChild(change);
      box.appendChild(h);
      var qs = $$(".q", step).filter(function (q) { return !isHidden(q, step); });
      var yn = qs.filter(function (q) { return q.classList.contains("yn"); });
      var dl = el("dl");
      function add(term, answer) { dl.appendChild(el("dt", term)); dl.appendChild(el("dd", answer)); }
      if (yn.length > 3) {
        // A screen of Yes/No questions: the Yes answers, and any left open.
        var yes = [], open = 0;
        yn.forEach(function (q) {
          var a = answerText(q);
          if (a === "Yes") yes.push(q.getAttribute("data-label"));
          else if (a === "") open++;
        });
        add("You said Yes to", yes.length ? yes.join("; ") : "None of these");
        if (open) add("Not answered yet", open + (open === 1 ? " question" : " questions"));
        qs = qs.filter(function (q) { return !q.classList.contains("yn"); });
      }
      qs.forEach(function (q) { add(q.getAttribute("data-label"), answerText(q) || "Not answered"); });
      box.appendChild(dl);
    });
  }

  form.addEventListener("change", function (e) {
    syncMap(); syncShowIf(); save();
    if (isYes(e.target) && current > 1) {
      stopCheck(form, "/check/stop", function () { save(); });
    }
  });
  form.addEventListener("input", function () { save(); syncSince(); });
  form.addEventListener("change", syncSince);
  syncSince();
  syncMap();
  syncShowIf();

  if (!fromHash()) {
    var summary = document.querySelector("[data-err-summary]");
    var firstBad = form.querySelector(".q.bad");
    if (summary && firstBad) {
      show(steps.indexOf(firstBad.closest(".step")));
      summary.focus();
    } else {
      show(0, null, true);
      if (location.hash === "") history.replaceState(null, "", "#" + steps[0].id);
    }
  }
  // Error-summary links move to the step that holds the field.
  $$("[data-err-summary] a").forEach(function (a) {
    a.addEventListener("click", function (e) {
      var target = document.getElementById(a.getAttribute("href").slice(1));
      if (!target || !form.contains(target)) return;
      e.preventDefault();
      history.pushState(null, "", a.getAttribute("href"));
      fromHash();
    });
  });
})();
