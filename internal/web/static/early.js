// unknot: runs before a page is drawn, so that the parts that need
// JavaScript are drawn from the start and the wizard one step at a time (no
// layout shift when app.js runs).
document.documentElement.className += " js";
