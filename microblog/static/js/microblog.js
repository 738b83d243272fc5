// Microblog's page scripts: dates in the reader's language and time zone, and the page's
// translated strings (microblog.t).
(function () {
  "use strict";

  var lang = document.documentElement.lang || navigator.language || "en";
  var UNITS = [
    ["year", 365 * 24 * 3600], ["month", 30 * 24 * 3600], ["week", 7 * 24 * 3600],
    ["day", 24 * 3600], ["hour", 3600], ["minute", 60], ["second", 1]
  ];

  function relative(date) {
    var seconds = (date.getTime() - Date.now()) / 1000;
    var format = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
    if (Math.abs(seconds) < 45) { return format.format(0, "second"); }  // "now"
    for (var i = 0; i < UNITS.length; i++) {
      var unit = UNITS[i];
      if (Math.abs(seconds) >= unit[1] || unit[0] === "second") {
        return format.format(Math.round(seconds / unit[1]), unit[0]);
      }
    }
  }

  function full(date) {
    return new Intl.DateTimeFormat(lang, { dateStyle: "long", timeStyle: "short" }).format(date);
  }

  function day(date) {
    return new Intl.DateTimeFormat(lang, { dateStyle: "long" }).format(date);
  }

  var FORMATS = { full: full, date: day };

  function renderDates(root) {
    (root || document).querySelectorAll("time[datetime][data-format]").forEach(function (el) {
      var date = new Date(el.getAttribute("datetime"));
      if (isNaN(date.getTime())) { return; }
      el.title = full(date);
      el.textContent = (FORMATS[el.dataset.format] || relative)(date);
      el.classList.add("rendered");
    });
  }

  // the strings registered with config.add_js_messages, translated by the server
  var messages = (function () {
    var element = document.getElementById("js-messages");
    try {
      return element ? JSON.parse(element.textContent) : {};
    } catch (error) {
      return {};
    }
  })();

  // microblog.t("key", {name: "ana"}): the page's translation, "${name}" filled in
  function t(key, params) {
    var has = Object.prototype.hasOwnProperty;
    var text = has.call(messages, key) ? messages[key] : key;
    return text.replace(/\$\{(\w+)\}/g, function (whole, name) {
      return params && has.call(params, name) ? String(params[name]) : whole;
    });
  }

  window.microblog = window.microblog || {};
  window.microblog.t = t;
  window.microblog.renderDates = renderDates;
  window.microblog.csrfToken = function () {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  };

  // Avatars come from Gravatar; offline, or where it is blocked, a neutral silhouette
  // takes the place of a broken image.
  var AVATAR_FALLBACK = "data:image/svg+xml," + encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">' +
    '<rect width="64" height="64" fill="#dee2e6"/>' +
    '<circle cx="32" cy="25" r="12" fill="#adb5bd"/>' +
    '<path d="M10 60c2-14 12-21 22-21s20 7 22 21z" fill="#adb5bd"/></svg>');

  function replaceAvatar(img) {
    if (img.dataset.fallback) { return; }
    img.dataset.fallback = "1";
    img.src = AVATAR_FALLBACK;
  }

  // errors of images added later (popups) reach this listener in the capture phase
  document.addEventListener("error", function (event) {
    var img = event.target;
    if (img.tagName === "IMG" && img.classList.contains("avatar")) { replaceAvatar(img); }
  }, true);
  // images that failed before this script ran
  document.querySelectorAll("img.avatar").forEach(function (img) {
    if (img.complete && img.naturalWidth === 0) { replaceAvatar(img); }
  });

  renderDates();
  setInterval(renderDates, 60 * 1000);
})();
