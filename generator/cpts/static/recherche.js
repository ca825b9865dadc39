// The search page: Pagefind's JS API with an accessible, URL-driven interface.
// The state (query and filters) lives in the URL, so a shared link shows the same results.
const root = document.querySelector("[data-cpts-search]");
const PAGE = 10;

if (root) {
  const labels = JSON.parse(root.dataset.filters);
  // The page's words, in its language (templates/recherche.html.j2); French when absent.
  const strings = {
    call: "Appeler le",
    active: "({n} choisi)",
    actives: "({n} choisis)",
    today: "Aujourd’hui :",
    closed: "Fermé aujourd’hui",
    none: "Aucun résultat.",
    noneHere: "Aucun résultat.",
    one: "1 résultat",
    many: "{n} résultats",
    loading: "Chargement des filtres…",
    prompt: "Tapez une profession, un nom ou une commune, ou choisissez un filtre.",
    ...JSON.parse(root.dataset.strings || "{}"),
  };
  // Words that stand for a filter (« kiné », a commune’s name): exact and fast (see search.py).
  const terms = new Map(Object.entries(JSON.parse(root.dataset.terms || "{}")));
  const longestTerm = Math.max(1, ...[...terms.keys()].map((k) => k.split(" ").length));
  const form = root.querySelector("form");
  const input = root.querySelector("#cpts-q");
  const filtersBox = root.querySelector("#cpts-filters");
  // All filter groups fold into one control: on a phone the first result stays in view.
  const allFilters = root.querySelector("#cpts-allfilters");
  const activeCount = root.querySelector("#cpts-active");
  const WIDE = 768;
  const status = root.querySelector("#cpts-status");
  const list = root.querySelector("#cpts-results");
  const more = root.querySelector("#cpts-more");
  const guidance = root.querySelector("#cpts-guidance");
  // Category -> what to offer when the territory has no one of it (pages/search_fallbacks.py).
  const fallbacks = JSON.parse(root.dataset.fallbacks || "{}");
  // Category -> the structures outside the territory that receive its patients, with their distance.
  const outside = JSON.parse(root.dataset.outside || "{}");
  // Categories the CPTS's diagnostic seeks: a search for one says the CPTS is looking.
  const sought = new Set(JSON.parse(root.dataset.sought || "[]"));
  const bundle = new URL(root.dataset.bundle.replace(/\/?$/, "/"), document.baseURI).href;
  let pagefind = null;
  // The filter control's counts need every filter's index (100 KB at 10,000 entries), and
  // Pagefind counts every value of every filter it has loaded in each search (more than half the
  // time of a broad one). So the results come from an instance that loads only the filters its
  // searches use, and the counts from a second one, with every filter, made when the visitor
  // opens the control (or a shared link chose filters) and asked once the results are shown.
  let counter = null; // the promise of that second instance
  let results = [];
  let shown = 0;
  let generation = 0;

  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

  function readState() {
    const params = new URLSearchParams(location.search);
    const filters = {};
    for (const key of Object.keys(labels)) {
      const values = params.getAll(key);
      if (values.length) filters[key] = values;
    }
    return { q: params.get("q") || "", filters };
  }

  function writeState(state) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    for (const [key, values] of Object.entries(state.filters)) {
      for (const value of values) params.append(key, value);
    }
    const query = params.toString();
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
  }

  function currentState() {
    const filters = {};
    for (const box of filtersBox.querySelectorAll("input[type=checkbox]:checked")) {
      (filters[box.name] ||= []).push(box.value);
    }
    return { q: input.value.trim(), filters };
  }

  // Words that carry no meaning (« à », « en »): never matched (data/recherche.yml).
  const stopWords = new Set(JSON.parse(root.dataset.stop || "[]"));

  // « kiné à <commune> martin » -> filters {categorie: kinés, commune: <commune>} + text « martin ».
  // A term may also stand for alternatives over several filters (`any`, a need), name the
  // results to show first (`first`) and guidance pages (`guides`), in Pagefind's filter syntax.
  function parseQuery(q) {
    const words = (fold(q).match(/[a-z0-9]+/g) || []).filter((w) => !stopWords.has(w));
    const derived = {};
    const alternatives = [];
    const first = [];
    const guides = [];
    const needTiers = [];
    const rest = [];
    for (let i = 0; i < words.length;) {
      let matched = 0;
      for (let n = Math.min(longestTerm, words.length - i); n > 0 && !matched; n--) {
        const found = terms.get(words.slice(i, i + n).join(" "));
        if (found) {
          for (const [key, values] of Object.entries(found.match)) {
            (derived[key] ||= new Set());
            values.forEach((v) => derived[key].add(v));
          }
          alternatives.push(...(found.any || []));
          first.push(...(found.first || []));
          if (found.any) needTiers.push(...(found.first || []));
          if (found.guides) guides.push(found.guides);
          matched = n;
        }
      }
      if (matched) i += matched;
      else rest.push(words[i++]);
    }
    // With a profession (« dentiste urgence »), a need ranks rather than hides: those of the
    // profession who serve it come first, then the others.
    if (derived.categorie && alternatives.length) {
      const needFirst = new Set(needTiers);
      return { text: rest.join(" "), derived, alternatives: [], guides,
               first: [...alternatives, ...first.filter((tier) => !needFirst.has(tier))] };
    }
    return { text: rest.join(" "), derived, alternatives, first, guides };
  }

  const anyOf = (filters) => Object.entries(filters).map(([key, values]) => ({ [key]: { any: [...values] } }));

  function baseFilters(state, parsed) {
    return [...anyOf(state.filters), ...anyOf(parsed.derived), ...parsed.alternatives];
  }

  // The same search again (a repeated query, a letter typed then erased) is not run again.
  const cache = new Map();
  function cachedSearch(query, options, engine = pagefind) {
    const key = JSON.stringify([engine === pagefind, query, options]);
    let search = cache.get(key);
    if (!search) {
      search = engine.search(query, options);
      search.catch(() => cache.delete(key));
      if (cache.size >= 40) cache.delete(cache.keys().next().value);
    } else cache.delete(key); // most recent last
    cache.set(key, search);
    return search;
  }

  function loadCounter() {
    counter ||= (async () => {
      const instance = pagefind.createInstance({ basePath: bundle });
      await instance.init();
      await instance.filters(); // loads every filter's index
      return instance;
    })();
    return counter;
  }

  // The counts of each filter's values among a search's results (of every entry without one).
  async function countsOf(parsed, base) {
    const instance = await counter;
    if (!parsed.text && !base.length) return instance.filters();
    return (await cachedSearch(parsed.text || null, { filters: { all: base } }, instance)).filters;
  }

  // The results in order: guidance pages of a need, then each `first` tier, then the rest.
  // A search without text lists places before people, new patients welcome first (« rang »).
  // The guidance pages and first tiers are small searches: `early` gets them at once and shows
  // them, before the whole search (which may count thousands of entries) runs.
  const unique = (searches) => {
    const seen = new Set();
    const merged = [];
    for (const search of searches) {
      for (const result of search.results) {
        if (!seen.has(result.id)) { seen.add(result.id); merged.push(result); }
      }
    }
    return merged;
  };

  async function searchAll(parsed, base, early, current) {
    const query = parsed.text || null;
    const options = (extra) => {
      const all = [...base, ...extra];
      return { filters: all.length ? { all } : {}, ...(query ? {} : { sort: { rang: "asc" } }) };
    };
    const tiers = parsed.first.map((tier) => cachedSearch(query, options([tier])));
    const guides = parsed.guides.length ? [cachedSearch(null, {
      filters: { any: parsed.guides }, sort: { rang: "asc" },
    })] : [];
    const first = await Promise.all([...guides, ...tiers]);
    if (first.some((search) => !search)) return null;
    // Pagefind's worker runs one search at a time, fragments waiting behind it: the whole search
    // starts once the first results are on screen.
    if (first.length) await early(unique(first));
    if (!current()) return null; // another query was typed meanwhile
    const main = await cachedSearch(query, options([]));
    if (!main) return null;
    return unique([...first, main]);
  }

  // `found`: the counts of the search's results, or null before the filters' index is loaded.
  function renderFilters(found, state) {
    const focused = document.activeElement && document.activeElement.id;
    filtersBox.replaceChildren();
    if (!found && counter) {
      const loading = document.createElement("p");
      loading.textContent = strings.loading;
      filtersBox.append(loading);
    }
    for (const [key, label] of Object.entries(found ? labels : {})) {
      const values = found[key] || {};
      const selected = state.filters[key] || [];
      const names = Object.keys(values)
        .filter((name) => values[name] > 0 || selected.includes(name))
        .sort((a, b) => a.localeCompare(b, "fr"));
      if (!names.length) continue;
      const details = document.createElement("details");
      details.className = "cpts-filter";
      if (selected.length || (key === "categorie" && window.innerWidth >= WIDE)) details.open = true;
      const summary = document.createElement("summary");
      summary.textContent = label;
      details.append(summary);
      const fieldset = document.createElement("fieldset");
      const legend = document.createElement("legend");
      legend.className = "cpts-visually-hidden";
      legend.textContent = label;
      fieldset.append(legend);
      names.forEach((name, index) => {
        const id = `f-${key}-${index}`;
        const row = document.createElement("div");
        const box = document.createElement("input");
        box.type = "checkbox";
        box.id = id;
        box.name = key;
        box.value = name;
        box.checked = selected.includes(name);
        const text = document.createElement("label");
        text.htmlFor = id;
        text.textContent = `${name} (${values[name]})`;
        row.append(box, text);
        fieldset.append(row);
      });
      details.append(fieldset);
      filtersBox.append(details);
    }
    const chosen = Object.values(state.filters).reduce((sum, values) => sum + values.length, 0);
    activeCount.textContent = chosen === 0 ? ""
      : (chosen === 1 ? strings.active : strings.actives).replace("{n}", String(chosen));
    if (focused) document.getElementById(focused)?.focus();
  }

  // « lundi0830120014001900mardi… » -> « Aujourd’hui : 08:30–12:00, 14:00–19:00 ».
  const DAYS = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];
  function todayHours(week) {
    if (!week) return "";
    const days = new Map(Array.from(week.matchAll(/([a-z]+)(\d+)/g), ([, day, digits]) =>
      [day, digits.match(/\d{8}/g).map((span) =>
        `${span.slice(0, 2)}:${span.slice(2, 4)}–${span.slice(4, 6)}:${span.slice(6)}`)]));
    const spans = days.get(DAYS[new Date().getDay()]);
    return spans ? `${strings.today} ${spans.join(", ")}` : strings.closed;
  }

  function renderResults(data) {
    const item = document.createElement("li");
    item.className = "cpts-result";
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title;
    heading.append(link);
    item.append(heading);
    const what = document.createElement("p");
    what.textContent = [data.meta.profession, data.meta.commune].filter(Boolean).join(" · ");
    item.append(what);
    if (data.meta.nouveaux_patients) {
      const badge = document.createElement("p");
      badge.className = `cpts-result__badge cpts-badge cpts-badge--${data.meta.statut || ""}`;
      badge.textContent = data.meta.nouveaux_patients;
      item.append(badge);
    }
    const today = todayHours(data.meta.horaires);
    if (today) {
      const hours = document.createElement("p");
      hours.className = "cpts-result__today";
      hours.textContent = today;
      item.append(hours);
    }
    // « 04x92x84x55x39 », « 0033x4x92… » (one word in the index: pages/search.py)
    // -> « 04 92 84 55 39 », « +33 4 92… ».
    const telephone = /^[\dx]+$/.test(data.meta.telephone || "")
      ? data.meta.telephone.replace(/^00/, "+").replace(/x/g, " ") : data.meta.telephone;
    if (telephone) {
      const phone = document.createElement("a");
      phone.href = `tel:${telephone.replace(/\s/g, "")}`;
      const number = document.createElement("span");
      number.className = "cpts-nowrap"; // a phone number is never broken across lines
      number.textContent = telephone;
      phone.append(`${strings.call} `, number);
      phone.className = "cpts-result__phone";
      item.append(phone);
    }
    return item;
  }

  // No result: for a specialty the territory lacks, what exists; always, the CPTS's contact.
  // The nearest structures outside the territory that receive its patients come apart.
  function renderGuidance(parsed, n) {
    const lackingText = guidance.querySelector("#cpts-guidance-lacking");
    const items = guidance.querySelector("#cpts-guidance-list");
    const far = guidance.querySelector("#cpts-guidance-outside");
    items.replaceChildren();
    lackingText.hidden = true;
    far.hidden = true;
    guidance.hidden = n > 0;
    if (n > 0) return false;
    const lacking = [...(parsed.derived.categorie || [])].filter((c) => fallbacks[c]);
    guidance.querySelector("#cpts-guidance-sought").hidden = !lacking.some((c) => sought.has(c));
    if (!lacking.length) return false;
    lackingText.textContent = strings.lacking.replace("{what}", lacking.join(", "));
    lackingText.hidden = false;
    const answers = (offers) => [...new Map(offers.map((offer) => [offer.url, offer])).values()]
      .map((offer) => {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = offer.url;
        link.textContent = offer.label;
        link.dataset.cptsAnswer = "";
        item.append(link);
        return item;
      });
    items.append(...answers(lacking.flatMap((c) => fallbacks[c])));
    const nearest = lacking.flatMap((c) => outside[c] || []).sort((a, b) => a.km - b.km);
    far.querySelector("ul").replaceChildren(...answers(nearest));
    far.hidden = !nearest.length;
    return true;
  }

  // Each result appears as soon as its fragment arrives, in the order of the results.
  async function showMore(count = PAGE) {
    const next = results.slice(shown, shown + count);
    shown += next.length;
    more.hidden = shown >= results.length;
    // Each result keeps its place (a slot about a card's height) until its fragment arrives,
    // so that one arriving before the one above it does not move when that one shows.
    const slots = next.map(() => list.appendChild(document.createElement("li")));
    slots.forEach((slot) => { slot.className = "cpts-result-slot"; });
    await Promise.all(next.map(async (result, index) => {
      slots[index].replaceWith(renderResults(await result.data()));
    }));
  }

  async function run(state, { updateUrl = true } = {}) {
    const mine = ++generation;
    if (updateUrl) writeState(state);
    const parsed = parseQuery(state.q);
    const base = baseFilters(state, parsed);
    if (!parsed.text && !base.length) {
      const all = counter && await countsOf(parsed, base);
      if (mine !== generation) return;
      renderFilters(all, state);
      list.replaceChildren();
      more.hidden = true;
      guidance.hidden = true;
      status.textContent = strings.prompt;
      return;
    }
    let showing = null; // the first results, shown while the whole search runs
    const merged = await searchAll(parsed, base, (first) => {
      if (mine !== generation || !first.length) return;
      results = first;
      shown = 0;
      list.replaceChildren();
      guidance.hidden = true;
      showing = showMore();
      return showing;
    }, () => mine === generation);
    if (mine !== generation || !merged) return;
    results = merged; // begins with the first results, in the same order
    if (!showing) {
      shown = 0;
      list.replaceChildren();
    }
    if (!counter) renderFilters(null, state);
    const n = results.length;
    // When the guidance says what exists instead, the status needs no advice of its own.
    const guided = renderGuidance(parsed, n);
    status.textContent = n === 0 ? (guided ? strings.noneHere : strings.none)
      : n === 1 ? strings.one : strings.many.replace("{n}", String(n));
    await Promise.all([showing, showMore(PAGE - shown)]);
    more.hidden = shown >= results.length;
    if (counter) {
      const found = await countsOf(parsed, base);
      if (mine === generation) renderFilters(found, state);
    }
    root.dataset.ready = "true";
  }

  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(currentState()), 15);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(currentState());
  });
  filtersBox.addEventListener("change", () => run(currentState()));
  more.addEventListener("click", () => showMore());
  // Opened, the control shows its counts: the filters' index is loaded then, once.
  allFilters.addEventListener("toggle", () => {
    if (!allFilters.open || counter || !pagefind) return;
    loadCounter();
    renderFilters(null, currentState());
    run(currentState(), { updateUrl: false });
  });

  (async () => {
    pagefind = await import(`${bundle}pagefind.js`);
    await pagefind.options({ basePath: bundle, baseUrl: new URL("../", bundle).pathname });
    await pagefind.init();
    // Nearly every query names a profession or a place (a « categorie » filter): its index is
    // fetched now, while the visitor types, not after the first keypress. Nothing else is.
    pagefind.preload(null, { filters: { categorie: "preload" } }).catch(() => {});
    const state = readState();
    input.value = state.q;
    // Filters chosen by a shared link: the control is open, with its counts.
    if (Object.keys(state.filters).length) allFilters.open = true;
    if (allFilters.open) loadCounter();
    await run(state, { updateUrl: false });
    root.dataset.ready = "true";
  })();
}
