// The search panel: Pagefind's search box (pagefind/pagefind-ui.js), set up for this
// collection. overrides/partials/search.html holds its words and loads this after
// arabic-fold.js and pagefind-ui.js; assets/stylesheets/search.css lays it out.
// docs/about/search.md says what the search does and why.
(() => {
  "use strict";
  const box = document.getElementById("cl-search");
  if (!box || !window.PagefindUI || !window.ArabicFold) return;
  const header = document.querySelector(".md-header__inner");
  if (header) header.append(box);
  const absolute = (path) => new URL(path, location.href).pathname;
  const words = box.dataset;

  // Pagefind's search box fetches every filter chunk as soon as it starts (a third of a
  // megabyte at 10,000 articles, before the first result), and preloads the index for
  // each key typed as typed, not as processTerm turns it (index chunks of visible words
  // no query meets, hundreds of KB). An import map puts a stand-in for pagefind.js in its
  // place whose filters() has none until the reader asks for them (the button below) and
  // whose preload() fetches the index for the query's keys of the words already typed,
  // not for a half-typed word (the search, once typing pauses, fetches that); everything
  // else the box uses is Pagefind's own (its debouncedSearch, which would go around the
  // search() below, is not offered). A browser without import maps loads Pagefind itself,
  // and only fetches more.
  const bundle = new URL(box.dataset.bundle, location.href);
  const pagefindUrl = new URL("pagefind.js", bundle).href;
  //
  // Its search() refuses Pagefind's fallback. For a query word no indexed word starts
  // with, Pagefind takes the longest indexed word the query word starts with: Beijing would
  // find every page holding "be". A real match holds, on every page found, a term that
  // starts with each key; so the first result, whose excerpt the box loads anyway, must.
  const standIn = `import * as pagefind from ${JSON.stringify(`${pagefindUrl}?filters=later`)};
export const { options, init, destroy, mergeIndex, createInstance } = pagefind;
export const search = async (term, options) => {
  const response = await pagefind.search(term, options);
  const first = response?.results?.[0];
  const keys = (term ?? "").split(/\\s+/).filter(Boolean);
  if (!first || !keys.length) return response;
  const terms = (await first.data()).content.split(/\\s+/);
  if (keys.every((key) => terms.some((t) => t.startsWith(key)))) return response;
  return { ...response, results: [], unfilteredResultCount: 0 };
};
export const preload = async (term, options) => {
  const typed = term.replace(/\\S*$/, "").trim();
  if (typed) await pagefind.preload(globalThis.ArabicFold.searchQuery(typed), options);
};
let wanted = false;
export const filters = async () => (wanted ? pagefind.filters() : {});
export const loadFilters = () => { wanted = true; return pagefind.filters(); };`;
  const importMap = document.createElement("script");
  importMap.type = "importmap";
  importMap.textContent = JSON.stringify({ imports: { [pagefindUrl]:
    `data:text/javascript,${encodeURIComponent(standIn)}` } });
  document.head.append(importMap);

  const fold = window.ArabicFold;
  const MARK = fold.tables.SEARCH_MARK;
  const plain = (word) => (word ?? "").replace(/<[^>]*>/g, "");
  // Pagefind's content is the page's text as it is (a quote or < included); the box shows
  // excerpts as HTML, so every word goes in escaped.
  const escape = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  // A hidden search term (the #search-terms and data-pagefind-weight blocks of a page)
  // starts with the mark; no excerpt, title or sub-result ever shows one.
  const visible = (word) => word !== "" && !plain(word).startsWith(MARK);

  // Index and query meet only on marked, folded, clitic-free keys (arabic.search_query and
  // arabic.index_terms): one key per word typed, since Pagefind requires every word of a
  // query, behind a mark no visible word starts with, so Pagefind's fallback for a word
  // it does not know (the longest indexed word it begins with) cannot land on a short
  // visible word such as أي.
  let keys = []; // of the query being searched, to show which visible words it found
  const processTerm = (term) => {
    keys = fold.queryTerms(term).filter(fold.indexable);
    return fold.searchQuery(term);
  };

  // A visible word the query found: one of its terms extends a key (Pagefind's prefix
  // match) or is a whole word of at least MIN_STEM letters that a key extends (its
  // fallback for a word it does not know).
  const found = (word) => fold.searchTerms(plain(word)).some((term) => keys.some((key) =>
    term.startsWith(key) || (key.startsWith(term) && term.length >= fold.tables.MIN_STEM)));

  // Up to 30 visible words around the first the query found, those it found marked.
  const excerptOf = (text) => {
    const marked = text.map(found);
    const first = Math.max(0, marked.indexOf(true) - 8);
    return text.slice(first, first + 30).map((w, i) =>
      (marked[first + i] ? `<mark>${escape(w)}</mark>` : escape(w))).join(" ");
  };

  // The page's sections, as Pagefind's anchors mark them: a paragraph (#pN) or a heading
  // below the page's title starts one, any other block (a note, the hidden terms) ends
  // it; an inline anchor (a link into a note) does neither. A section is a sub-result
  // when a visible word in it is one the query found.
  const BLOCK = /^(div|aside|section|p|ol|ul|dl|table|details|h[1-6])$/;
  const sectionTitle = (anchor) => {
    if (/^p\d+$/.test(anchor.id)) return `${words.paragraph} ${anchor.id.slice(1)}`;
    if (!/^h[2-6]$/.test(anchor.element)) return "";
    return (anchor.text ?? "").split(/\s+/).filter(visible).join(" ");
  };
  const sectionsOf = (result) => result.anchors.filter((a) => BLOCK.test(a.element))
    .sort((a, b) => a.location - b.location);
  const sectionResults = (result, content) => {
    const anchors = sectionsOf(result);
    return anchors.flatMap((anchor, i) => {
      const title = sectionTitle(anchor);
      const text = content.slice(anchor.location, anchors[i + 1]?.location ?? content.length)
        .filter(visible);
      const hits = text.filter(found).length;
      if (!title || !hits) return [];
      return [{ title, url: `${result.url}#${anchor.id}`, excerpt: excerptOf(text),
                anchor: { id: anchor.id }, locations: Array(hits).fill(anchor.location) }];
    });
  };
  // The words before the first section: the page's own title and lead.
  const lead = (result, content) => content.slice(0, sectionsOf(result)
    .find((anchor) => sectionTitle(anchor))?.location ?? content.length).filter(visible);

  // Dates as a reader writes them (12 يوليو 2025), in the digits of the text.
  const dateFormat = new Intl.DateTimeFormat(`${box.lang}-u-nu-latn`,
    { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const readableDate = (iso) => {
    const date = new Date(`${iso}T00:00:00Z`);
    return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
  };

  const processResult = (result) => {
    const title = (result.meta.title ?? "").split(/\s+/).filter(visible).join(" ");
    result.meta.title = result.meta.date ? `${title} (${readableDate(result.meta.date)})` : title;
    delete result.meta.date; // shown in the title, not as an English "Date:" line
    const content = (result.raw_content ?? result.content).split(/[\r\n\s]+/g);
    // Pagefind's excerpts would show the hidden terms that matched: show visible words.
    result.excerpt = excerptOf(content.filter(visible));
    // Pagefind's own sub-results cut the page at headings and keep raw excerpts (the
    // hidden terms follow the last heading): these replace them, always. As Pagefind's,
    // the page itself is one (and its excerpt shows) when the query found a word before
    // the first section, or in no section.
    const sections = sectionResults(result, content);
    const before = lead(result, content);
    const page = before.some(found) ? excerptOf(before) : sections.length ? "" : result.excerpt;
    if (page) result.excerpt = page;
    result.sub_results = [
      ...(page ? [{ title: result.meta.title, url: result.url, excerpt: page, locations: [] }]
        : []),
      ...sections];
    return result;
  };

  // Pagefind's box words every count above one alike ("[COUNT] results"); Arabic has a
  // form for one, two, three to ten, eleven to ninety-nine and a hundred. The box takes
  // the wording, replaces [SEARCH_TERM] in it, then [COUNT] (a formatted number): this
  // stands in for the wording and, on the second replacement, picks the form.
  const plural = new Intl.PluralRules(box.lang);
  const isolate = (text) => `«\u2068${text}\u2069»`; // the term keeps its own direction
  const countMessage = (count, term, shown = String(count)) => {
    const category = plural.select(count);
    const wording = words[`count${category[0].toUpperCase()}${category.slice(1)}`]
      ?? words.countOther;
    return wording.replace("[SEARCH_TERM]", isolate(term)).replace("[COUNT]", shown);
  };
  const digits = (text) => Number(String(text).replace(/[\u0660-\u0669]/g,
    (d) => d.charCodeAt(0) - 0x0660).replace(/[^0-9]/g, ""));
  const countWording = (term = "") => ({
    replace: (placeholder, value) => (String(placeholder).includes("SEARCH_TERM")
      ? countWording(value) : countMessage(digits(value), term, value)),
    toString: () => "",
  });

  const ui = new window.PagefindUI({
    element: box,
    bundlePath: absolute(box.dataset.bundle),
    baseUrl: absolute(box.dataset.root),
    // Articles are long and a person's or term's page short: Pagefind's default length
    // normalisation (0.75) ranked an article below every short page that named a word
    // once. Own names on those pages carry data-pagefind-weight instead.
    ranking: { pageLength: 0.1 },
    // Search on the page's thread: the web worker would cost another 41 KB on the first
    // query, and a search here takes milliseconds (docs/about/search.md).
    noWorker: true,
    showSubResults: true,
    showImages: false,
    processTerm,
    processResult,
    translations: {
      placeholder: "ابحث في المجموعة",
      clear_search: "مسح",
      load_more: "المزيد من النتائج",
      search_label: words.label,
      filters_label: "تصفية",
      zero_results: words.countZero.replace("[SEARCH_TERM]", isolate("[SEARCH_TERM]")),
      many_results: countWording(),
      one_result: countWording(),
      alt_search: "لا نتائج لـ [SEARCH_TERM]. نتائج [DIFFERENT_TERM] بدلًا منها",
      search_suggestion: "لا نتائج لـ [SEARCH_TERM]. جرّب:",
      searching: `جارٍ البحث عن ${isolate("[SEARCH_TERM]")}…`,
    },
  });
  // Pagefind labels its input only by placeholder; give it an accessible name.
  const input = box.querySelector(".pagefind-ui__search-input");
  if (!input) return;
  input.setAttribute("aria-label", words.label);

  // Open and closed. The panel shows while there are results to show; Escape, a click or
  // tap outside it, the close button or following a result closes it (the query stays);
  // typing, clicking the field or the down arrow opens it again.
  const close = () => box.classList.add("cl-search--closed");
  const open = () => box.classList.remove("cl-search--closed");
  const closeButton = document.createElement("button");
  closeButton.type = "button";
  closeButton.className = "cl-search-close";
  closeButton.textContent = words.close;
  closeButton.addEventListener("click", () => { close(); input.focus(); });

  // The filters, fetched when asked for; the search runs again to show them.
  const filtersButton = document.createElement("button");
  filtersButton.type = "button";
  filtersButton.className = "cl-search-filters-button";
  filtersButton.textContent = words.filters;
  filtersButton.addEventListener("click", async () => {
    filtersButton.disabled = true;
    const pagefind = await import(pagefindUrl);
    await pagefind.loadFilters?.();
    filtersButton.remove();
    ui.triggerFilters({}); // runs the search again, now with its filter counts
  });
  const tools = document.createElement("div");
  tools.className = "cl-search-tools";
  tools.append(filtersButton, closeButton);
  // The panel's first line (Pagefind's box keeps its panel and adds only after it).
  box.querySelector(".pagefind-ui__drawer")?.prepend(tools);

  input.addEventListener("input", open);
  input.addEventListener("pointerdown", open);
  document.addEventListener("pointerdown", (event) => {
    if (!box.contains(event.target)) close();
  });
  box.addEventListener("click", (event) => {
    if (event.target.closest?.(".pagefind-ui__result-link")) close();
  });

  // The keyboard: Tab goes through the field, its buttons and the results in order; the
  // arrows go from the field to the first result and from result to result (up from the
  // first, back to the field); Escape closes the panel and returns to the field (Pagefind's
  // own Escape would empty the query and leave the field).
  const links = () => [...box.querySelectorAll(".pagefind-ui__result-link")]
    .filter((link) => link.getClientRects().length);
  box.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close();
      input.focus();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    if (event.target === input) {
      if (event.key !== "ArrowDown") return;
      open();
      const first = links()[0];
      if (first) { event.preventDefault(); first.focus(); }
      return;
    }
    const all = links();
    const at = all.indexOf(event.target);
    if (at < 0) return;
    event.preventDefault();
    const next = at + (event.key === "ArrowDown" ? 1 : -1);
    (next < 0 ? input : all[Math.min(next, all.length - 1)]).focus();
  }, true);

  // For the tests: the wording of a count (tests/test_search_panel.py).
  window.CollectionSearch = { countMessage };
})();
