// The Translate links below foreign posts: ask /translate and put the answer in their place.
// The page gives this script the URL in a data attribute; its words come from microblog.t.
(function () {
  "use strict";

  var url = document.currentScript.dataset.url;
  var t = window.microblog.t;

  function show(box, className, text, lang) {
    var p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    if (lang) { p.lang = lang; }
    box.replaceChildren(p);
  }

  function spinner() {
    var spin = document.createElement("span");
    spin.className = "spinner-border spinner-border-sm text-secondary";
    spin.setAttribute("role", "status");
    var label = document.createElement("span");
    label.className = "visually-hidden";
    label.textContent = t("translating");
    spin.appendChild(label);
    return spin;
  }

  function answer(response) {
    // an error page of a proxy is not JSON: keep the status, drop the body
    return response.json().catch(function () { return {}; }).then(function (body) {
      return { ok: response.ok, status: response.status, body: body || {} };
    });
  }

  function translate(button) {
    var box = button.closest(".post-translation");
    var source = document.getElementById(button.dataset.source);
    var lang = button.dataset.destLanguage;
    box.replaceChildren(spinner());
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRF-Token": window.microblog.csrfToken()
      },
      body: JSON.stringify({
        text: source.textContent.trim(),
        source_language: button.dataset.sourceLanguage,
        dest_language: lang
      })
    }).then(answer).then(function (result) {
      if (result.ok && typeof result.body.text === "string") {
        show(box, "translated-text mb-0", result.body.text, lang);
      } else {
        failed(box, button, result.body.message || t("network_error"), !TRANSIENT[result.status]);
      }
    }).catch(function () {
      failed(box, button, t("network_error"), false);
    });
  }

  // the service was slow or failed this time: trying again may work (other statuses, such
  // as 503 for no service or 400 for a text it cannot take, will not change)
  var TRANSIENT = { 429: true, 502: true, 504: true };

  function failed(box, button, message, permanent) {
    show(box, "translation-error text-danger mb-0", message);
    if (!permanent) {
      box.appendChild(button);    // the link again, to try once more
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".translate-link");
    if (button) {
      event.preventDefault();
      translate(button);
    }
  });
})();
