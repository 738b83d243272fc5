// Like and repost buttons in place: each is a plain form (without scripts it posts and the
// page comes back); here it is sent in the background, asking for JSON, and every button
// of the same post on the page takes the new state and counts, without a reload.
(function () {
  "use strict";

  var busy = new WeakSet();

  function update(postId, state) {
    var selector = 'form.post-action[data-post-id="' + postId + '"]';
    document.querySelectorAll(selector).forEach(function (form) {
      var action = form.dataset.action;              // "like" or "repost"
      var pressed = Boolean(state[action === "like" ? "liked" : "reposted"]);
      var count = state[action + "_count"];
      var button = form.querySelector("button");
      // the form now does the opposite: /post/7/like <-> /post/7/unlike
      form.action = form.action.replace(/\/(un)?(like|repost)$/, "/" + (pressed ? "un" : "") + action);
      button.setAttribute("aria-pressed", pressed ? "true" : "false");
      button.classList.toggle("btn-secondary", pressed);
      button.classList.toggle("btn-outline-secondary", !pressed);
      var number = form.querySelector("." + action + "-count");
      if (number && typeof count === "number") { number.textContent = count; }
    });
  }

  function send(form) {
    if (busy.has(form)) { return; }
    busy.add(form);
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRF-Token": window.microblog.csrfToken() },
      body: new FormData(form)
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (state) {
      update(form.dataset.postId, state);
    }).catch(function () {
      form.submit();    // let the server answer the plain way (a page with the reason)
    }).finally(function () {
      busy.delete(form);
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form.post-action");
    if (form) {
      event.preventDefault();
      send(form);
    }
  });
})();
