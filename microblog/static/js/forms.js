// Texts with a length limit (textarea[data-maxlength]): a live counter under the box, the
// overflow shown rather than cut, and the form's submit buttons disabled until it fits.
// Characters are counted as the server counts them: code points, ends trimmed, a line
// break as one. Without this script the server's own check answers on the field.
(function () {
  "use strict";

  var t = window.microblog.t;
  var serial = 0;

  function length(text) {
    return Array.from(text.trim()).length;
  }

  function setUp(box) {
    var max = Number(box.dataset.maxlength);
    if (!max || box.dataset.counter) { return; }
    box.dataset.counter = "ready";
    var counter = document.createElement("div");
    counter.className = "form-text char-counter";
    counter.id = "char-counter-" + (++serial);
    var count = document.createElement("span");
    count.className = "char-count";
    var warning = document.createElement("span");
    warning.className = "char-warning ms-2";
    // announced once when the text goes over the limit, not at every key
    warning.setAttribute("role", "status");
    counter.append(count, warning);
    box.insertAdjacentElement("afterend", counter);
    var described = box.getAttribute("aria-describedby");
    box.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    var form = box.form;
    var wasOver = false;

    function update() {
      var used = length(box.value);
      var over = used > max;
      count.textContent = t("char_count", { count: used, max: max });
      counter.classList.toggle("over", over);
      box.classList.toggle("is-invalid", over);
      box.setAttribute("aria-invalid", over ? "true" : "false");
      if (over !== wasOver) {
        warning.textContent = over ? t("text_too_long", { max: max }) : "";
        wasOver = over;
      }
      if (form) {
        form.querySelectorAll("button[type=submit]").forEach(function (button) {
          button.disabled = over;
        });
      }
    }

    box.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("textarea[data-maxlength]").forEach(setUp);
})();
