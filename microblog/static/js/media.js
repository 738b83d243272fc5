// Pictures. In the post form: a preview of each chosen file beside its description, and
// one empty slot at a time. On posts: a lightbox over the page (a <dialog>), with the
// picture at its display size, its description, and the post's other pictures behind the
// arrows. Without this script every slot shows and a picture opens as a page of its own.
(function () {
  "use strict";

  var t = window.microblog.t;

  // the form (the stylesheet shows only the first slot until this script opens more, so
  // that nothing moves when it starts; nojs.css shows them all) ----------------------------
  function setUpPictures(widget) {
    var slots = Array.prototype.slice.call(widget.querySelectorAll(".picture-slot"));

    function refresh() {
      var emptyShown = false;
      slots.forEach(function (slot) {
        var chosen = slot.querySelector(".picture-file").files.length > 0;
        slot.classList.toggle("open", chosen || !emptyShown);
        if (!chosen) { emptyShown = true; }
      });
    }

    slots.forEach(function (slot) {
      var input = slot.querySelector(".picture-file");
      var preview = slot.querySelector(".picture-preview");
      input.addEventListener("change", function () {
        if (preview.src) { URL.revokeObjectURL(preview.src); }
        var file = input.files[0];
        if (file) {
          preview.src = URL.createObjectURL(file);
          preview.alt = t("picture_preview");
          preview.hidden = false;
          slot.querySelector(".picture-alt").focus();
        } else {
          preview.removeAttribute("src");
          preview.hidden = true;
        }
        refresh();
      });
    });
    refresh();
  }

  // the lightbox -------------------------------------------------------------------------
  var dialog, image, caption, counter, group = [], index = 0, opener = null;

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "lightbox";
    dialog.setAttribute("aria-label", t("lightbox"));
    var close = button("lightbox-close btn-close btn-close-white", t("lightbox_close"));
    close.addEventListener("click", function () { dialog.close(); });
    var previous = button("lightbox-prev", t("lightbox_previous"), "‹");
    previous.addEventListener("click", function () { show(index - 1); });
    var next = button("lightbox-next", t("lightbox_next"), "›");
    next.addEventListener("click", function () { show(index + 1); });
    var figure = document.createElement("figure");
    image = document.createElement("img");
    caption = document.createElement("figcaption");
    counter = document.createElement("span");
    counter.className = "lightbox-counter";
    figure.append(image, caption);
    dialog.append(close, previous, figure, next, counter);
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) { dialog.close(); }  // the backdrop
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { show(index - 1); }
      if (event.key === "ArrowRight") { show(index + 1); }
    });
    dialog.addEventListener("close", function () {
      image.removeAttribute("src");
      if (opener) { opener.focus(); }
    });
    document.body.append(dialog);
  }

  function button(className, label, text) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.setAttribute("aria-label", label);
    if (text) { element.textContent = text; }
    return element;
  }

  function show(position) {
    index = (position + group.length) % group.length;
    var link = group[index];
    var thumbnail = link.querySelector("img");
    // the display size's own dimensions: the box is right before the picture arrives
    image.width = Number(link.dataset.width);
    image.height = Number(link.dataset.height);
    image.src = link.href;
    image.alt = thumbnail ? thumbnail.alt : "";
    caption.textContent = image.alt;
    caption.hidden = !image.alt;
    dialog.classList.toggle("single", group.length < 2);
    counter.textContent = group.length > 1
      ? t("lightbox_counter", { number: index + 1, total: group.length }) : "";
  }

  function open(link) {
    if (!dialog) { build(); }
    var grid = link.closest(".post-media");
    group = Array.prototype.slice.call(grid.querySelectorAll("a.media-item"));
    opener = link;
    show(group.indexOf(link));
    dialog.showModal();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".post-media a.media-item");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
      return;
    }
    event.preventDefault();
    open(link);
  });

  function ready() {
    document.querySelectorAll(".pictures").forEach(setUpPictures);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
