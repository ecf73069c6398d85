// Search and faceted browsing on Pagefind.
//
// Pagefind loads only the index chunks a query needs, so the first results cost the same at
// 100 or 10,000 stories. One module serves the header's search dialog and the browse panels
// (stories index, principle and department pages). Without JavaScript, every listing still
// shows its stories; this only adds search and filters on top.

const PAGE_SIZE = 10;
const FILTER_KEYS = ["principle", "department", "kind", "year", "award"];
// The results our rules reorder: the first page, whose data is loaded anyway. For a query of
// several words, whose phrase Pagefind does not weigh, every result whose matched words stand
// side by side comes first (from the positions in the index, nothing more to download).
const RERANK = PAGE_SIZE;

// Vietnamese. Pagefind folds accents by Unicode decomposition, and đ/Đ have none, so the index
// writes each of them as d/D plus a combining stroke, which Pagefind's folding removes (see
// site_builder/search/slim.py). A query is written the same way: `duc` then finds Đức, and
// `Đức` still matches it exactly.
const STROKE = "\u0335";

function indexForm(query) {
  return query.replace(/đ/g, "d" + STROKE).replace(/Đ/g, "D" + STROKE);
}

/** Lowercase with accents and đ folded: how names and phrases are compared. */
function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
}

function wordsOf(text) {
  return text.normalize("NFC").toLowerCase().split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);
}

/** Where a result goes, lower first: [a person's own name, every word exactly as typed (only
 *  for a query with diacritics), the whole phrase (folded), Pagefind's order]. */
function rank(data, position, query) {
  const meta = data.meta || {};
  const typed = wordsOf(query);
  const folded = typed.map(fold).join(" ");
  const isPerson = (data.filters?.type || [])[0] === "person";
  const names = [meta.title || "", meta.short_name || ""].filter(Boolean).map((n) => wordsOf(n).map(fold).join(" "));
  const text = wordsOf(`${meta.title || ""} ${data.content || ""}`);
  const accented = /[^\x00-\x7f]/.test(query);
  const exact = accented && typed.every((word) => text.includes(word));
  const phrase = typed.length > 1 && ` ${text.map(fold).join(" ")} `.includes(` ${folded} `);
  return [isPerson && names.includes(folded) ? 0 : 1, exact ? 0 : 1, phrase ? 0 : 1, position];
}

/** Whether a result's matched words include two side by side: a phrase, very likely. */
function adjacent(result) {
  const positions = [...(result.words || [])].sort((a, b) => a - b);
  return positions.some((position, i) => i > 0 && position - positions[i - 1] === 1);
}

/** Pagefind's results in our order: for several words, those with adjacent matches first; then
 *  the first page (see RERANK) by our rules, each with its data; the rest as they were. */
async function ranked(found, query) {
  let results = found;
  if (wordsOf(query).length > 1) {
    const near = [];
    const apart = [];
    for (const result of found) (adjacent(result) ? near : apart).push(result);
    results = near.concat(apart);
  }
  const head = results.slice(0, RERANK);
  const data = await Promise.all(head.map((r) => r.data()));
  const keys = data.map((d, i) => rank(d, i, query));
  const order = keys.map((_, i) => i).sort((a, b) => {
    for (let k = 0; k < keys[a].length; k++) if (keys[a][k] !== keys[b][k]) return keys[a][k] - keys[b][k];
    return 0;
  });
  const loaded = new Map(order.map((i) => [head[i], data[i]]));
  return { results: order.map((i) => head[i]).concat(results.slice(head.length)), loaded };
}

const config = JSON.parse(document.getElementById("__config")?.textContent || "{}");
const siteRoot = new URL(((config.base || ".") + "/").replace(/\/+$/, "/"), location.href);
// This page's language's own root (the site's first language at siteRoot, another under
// <language>/): its facet names and pages. The search bundle is shared; Pagefind picks the
// language's index by <html lang>.
const home = document.querySelector("[data-sb-search]")?.dataset.sbHome;
// Our interface text in the page's language (written into the page from pages/strings.py, see
// partials/sb-search.html); English is the key, and the text itself when there is none.
const TEXT = JSON.parse(document.getElementById("sb-text")?.textContent || "{}");
const tr = (english, values = {}) =>
  (TEXT[english] ?? english).replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ""));
const LANGUAGE = document.documentElement.lang || "en";
const languageRoot = home ? new URL(home, location.href) : siteRoot;

let pagefindReady;
let facetsReady;

/** A filter-only search, newest first. */
function byDate(pf, filters) {
  return pf.search(null, { filters, sort: { date: "desc" } });
}

/** The Pagefind API, loaded on first use. */
function pagefind() {
  pagefindReady ??= import(new URL("pagefind/pagefind.js", siteRoot).href).then(async (pf) => {
    await pf.options({ baseUrl: siteRoot.pathname, excerptLength: 26 });
    await pf.init();
    return pf;
  });
  return pagefindReady;
}

let filterIndexReady;

/** The filter index: searches report facet counts only once it is loaded. The search dialog
 *  loads it after the first results are on screen, so it never delays them. */
function filterIndex(pf) {
  filterIndexReady ??= pf.filters();
  return filterIndexReady;
}

/** Names and order of facet values (ids in the index, names for people). */
function facets() {
  facetsReady ??= fetch(new URL("facets.json", languageRoot)).then((r) => r.json());
  return facetsReady;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function longDate(iso) {
  if (!iso) return "";
  const [y, m, d] = iso.split("-").map(Number);
  if (LANGUAGE === "vi") return `${d} tháng ${m}, ${y}`; // as the pages print it (pages/strings.py)
  const month = new Date(Date.UTC(y, m - 1, d)).toLocaleString("en-GB", { month: "long", timeZone: "UTC" });
  return `${d} ${month} ${y}`;
}

/** A result as a story card, the same markup the static listings use. */
function card(data, names, headingLevel = "h3") {
  const meta = data.meta || {};
  const kind = (data.filters?.kind || [])[0] || "";
  const article = el("article", { class: "sb-card" });
  const role = kind === "person" && meta.summary ? meta.summary : "";
  article.append(el("p", { class: "sb-card__meta" },
    el("span", { class: `sb-kind sb-kind--${kind}` }, meta.kind || ""),
    role ? el("span", { class: "sb-card__role" }, ` · ${role}`) : null, " ",
    meta.date ? el("time", { datetime: meta.date }, longDate(meta.date)) : null));
  // A story not translated into the page's language yet, marked as the static cards mark it.
  const other = meta.lang && meta.lang !== LANGUAGE ? meta.lang : null;
  article.append(el(headingLevel, { class: "sb-card__title", lang: other },
    el("a", { href: data.url }, meta.title || data.url)));
  if (other) article.append(el("p", { class: "sb-card__language" }, tr("In {language}", { language: meta.language })));
  const excerpt = el("p", { class: "sb-card__summary", lang: other });
  if (data.excerptHtml) excerpt.innerHTML = data.excerptHtml; // Pagefind escapes the text; adds <mark>
  else excerpt.textContent = role ? "" : meta.summary || "";
  article.append(excerpt);
  if (meta.people) article.append(el("p", { class: "sb-card__people" }, meta.people));
  const principles = data.filters?.principle || [];
  if (principles.length) {
    const list = el("ul", { class: "sb-chips", "aria-label": tr("Principles") });
    for (const id of principles) {
      list.append(el("li", {}, el("a", { class: "sb-chip", href: new URL(`principles/${id}/`, languageRoot).href },
        names.principle?.[id] || id)));
    }
    article.append(list);
  }
  return article;
}

/** Facet <select>s with a count per value; values without results are left out. */
function renderFacetControls(container, facetList, counts, state, fixed, idPrefix) {
  container.replaceChildren();
  for (const facet of facetList) {
    if (fixed[facet.key]) continue;
    const id = `${idPrefix}-${facet.key}`;
    const select = el("select", { id, name: facet.key, "data-sb-facet": facet.key });
    const total = Object.values(counts[facet.key] || {}).reduce((a, b) => a + b, 0);
    select.append(el("option", { value: "" }, tr("All")));
    for (const [value, label] of facet.values) {
      const count = counts[facet.key]?.[value] ?? 0;
      if (!count && state[facet.key] !== value) continue;
      select.append(el("option", { value, selected: state[facet.key] === value ? "" : null }, `${label} (${count})`));
    }
    select.disabled = total === 0 && !state[facet.key];
    container.append(el("div", { class: "sb-facet" }, el("label", { for: id }, facet.label), select));
  }
}

function filtersFor(state, fixed) {
  const filters = { ...fixed };
  for (const key of FILTER_KEYS) if (state[key]) filters[key] = state[key];
  return filters;
}

function names(facetData) {
  return Object.fromEntries(facetData.facets.map((f) => [f.key, Object.fromEntries(f.values)]));
}

// ---------------------------------------------------------------------------------------
// Browse panels: the stories index, principle and department pages.

function readUrlState() {
  const params = new URLSearchParams(location.search);
  return Object.fromEntries(FILTER_KEYS.filter((k) => params.get(k)).map((k) => [k, params.get(k)]));
}

function writeUrlState(state) {
  const params = new URLSearchParams(location.search);
  for (const key of FILTER_KEYS) {
    if (state[key]) params.set(key, state[key]);
    else params.delete(key);
  }
  const query = params.toString();
  const url = location.pathname + (query ? `?${query}` : "") + location.hash;
  if (url !== location.pathname + location.search + location.hash) history.pushState(state, "", url);
}

async function initBrowse(panel) {
  // Interactive parts are made here, not in the page: page content is sanitized, and
  // controls are no use without this script anyway.
  const fixed = Object.fromEntries(new URLSearchParams(panel.dataset.sbFixed || ""));
  const form = panel.querySelector("[data-sb-facets]");
  const controls = el("div", { class: "sb-facets__controls" });
  const clear = el("button", { type: "button", class: "md-button sb-facets__clear" }, tr("Clear filters"));
  form.replaceChildren(controls, clear);
  const status = panel.querySelector("[data-sb-status]");
  const staticList = panel.querySelector("[data-sb-static]");
  const results = panel.querySelector("[data-sb-results]");
  const more = el("button", { type: "button", class: "md-button sb-more" }, tr("Show more stories"));
  results.after(more);
  results.hidden = true;
  more.hidden = true;
  const [pf, facetData] = await Promise.all([pagefind(), facets()]);
  await filterIndex(pf); // browsing is all about the counts
  const nameOf = names(facetData);
  let shown = 0;
  let current = [];
  let generation = 0;

  async function showMore() {
    const mine = generation;
    const next = current.slice(shown, shown + PAGE_SIZE);
    const cards = await Promise.all(next.map((r) => r.data()));
    if (mine !== generation) return; // the filters changed while this batch loaded
    results.append(...cards.map((d) => card(d, nameOf)));
    shown += next.length;
    more.hidden = shown >= current.length;
  }

  async function apply(state) {
    const mine = ++generation;
    const search = await byDate(pf, filtersFor(state, fixed));
    if (mine !== generation) return;
    renderFacetControls(controls, facetData.facets, search.filters, state, fixed, panel.id || "sb-browse");
    const filtered = FILTER_KEYS.some((k) => state[k]);
    const count = search.results.length;
    status.textContent = filtered
      ? tr(count === 1 ? "{n} story matches these filters." : "{n} stories match these filters.", { n: count })
      : tr(count === 1 ? "{n} story." : "{n} stories.", { n: count });
    clear.hidden = !filtered;
    staticList.hidden = filtered;
    results.hidden = !filtered;
    results.replaceChildren();
    current = filtered ? search.results : [];
    shown = 0;
    more.hidden = true;
    if (filtered) await showMore();
  }

  function currentState() {
    const state = {};
    for (const select of controls.querySelectorAll("select[data-sb-facet]")) {
      if (select.value) state[select.dataset.sbFacet] = select.value;
    }
    return state;
  }

  controls.addEventListener("change", () => {
    const state = currentState();
    writeUrlState(state);
    apply(state);
  });
  clear.addEventListener("click", () => {
    writeUrlState({});
    apply({});
    controls.querySelector("select")?.focus();
  });
  more.addEventListener("click", showMore);
  window.addEventListener("popstate", () => apply(readUrlState()));
  await apply(readUrlState());
  panel.dataset.sbReady = "true";
}

// ---------------------------------------------------------------------------------------
// The header's search dialog.

function initSearchDialog() {
  const dialog = document.querySelector("[data-sb-search]");
  const opener = document.querySelector("[data-sb-search-open]");
  if (!dialog || !opener) return;
  const input = dialog.querySelector("[data-sb-search-input]");
  const controls = dialog.querySelector("[data-sb-search-facets]");
  const status = dialog.querySelector("[data-sb-search-status]");
  const list = dialog.querySelector("[data-sb-search-results]");
  const more = dialog.querySelector("[data-sb-search-more]");
  let state = {};
  let results = [];
  let loaded = new Map();
  let shown = 0;
  let generation = 0;

  async function showMore() {
    const batch = results.slice(shown, shown + PAGE_SIZE);
    const data = await Promise.all(batch.map((r) => loaded.get(r) ?? r.data()));
    const nameOf = names(await facets());
    list.append(...data.map((d) => el("li", { class: "sb-result" },
      card({ ...d, excerptHtml: d.excerpt }, nameOf, "h2"))));
    shown += batch.length;
    more.hidden = shown >= results.length;
  }

  async function run() {
    const mine = ++generation;
    const query = input.value.trim();
    const [pf, facetData] = await Promise.all([pagefind(), facets()]);
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      controls.replaceChildren();
      more.hidden = true;
      return;
    }
    // No `filters` key unless the reader picked one: an empty one makes Pagefind fetch the
    // whole filter index before the first results.
    const chosen = filtersFor(state, {});
    const options = Object.keys(chosen).length ? { filters: chosen } : {};
    const search = await pf.debouncedSearch(indexForm(query), options, 60);
    if (search === null || mine !== generation) return; // a newer keystroke took over
    ({ results, loaded } = await ranked(search.results, query));
    if (mine !== generation) return;
    shown = 0;
    list.replaceChildren();
    await showMore();
    if (mine !== generation) return;
    const n = results.length;
    status.textContent = !n ? tr("No results for “{query}”.", { query })
      : tr(n === 1 ? "{n} result for “{query}”." : "{n} results for “{query}”.", { n, query });
    dialog.dataset.sbQuery = query;
    // Facet counts come second, once the results are on screen: the same search again when the
    // filter index is in (its word chunks are cached by then).
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (mine !== generation) return;
    await filterIndex(pf);
    const counted = await pf.search(indexForm(query), options);
    if (mine !== generation) return;
    renderFacetControls(controls, facetData.facets, counted.filters, state, {}, "sb-search");
    dialog.dataset.sbFacets = query;
  }

  function open() {
    if (!dialog.open) dialog.showModal();
    input.focus();
    input.select();
    pagefind().catch(() => { status.textContent = NO_INDEX; }); // start loading while the reader types
  }

  opener.addEventListener("click", open);
  dialog.querySelector("[data-sb-search-close]").addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => { if (event.target === dialog) dialog.close(); });
  input.addEventListener("input", () => run().catch(() => { status.textContent = NO_INDEX; }));
  controls.addEventListener("change", (event) => {
    const key = event.target.dataset.sbFacet;
    if (!key) return;
    if (event.target.value) state[key] = event.target.value;
    else delete state[key];
    run().catch(() => { status.textContent = NO_INDEX; });
  });
  more.addEventListener("click", showMore);
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && list.querySelector("a")) {
      event.preventDefault();
      list.querySelector("a").focus();
    }
  });
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target instanceof HTMLElement &&
      (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "/" || event.key === "s" || event.key === "S") {
      event.preventDefault();
      event.stopImmediatePropagation();
      open();
    }
  }, true);
}

const NO_INDEX = tr("Search is not available here: the live preview has no search index. " +
  "Run site-builder build to try search.");

initSearchDialog();
for (const panel of document.querySelectorAll("[data-sb-browse]")) {
  // Without an index (the live preview), the static listing simply stays as it is.
  initBrowse(panel).catch((error) => {
    console.warn("site-builder: filters unavailable:", error);
    for (const part of panel.querySelectorAll("[data-sb-facets], [data-sb-results], .sb-more")) part.hidden = true;
    panel.dataset.sbReady = "static";
  });
}
