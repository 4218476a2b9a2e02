/* The reader's edition of an article page (build_tools/render/templates/article.md.j2):
   - a popover for each person and glossary term the text names, on hover, keyboard focus
     and tap (a tap shows it and never leaves the page), closed by Escape;
   - on narrow screens, a note marker opens its note in place, under its paragraph;
   - the switch that hides the annotations for a clean reading of the source, remembered
     across pages;
   - copying: a selection that takes in the source copies the source alone, without the
     paragraph numbers, note markers or notes.
   Popovers are built with textContent from the glosses the page holds as text (.cl-gloss):
   nothing here reads or writes markup. Without this script the page still works: terms and
   people are links to their pages, markers link to notes shown under their paragraph. */
(() => {
  "use strict";
  const article = document.querySelector(".cl-article");
  if (!article) return;
  const root = document.documentElement;
  const STORE = "cl-annotations";
  const TRIGGERS = ".cl-source a.cl-term[data-gloss], .cl-source a.cl-entity[data-gloss]";

  const stored = () => {
    try { return localStorage.getItem(STORE); } catch { return null; }
  };
  const store = (value) => {
    try { localStorage.setItem(STORE, value); } catch { /* storage refused: this page only */ }
  };
  // Before anything is drawn with the marks, if the reader turned them off.
  root.classList.add("cl-js");
  root.classList.toggle("cl-plain", stored() === "off");

  // ------------------------------------------------------------------------- popovers

  const popover = document.createElement("div");
  popover.className = "cl-popover";
  popover.id = "cl-popover";
  popover.hidden = true;
  article.append(popover); // inside the page's landmarks, after the text it annotates
  let current = null;   // the link whose popover is open
  let openedBy = "";    // "hover", "focus", "tap"
  let hideTimer = 0;
  let lastPointer = ""; // the pointer of the last press: "mouse", "touch", "pen"
  let lastPressAt = -Infinity;

  const textElement = (tag, className, source) => {
    const element = document.createElement(tag);
    element.className = className;
    element.textContent = source.textContent;
    const marked = source.closest("[lang]");
    if (marked) {
      element.lang = marked.lang;
      element.dir = marked.dir;
    }
    return element;
  };

  const fill = (gloss) => {
    popover.replaceChildren();
    popover.lang = gloss.lang;
    popover.dir = gloss.dir;
    const name = gloss.querySelector(".cl-gloss-name bdi") || gloss.querySelector(".cl-gloss-name");
    popover.append(textElement("p", "cl-popover-name", name));
    const text = gloss.querySelector(".cl-gloss-text");
    if (text) popover.append(textElement("p", "cl-popover-text", text));
    const more = document.createElement("a");
    more.className = "cl-popover-more";
    more.href = gloss.dataset.href;
    more.textContent = gloss.dataset.more;
    const line = document.createElement("p");
    line.append(more);
    popover.append(line);
  };

  const place = (trigger) => {
    const box = trigger.getClientRects()[0] || trigger.getBoundingClientRect();
    const width = popover.offsetWidth;
    const viewport = root.clientWidth;
    const rtl = getComputedStyle(trigger).direction === "rtl";
    let left = rtl ? box.right - width : box.left;
    left = Math.max(8, Math.min(left, viewport - width - 8));
    // Absolute to the nearest positioned ancestor: from viewport to its coordinates.
    const origin = popover.offsetParent ? popover.offsetParent.getBoundingClientRect()
      : { left: -window.scrollX, top: -window.scrollY };
    popover.style.left = `${left - origin.left}px`;
    popover.style.top = `${box.bottom + 6 - origin.top}px`;
  };

  const show = (trigger, by) => {
    if (root.classList.contains("cl-plain")) return;
    const gloss = document.getElementById(trigger.dataset.gloss);
    if (!gloss) return;
    clearTimeout(hideTimer);
    if (current !== trigger) {
      fill(gloss);
      current = trigger;
    }
    openedBy = by;
    popover.hidden = false;
    place(trigger);
  };

  const hide = () => {
    clearTimeout(hideTimer);
    popover.hidden = true;
    current = null;
    openedBy = "";
  };

  const hideSoon = () => {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 300);
  };

  document.addEventListener("pointerdown", (event) => {
    lastPointer = event.pointerType;
    lastPressAt = event.timeStamp;
    if (current && !popover.contains(event.target) && !current.contains(event.target)) hide();
  }, true);

  article.addEventListener("mouseover", (event) => {
    const trigger = event.target.closest(TRIGGERS);
    if (!trigger || lastPointer === "touch") return;
    if (current === trigger) clearTimeout(hideTimer);
    else if (!current || openedBy === "hover") show(trigger, "hover");
  });
  article.addEventListener("mouseout", (event) => {
    const trigger = event.target.closest(TRIGGERS);
    if (trigger && trigger === current && openedBy === "hover"
        && !popover.contains(event.relatedTarget)) hideSoon();
  });
  popover.addEventListener("mouseenter", () => clearTimeout(hideTimer));
  popover.addEventListener("mouseleave", () => { if (openedBy === "hover") hideSoon(); });

  article.addEventListener("focusin", (event) => {
    const trigger = event.target.closest(TRIGGERS);
    if (trigger && trigger.matches(":focus-visible")) show(trigger, "focus");
  });
  article.addEventListener("focusout", (event) => {
    if (openedBy === "focus" && !popover.contains(event.relatedTarget)) hide();
  });
  popover.addEventListener("focusout", (event) => {
    if (!popover.contains(event.relatedTarget) && event.relatedTarget !== current) hide();
  });

  // A tap shows the popover (its link leads on); a click or Enter follows the link.
  article.addEventListener("click", (event) => {
    const trigger = event.target.closest(TRIGGERS);
    if (trigger) {
      if (lastPointer === "touch" && event.timeStamp - lastPressAt < 2000) {
        event.preventDefault();
        if (current === trigger && openedBy === "tap") hide();
        else show(trigger, "tap");
      }
      return;
    }
    const mark = event.target.closest("a.cl-note-mark");
    if (mark && narrow()) {
      event.preventDefault();
      toggleNote(mark);
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    if (current) {
      const trigger = current;
      hide();
      if (popover.contains(document.activeElement)) trigger.focus();
      return;
    }
    const note = document.activeElement && document.activeElement.closest(".cl-note.cl-open");
    if (note) {
      const mark = document.getElementById(`${note.id}-ref`);
      if (mark) toggleNote(mark);
    }
  });
  window.addEventListener("resize", hide);
  // Printed, the summary shows whole (a closed <details> prints only its label).
  window.addEventListener("beforeprint", () => {
    for (const summary of article.querySelectorAll("details.cl-summaries")) summary.open = true;
  });

  // --------------------------------------------------------------------- notes in place

  // article.css says which layout the text has: notes in the margin ("wide") or in place.
  const text = article.querySelector(".cl-text");
  const narrow = () => !text
    || getComputedStyle(text).getPropertyValue("--cl-layout").trim() !== "wide";

  const toggleNote = (mark) => {
    const note = document.getElementById(mark.getAttribute("href").slice(1));
    if (!note) return;
    const open = !note.classList.contains("cl-open");
    note.classList.toggle("cl-open", open);
    mark.setAttribute("aria-expanded", String(open));
    if (open) {
      note.tabIndex = -1;
      note.focus({ preventScroll: true });
      note.scrollIntoView({ block: "nearest" });
    } else {
      mark.focus();
    }
  };
  for (const mark of article.querySelectorAll("a.cl-note-mark")) {
    mark.setAttribute("aria-controls", mark.getAttribute("href").slice(1));
    if (narrow()) mark.setAttribute("aria-expanded", "false");
  }

  // ------------------------------------------------------------------- the switch

  const toggle = article.querySelector(".cl-annotations-switch");
  const setPlain = (plain) => {
    root.classList.toggle("cl-plain", plain);
    if (toggle) toggle.setAttribute("aria-checked", String(!plain));
    // Hidden marks are no stops for the keyboard either.
    for (const link of article.querySelectorAll(`${TRIGGERS}, a.cl-note-mark`)) {
      if (plain) link.tabIndex = -1;
      else link.removeAttribute("tabindex");
    }
    hide();
  };
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", () => {
      const plain = !root.classList.contains("cl-plain");
      setPlain(plain);
      store(plain ? "off" : "on");
    });
  }
  setPlain(root.classList.contains("cl-plain"));

  // ---------------------------------------------------------------------------- copying

  // The selected part of each source block, joined by the line breaks that separate the
  // blocks in the source (data-source-start/-end are offsets in it).
  document.addEventListener("copy", (event) => {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount || !event.clipboardData) {
      return;
    }
    const range = selection.getRangeAt(0);
    let copied = "";
    let previousEnd = null;
    for (const block of article.querySelectorAll(".cl-source")) {
      if (!range.intersectsNode(block)) continue;
      const part = document.createRange();
      part.selectNodeContents(block);
      if (range.compareBoundaryPoints(Range.START_TO_START, part) > 0) {
        part.setStart(range.startContainer, range.startOffset);
      }
      if (range.compareBoundaryPoints(Range.END_TO_END, part) < 0) {
        part.setEnd(range.endContainer, range.endOffset);
      }
      if (previousEnd !== null) {
        copied += "\n".repeat(Math.max(1, Number(block.dataset.sourceStart) - previousEnd));
      }
      copied += part.toString();
      previousEnd = Number(block.dataset.sourceEnd);
    }
    if (previousEnd === null) return; // nothing of the source: copy as the browser does
    event.clipboardData.setData("text/plain", copied);
    event.preventDefault();
  });
})();
