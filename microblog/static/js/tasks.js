// Background tasks: the progress alerts of the layout follow the "task_progress"
// notifications ({task_id, progress, failed?}) without a reload, asked for every second
// while a task runs. When a task ends, its alert says how it went
// (microblog.t("<task name>_done" / "_failed")), can be closed, and the button that starts
// that kind of task shows again.
(function () {
  "use strict";

  var microblog = window.microblog = window.microblog || {};

  function alertFor(taskId) {
    var alerts = document.querySelectorAll("#task-alerts .task-alert");
    for (var i = 0; i < alerts.length; i++) {
      if (alerts[i].dataset.taskId === taskId) { return alerts[i]; }
    }
    return null;
  }

  function finish(alert, failed) {
    var name = alert.dataset.taskName;
    alert.classList.remove("alert-success");
    alert.classList.add(failed ? "alert-danger" : "alert-info", "task-finished");
    alert.classList.toggle("task-failed", failed);
    alert.querySelector(".task-text").textContent =
      microblog.t(name + (failed ? "_failed" : "_done"));
    var bar = alert.querySelector(".task-progress-bar");
    if (bar) { bar.remove(); }
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "alert");
    close.setAttribute("aria-label", microblog.t("close"));
    alert.classList.add("alert-dismissible");
    alert.appendChild(close);
    document.querySelectorAll('form[data-task-name="' + name + '"]').forEach(function (form) {
      form.hidden = false;
    });
  }

  function setTaskProgress(data) {
    var alert = data && alertFor(data.task_id);
    if (!alert || alert.classList.contains("task-finished")) { return; }
    var progress = Math.max(0, Math.min(100, Number(data.progress) || 0));
    if (data.failed || progress >= 100) {
      finish(alert, Boolean(data.failed));
      return;
    }
    alert.querySelector(".task-progress").textContent = progress;
    var bar = alert.querySelector(".task-progress-bar");
    bar.value = progress;
    bar.textContent = progress + "%";
  }

  function running() {
    return document.querySelector("#task-alerts .task-alert:not(.task-finished)") !== null;
  }

  microblog.setTaskProgress = setTaskProgress;
  if (microblog.onNotification) {
    microblog.onNotification("task_progress", setTaskProgress);
    microblog.pollFasterWhile(running);
  }
})();
