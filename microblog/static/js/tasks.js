// Background tasks: the progress alerts of the layout follow the "task_progress"
// notifications ({task_id, progress, failed?}) without a reload. When a task ends, its alert
// says how it went (microblog.t("<task name>_done" / "_failed")) and the button that starts
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
    var bar = alert.querySelector(".progress");
    if (bar) { bar.remove(); }
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
    var bar = alert.querySelector(".progress");
    bar.setAttribute("aria-valuenow", progress);
    bar.querySelector(".progress-bar").style.width = progress + "%";
  }

  microblog.setTaskProgress = setTaskProgress;
  if (microblog.onNotification) {
    microblog.onNotification("task_progress", setTaskProgress);
  }
})();
