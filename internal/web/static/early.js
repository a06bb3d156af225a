// unknot: run before the wizard is drawn, so that it is drawn one step at a
// time from the start (no layout shift when app.js runs).
document.documentElement.className += " js";
