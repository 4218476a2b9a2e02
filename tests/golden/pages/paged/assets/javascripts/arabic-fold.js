/*
 * Arabic-aware folding for the search box: an exact mirror of build_tools/arabic/
 * (fold, strip_clitics, search_key, search_terms, query_terms; read it against
 * arabic/reference.py, the plain definition), so a query is folded and keyed exactly as the
 * pages were indexed. The tables have the same shape and order as the Python ones; change
 * both, and tests/data/arabic_vectors.json, together. See build_tools/arabic/ for the
 * reasons.
 *
 * Python indexes strings by code point, JavaScript by UTF-16 unit: everything here
 * iterates by code point (Array.from / for...of) so offsets and lengths agree.
 *
 * Plain browser script, no build step: sets window.ArabicFold, and module.exports in Node.
 */
(function () {
  "use strict";

  // Removed marks that belong to the letter before them (as do all other Mn and Me marks).
  const MARK_RANGES = [
    [0x0640, 0x0640], // tatweel (kashida): it stretches the letter before it
    [0x064B, 0x065F], // harakat, tanwin, shadda, sukun, hamza above/below
    [0x0670, 0x0670], // superscript (dagger) alef
    [0x06D6, 0x06ED], // Quranic annotation signs
    [0x08D3, 0x08FF], // extended Arabic marks
  ];

  // Removed invisible formatting characters: they belong to no letter.
  const INVISIBLE_RANGES = [
    [0x00AD, 0x00AD], // soft hyphen
    [0x061C, 0x061C], // Arabic letter mark
    [0x200B, 0x200F], // zero-width space, ZWNJ, ZWJ, LRM, RLM
    [0x202A, 0x202E], // bidi embeddings and overrides
    [0x2060, 0x2060], // word joiner
    [0x2066, 0x2069], // bidi isolates
    [0xFEFF, 0xFEFF], // byte order mark (zero-width no-break space)
  ];

  // Letters replaced before Unicode decomposition and lowercasing.
  const CHAR_FOLDS = [
    [0x0622, "\u0627"], // alef with madda -> alef
    [0x0623, "\u0627"], // alef with hamza above -> alef
    [0x0625, "\u0627"], // alef with hamza below -> alef
    [0x0671, "\u0627"], // alef wasla -> alef
    [0x0672, "\u0627"], // alef with wavy hamza above -> alef
    [0x0673, "\u0627"], // alef with wavy hamza below -> alef
    [0x0624, "\u0621"], // waw with hamza above -> hamza
    [0x0626, "\u0621"], // yeh with hamza above -> hamza
    [0x0649, "\u064a"], // alef maksura -> yeh
    [0x06CC, "\u064a"], // Farsi yeh -> yeh
    [0x0629, "\u0647"], // teh marbuta -> heh
    [0x06C3, "\u0647"], // teh marbuta goal -> heh
    [0x06D5, "\u0647"], // ae (also the base of heh with yeh above) -> heh
    [0x06C0, "\u0647"], // heh with yeh above -> heh
    [0x06C1, "\u0647"], // heh goal -> heh
    [0x06C2, "\u0647"], // heh goal with hamza above -> heh
    [0x06BE, "\u0647"], // heh doachashmee -> heh
    [0x06A9, "\u0643"], // keheh (Persian kaf) -> kaf
    [0x06AA, "\u0643"], // swash kaf -> kaf
    [0x06A4, "\u0641"], // veh (foreign v, usually written feh) -> feh
    [0x067E, "\u0628"], // peh (foreign p, usually written beh) -> beh
    [0x0660, "0"], [0x0661, "1"], [0x0662, "2"], [0x0663, "3"], [0x0664, "4"], // Arabic-Indic
    [0x0665, "5"], [0x0666, "6"], [0x0667, "7"], [0x0668, "8"], [0x0669, "9"],
    [0x06F0, "0"], [0x06F1, "1"], [0x06F2, "2"], [0x06F3, "3"], [0x06F4, "4"], // Persian
    [0x06F5, "5"], [0x06F6, "6"], [0x06F7, "7"], [0x06F8, "8"], [0x06F9, "9"],
    [0x00DF, "ss"], // sharp s: case folding, which lowercasing alone does not do
    [0x03C2, "\u03c3"], // Greek final sigma -> sigma
    [0x0131, "i"], // dotless i
    [0x0142, "l"], // l with stroke (no decomposition)
    [0x00F8, "o"], // o with stroke
    [0x0111, "d"], // d with stroke
    [0x00F0, "d"], // eth
    [0x0127, "h"], // h with stroke
    [0x00E6, "ae"], // ae ligature
    [0x0153, "oe"], // oe ligature
    [0x00FE, "th"], // thorn
  ];

  const HAMZA = "\u0621";
  const HAMZA_ABOVE = "\u0654";
  const HAMZA_CARRIERS = ["\u0648", "\u064a"]; // waw, yeh (alef maksura has folded to yeh)

  const CONJUNCTIONS = ["\u0648", "\u0641"]; // wa, fa
  const DETERMINERS = [
    "\u0628\u0627\u0644", // bi + al
    "\u0643\u0627\u0644", // ka + al
    "\u0644\u0644", // li + al (the alef is not written)
    "\u0627\u0644", // al
    "\u0628", // bi
    "\u0644", // li
    "\u0643", // ka
  ];
  const MIN_STEM = 3;
  // Before every indexed search term and every query key (see arabic.index_terms).
  const SEARCH_MARK = "\u06a8"; // Arabic letter qaf with three dots above

  const CHAR_FOLD_MAP = new Map(CHAR_FOLDS.map(([code, target]) => [String.fromCodePoint(code), target]));
  const NONSPACING = /^[\p{Mn}\p{Me}]$/u;
  const SPACE_SEPARATOR = /^\p{Zs}$/u;
  const WORD_PIECE = /^[\p{L}\p{M}\p{N}]*$/u;
  const ASCII = /^[\x00-\x7f]*$/;

  function inRanges(code, ranges) {
    return ranges.some(([low, high]) => low <= code && code <= high);
  }

  const pieces = new Map();

  // The folded form of one character on its own (without the hamza rule).
  function piece(ch) {
    let folded = pieces.get(ch);
    if (folded === undefined) {
      folded = computePiece(ch);
      pieces.set(ch, folded);
    }
    return folded;
  }

  function computePiece(ch) {
    const code = ch.codePointAt(0);
    if (NONSPACING.test(ch) || inRanges(code, MARK_RANGES) || inRanges(code, INVISIBLE_RANGES)) {
      return "";
    }
    if (CHAR_FOLD_MAP.has(ch)) return CHAR_FOLD_MAP.get(ch);
    if (SPACE_SEPARATOR.test(ch)) return " ";
    const decomposed = ch.toLowerCase().normalize("NFKD");
    if (decomposed === ch) return ch;
    if (decomposed.includes(" ")) {
      // Spacing accents vanish like their mark; a phrase ligature stays one character.
      return fold(decomposed.split(" ").join("")) === "" ? "" : ch;
    }
    return fold(decomposed);
  }

  function attaches(ch) {
    return piece(ch) === "" && !inRanges(ch.codePointAt(0), INVISIBLE_RANGES);
  }

  function isWordPiece(folded) {
    return WORD_PIECE.test(folded);
  }

  // [folded, origin]: origin[i] is the code point index in text of folded code point i.
  function foldWithMap(text) {
    const chars = Array.from(text);
    if (ASCII.test(text)) return [text.toLowerCase(), chars.map((_, i) => i)];
    const folded = [];
    const origin = [];
    let carrier = -1; // where in `folded` a waw/yeh still gathers its marks, else -1
    chars.forEach((ch, index) => {
      const p = piece(ch);
      if (p) {
        carrier = HAMZA_CARRIERS.includes(p) ? folded.length : -1;
        for (const c of p) {
          folded.push(c);
          origin.push(index);
        }
      } else if (!attaches(ch)) {
        carrier = -1;
      } else if (ch === HAMZA_ABOVE && carrier >= 0) {
        folded[carrier] = HAMZA;
      }
    });
    return [folded.join(""), origin];
  }

  function fold(text) {
    if (ASCII.test(text)) return text.toLowerCase();
    return foldWithMap(text)[0];
  }

  // Words as [start, end, folded word], offsets in code points like Python's.
  function tokens(text) {
    const chars = Array.from(text);
    const found = [];
    let start = -1;
    let end = -1;
    const close = () => {
      if (start >= 0) found.push([start, end, fold(chars.slice(start, end).join(""))]);
      start = end = -1;
    };
    chars.forEach((ch, index) => {
      const p = piece(ch);
      if (p && isWordPiece(p)) {
        if (start < 0) start = index;
        end = index + 1;
      } else if (p) {
        close();
      } else if (start >= 0 && end === index && attaches(ch)) {
        end = index + 1;
      }
    });
    close();
    return found;
  }

  function proclitics() {
    const combined = [];
    for (const c of ["", ...CONJUNCTIONS]) {
      for (const d of ["", ...DETERMINERS]) combined.push(c + d);
    }
    // Array.prototype.sort is stable, as Python's sorted is.
    return combined.filter((p) => p).sort((a, b) => Array.from(b).length - Array.from(a).length);
  }

  const PROCLITICS = proclitics();
  const PROCLITIC_INITIALS = new Set(PROCLITICS.map((p) => Array.from(p)[0]));

  function stripClitics(foldedWord) {
    if (!foldedWord) return [];
    const chars = Array.from(foldedWord);
    const stems = [foldedWord];
    if (!PROCLITIC_INITIALS.has(chars[0])) return stems; // most words: skip trying every prefix
    for (const prefix of PROCLITICS) {
      const stem = chars.slice(Array.from(prefix).length).join("");
      const length = chars.length - Array.from(prefix).length;
      if (foldedWord.startsWith(prefix) && length >= MIN_STEM && !stems.includes(stem)) {
        stems.push(stem);
      }
    }
    return stems;
  }

  // The word minus the longest proclitic it may carry: what a query looks up.
  function searchKey(foldedWord) {
    const stems = stripClitics(foldedWord);
    return stems.length > 1 ? stems[1] : foldedWord;
  }

  // What the index holds: every folded word, its stems and each stem's key.
  function searchTerms(text) {
    const terms = [];
    const seen = new Set();
    const add = (term) => {
      if (!seen.has(term)) {
        seen.add(term);
        terms.push(term);
      }
    };
    for (const [, , word] of tokens(text)) {
      const stems = stripClitics(word);
      stems.forEach(add);
      stems.slice(1).forEach((stem) => add(searchKey(stem)));
    }
    return terms;
  }

  // What a query looks up: the key of each folded word, first occurrence first.
  function queryTerms(text) {
    const terms = [];
    for (const [, , word] of tokens(text)) {
      const key = searchKey(word);
      if (!terms.includes(key)) terms.push(key);
    }
    return terms;
  }

  // Not one character, and not an Arabic word under MIN_STEM letters (arabic.indexable).
  const ARABIC_SCRIPT = /[\u0600-\u08ff]/;
  function indexable(term) {
    const length = Array.from(term).length;
    return length > 1 && (length >= MIN_STEM || !ARABIC_SCRIPT.test(term));
  }

  // What the search box hands Pagefind for `text`: its indexable keys behind SEARCH_MARK,
  // or, when none is, a word that matches nothing.
  function searchQuery(text) {
    const keys = queryTerms(text).filter(indexable).map((key) => SEARCH_MARK + key);
    return keys.join(" ") || SEARCH_MARK + SEARCH_MARK;
  }

  const api = {
    fold,
    stripClitics,
    searchKey,
    searchTerms,
    queryTerms,
    indexable,
    searchQuery,
    tokens,
    tables: {
      MARK_RANGES,
      INVISIBLE_RANGES,
      CHAR_FOLDS,
      HAMZA_CARRIERS,
      CONJUNCTIONS,
      DETERMINERS,
      MIN_STEM,
      PROCLITICS,
      SEARCH_MARK,
    },
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof window !== "undefined") window.ArabicFold = api;
})();
