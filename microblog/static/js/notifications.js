// Live notifications for a signed-in user: polls /notifications (every 10 s by default)
// while the tab is visible, and hands each notification to the handlers registered for
// its name with window.microblog.onNotification(name, fn). The navbar's unread-messages
// badge is one such handler; background jobs register "task_progress".
//
// The interval comes from this script's data-interval (milliseconds), unless
// window.microblog.notificationInterval is set before the page loads (the tests shorten it).
// While something needs news sooner (a task running: microblog.pollFasterWhile(check)), it
// polls every data-active-interval instead (a second).
(function () {
  "use strict";

  var script = document.currentScript;
  var microblog = window.microblog = window.microblog || {};
  var handlers = {};
  var since = 0;            // the newest timestamp seen: the server sends only newer ones
  var timer = null;
  var request = null;       // the AbortController of the poll in flight
  var stopped = false;

  var urgent = [];           // checks that, while one answers true, want faster polling

  function interval() {
    var normal = Number(microblog.notificationInterval) || Number(script.dataset.interval) || 10000;
    var active = Number(script.dataset.activeInterval) || 1000;
    var hurry = urgent.some(function (check) { return check(); });
    return hurry ? Math.min(normal, active) : normal;
  }

  microblog.pollFasterWhile = function (check) {
    urgent.push(check);
    // a timer set at the slow pace is brought forward
    if (timer !== null && check()) {
      clearTimeout(timer);
      timer = null;
      schedule();
    }
  };

  microblog.onNotification = function (name, handler) {
    (handlers[name] = handlers[name] || []).push(handler);
  };

  function dispatch(notification) {
    since = Math.max(since, notification.timestamp);
    (handlers[notification.name] || []).forEach(function (handler) {
      try {
        handler(notification.data, notification);
      } catch (error) {
        console.error(error);
      }
    });
  }

  function schedule() {
    if (!stopped && !document.hidden && timer === null && request === null) {
      timer = setTimeout(poll, interval());
    }
  }

  function poll() {
    timer = null;
    if (stopped || document.hidden || request !== null) { return; }
    var mine = request = new AbortController();
    fetch(script.dataset.url + "?since=" + encodeURIComponent(since), {
      headers: { "Accept": "application/json" },
      credentials: "same-origin",
      cache: "no-store",
      signal: mine.signal
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) {
        stopped = true;     // signed out meanwhile: nothing more to hear about
      }
      if (!response.ok) { throw new Error("notifications: HTTP " + response.status); }
      return response.json();
    }).then(function (notifications) {
      notifications.forEach(dispatch);
    }).catch(function (error) {
      if (error.name !== "AbortError") { console.warn(error); }
    }).finally(function () {
      // a poll aborted by a hidden tab was already forgotten; do not reschedule it
      if (request === mine) {
        request = null;
        schedule();
      }
    });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      clearTimeout(timer);
      timer = null;
      if (request !== null) {
        request.abort();
        request = null;
      }
    } else if (timer === null && request === null) {
      poll();               // back in view: catch up at once, then resume the rhythm
    }
  });

  function setMessageCount(count) {
    var badge = document.getElementById("message-count");
    if (!badge) { return; }
    badge.querySelector(".message-count-number").textContent = count;
    // invisible rather than hidden: the badge keeps its room and the navbar never moves
    badge.classList.toggle("invisible", !count);
  }

  // the bell beside Messages: what happened to the user since they last opened
  // /notifications/all
  function setNotificationCount(count) {
    var badge = document.getElementById("notification-count");
    if (!badge) { return; }
    badge.querySelector(".notification-count-number").textContent = count;
    badge.classList.toggle("invisible", !count);
  }

  microblog.setMessageCount = setMessageCount;
  microblog.setNotificationCount = setNotificationCount;
  microblog.onNotification("unread_message_count", setMessageCount);
  microblog.onNotification("unread_notification_count", setNotificationCount);
  schedule();
})();
