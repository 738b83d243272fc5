// User popups: resting the pointer on a username link (a.user-link) for a second, or
// focusing it with the keyboard, shows a Bootstrap popover with a card about the user,
// fetched once from /user/<name>/popup and kept for the life of the page. Leaving before
// the delay cancels the timer and any request in flight; Escape closes the popup. Its
// Follow / Unfollow button works in place: the card is fetched again, the reader stays.
(function () {
  "use strict";

  var microblog = window.microblog = window.microblog || {};
  var HIDE_GRACE = 250;     // ms to cross the gap between the link and the popover
  var cards = {};           // popup URL -> HTML, for the page's life
  var shown = null;         // the controller whose popover is open

  // Bootstrap sanitizes popover HTML: allow what the card holds (its follow form too).
  var allowList = Object.assign({}, bootstrap.Popover.Default.allowList, {
    form: ["action", "method"],
    input: ["type", "name", "value"],
    button: ["type"],
    time: ["datetime", "data-format", "title"]
  });

  function delay() {
    var configured = Number(microblog.popupDelay);
    return isNaN(configured) || microblog.popupDelay == null ? 1000 : configured;
  }

  function popupUrl(link) {
    var url = new URL(link.href, document.baseURI);
    if (url.origin !== window.location.origin) { return null; }
    url.pathname = url.pathname.replace(/\/?$/, "/popup");
    url.search = "";
    url.hash = "";
    return url.href;
  }

  function UserPopup(link, url) {
    this.link = link;
    this.url = url;
    this.showTimer = null;
    this.hideTimer = null;
    this.request = null;
    this.popover = null;
    this.content = null;      // the card the popover was last given
    this.dismissed = false;   // closed with Escape: stays closed until the user moves on
    // the popover lives inside this wrapper, right after the link: hovering it still
    // counts as hovering the link, and Tab moves from the link into its buttons
    this.wrapper = document.createElement("span");
    this.wrapper.className = "user-popup";
    link.parentNode.insertBefore(this.wrapper, link);
    this.wrapper.appendChild(link);
    this.listen();
  }

  UserPopup.prototype.listen = function () {
    var self = this;
    this.wrapper.addEventListener("mouseenter", function () { self.arm(); });
    this.wrapper.addEventListener("mouseleave", function () { self.disarm(); });
    this.link.addEventListener("focus", function () { self.arm(); });
    this.wrapper.addEventListener("focusout", function (event) {
      if (!self.wrapper.contains(event.relatedTarget)) { self.disarm(); }
    });
    this.wrapper.addEventListener("submit", function (event) {
      var form = event.target;
      if (form.closest(".popover")) {
        event.preventDefault();
        self.submit(form);
      }
    });
    this.wrapper.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        self.disarm();
        self.hide();
        self.dismissed = true;
        self.link.focus();
      }
    });
  };

  UserPopup.prototype.arm = function () {
    clearTimeout(this.hideTimer);
    this.hideTimer = null;
    var busy = shown === this || this.showTimer !== null || this.request !== null;
    if (this.dismissed || busy) { return; }
    var self = this;
    this.showTimer = setTimeout(function () {
      self.showTimer = null;
      self.load();
    }, delay());
  };

  UserPopup.prototype.disarm = function () {
    this.dismissed = false;
    clearTimeout(this.showTimer);
    this.showTimer = null;
    if (this.request !== null) {
      this.request.abort();
      this.request = null;
    }
    if (shown === this && this.hideTimer === null) {
      var self = this;
      this.hideTimer = setTimeout(function () { self.hide(); }, HIDE_GRACE);
    }
  };

  UserPopup.prototype.load = function () {
    if (cards[this.url] !== undefined) {
      this.show(cards[this.url]);
      return;
    }
    var self = this;
    var mine = this.request = new AbortController();
    fetch(this.url, {
      headers: { "Accept": "text/html" },
      credentials: "same-origin",
      signal: mine.signal
    }).then(function (response) {
      if (!response.ok) { throw new Error("popup: HTTP " + response.status); }
      return response.text();
    }).then(function (html) {
      cards[self.url] = html;
      if (self.request === mine) {
        self.request = null;
        self.show(html);
      }
    }).catch(function (error) {
      if (self.request === mine) { self.request = null; }
      if (error.name !== "AbortError") { console.warn(error); }
    });
  };

  UserPopup.prototype.submit = function (form) {
    var self = this;
    // not disabled: a disabled button loses the focus, and with it the popup would close
    if (form.dataset.sending) { return; }
    form.dataset.sending = "1";
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json", "X-CSRF-Token": microblog.csrfToken() },
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) { throw new Error("follow: HTTP " + response.status); }
      delete cards[self.url];
      return fetch(self.url, { headers: { "Accept": "text/html" }, credentials: "same-origin" });
    }).then(function (response) {
      if (!response.ok) { throw new Error("popup: HTTP " + response.status); }
      return response.text();
    }).then(function (html) {
      cards[self.url] = html;
      self.refresh(html);
    }).catch(function (error) {
      console.warn(error);
      form.submit();          // the old way, with a page load, still does it
    });
  };

  // the new card in the open popover: put in beside the old one, focus its button, then
  // drop the old (the focus never leaves the popup, so the popup stays open)
  UserPopup.prototype.refresh = function (html) {
    var body = this.wrapper.querySelector(".popover .popover-body");
    if (!body) { return; }
    var card = new DOMParser().parseFromString(html, "text/html").body;
    var old = Array.prototype.slice.call(body.childNodes);
    body.append.apply(body, Array.prototype.slice.call(card.childNodes));
    if (microblog.renderDates) { microblog.renderDates(body); }
    var buttons = body.querySelectorAll("button[type=submit]");
    if (buttons.length) { buttons[buttons.length - 1].focus(); }
    old.forEach(function (node) { node.remove(); });
    this.popover.update();
  };

  UserPopup.prototype.show = function (html) {
    if (shown && shown !== this) { shown.hide(); }
    if (this.popover === null) {
      this.popover = new bootstrap.Popover(this.link, {
        trigger: "manual",
        html: true,
        content: html,
        container: this.wrapper,
        placement: "bottom",
        animation: false,
        customClass: "user-popover",
        allowList: allowList
      });
      var wrapper = this.wrapper;
      this.link.addEventListener("inserted.bs.popover", function () {
        var tip = wrapper.querySelector(".popover");
        if (tip && microblog.renderDates) { microblog.renderDates(tip); }
      });
    } else if (this.content !== html) {
      // the card changed (a follow from it): the next opening shows the new one
      this.popover.setContent({ ".popover-body": html });
    }
    this.content = html;
    shown = this;
    this.popover.show();
  };

  UserPopup.prototype.hide = function () {
    clearTimeout(this.hideTimer);
    this.hideTimer = null;
    if (this.popover) { this.popover.hide(); }
    if (shown === this) { shown = null; }
  };

  function setUp(root) {
    (root || document).querySelectorAll("a.user-link").forEach(function (link) {
      if (link.dataset.userPopup) { return; }
      var url = popupUrl(link);
      if (url === null) { return; }
      link.dataset.userPopup = "ready";
      new UserPopup(link, url);
    });
  }

  microblog.setUpUserPopups = setUp;
  setUp();
})();
