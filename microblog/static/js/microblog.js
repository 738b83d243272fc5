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

  function renderDates(root) {
    (root || document).querySelectorAll("time[datetime][data-format]").forEach(function (el) {
      var date = new Date(el.getAttribute("datetime"));
      if (isNaN(date.getTime())) { return; }
      el.title = full(date);
      el.textContent = el.dataset.format === "full" ? full(date) : relative(date);
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

  renderDates();
  setInterval(renderDates, 60 * 1000);
})();
