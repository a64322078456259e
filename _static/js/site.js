// The portal's only script: progressive enhancements; every page works without it.
(function () {
  "use strict";
  var rtl = document.documentElement.dir === "rtl";

  // Sphinx's own catalogs give some languages (German, Persian...) a plural rule that
  // yields true or false, which picks no form, and some messages empty forms: the
  // search page then threw instead of saying how many pages it found. A number picks
  // the form; an empty one falls back to the English, as gettext does.
  if (typeof Documentation !== "undefined" && Documentation.ngettext) {
    Documentation.ngettext = function (singular, plural, n) {
      var forms = Documentation.TRANSLATIONS[singular];
      var form = Array.isArray(forms) ? forms[Number(Documentation.PLURAL_EXPR(n))] : "";
      return form || (n === 1 ? singular : plural);
    };
  }

  // Story chapters turn like pages: arrow keys and swipes follow reading
  // direction, so in Arabic the left arrow and a right swipe go forward.
  if (document.body.hasAttribute("data-story")) {
    var go = function (rel) {
      var link = document.querySelector('.pager a[rel="' + rel + '"]');
      if (link) { window.location.href = link.href; }
    };
    var forward = rtl ? "ArrowLeft" : "ArrowRight";
    var back = rtl ? "ArrowRight" : "ArrowLeft";
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|VIDEO|AUDIO)$/.test(target.tagName))) { return; }
      if (event.key === forward) { event.preventDefault(); go("next"); }
      else if (event.key === back) { event.preventDefault(); go("prev"); }
    });
    var startX = null, startY = null;
    document.addEventListener("touchstart", function (event) {
      if (event.touches.length !== 1) { startX = null; return; }
      startX = event.touches[0].clientX; startY = event.touches[0].clientY;
    }, { passive: true });
    document.addEventListener("touchend", function (event) {
      if (startX === null) { return; }
      var dx = event.changedTouches[0].clientX - startX;
      var dy = event.changedTouches[0].clientY - startY;
      startX = null;
      if (Math.abs(dx) < 60 || Math.abs(dy) > Math.abs(dx) * 0.6) { return; }
      var towardsStart = dx < 0;  // finger moved left
      go(towardsStart !== rtl ? "next" : "prev");
    }, { passive: true });
  }

  // On a phone the page list would push the text below the fold: start it closed.
  var sectionNav = document.querySelector(".section-nav details");
  if (sectionNav && window.matchMedia("(max-width: 59.99rem)").matches) { sectionNav.removeAttribute("open"); }

  // Close an open menu with Escape and return focus to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = document.querySelector("details.language-menu[open], details.site-menu[open]");
    if (open) { open.removeAttribute("open"); open.querySelector("summary").focus(); }
  });
})();
