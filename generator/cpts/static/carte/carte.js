/* Maps of the CPTS site, self-hosted: Leaflet is served from assets/leaflet/ and loaded only on
 * pages that have an element with data-cpts-map (see generator/cpts/pages/leaflet.py):
 *   data-cpts-map="lieux"    the places of the directory (data-src, relative to the page:
 *                            assets/carte/lieux.json, or its English version), with clusters,
 *                            a legend whose checkboxes switch layers, and the accessible list
 *                            by commune; the places' details (assets/carte/lieux/<i>.json)
 *                            are fetched when a popup or a commune of the list is opened;
 *   data-cpts-map="point"    a small map of one place (data-lat, data-lon, data-label);
 *   data-cpts-map="geojson"  any GeoJSON FeatureCollection (data-src, relative to the page).
 * Text from the directory is only ever written with textContent: a name containing <script>
 * shows as text. The only third-party requests are the tiles set in mkdocs.yml.
 */
(function () {
  "use strict";

  var SETTINGS = /*CPTS_MAP_SETTINGS*/null;
  var script = document.currentScript;
  var HERE = new URL(".", script ? script.src : window.location.href).href; // assets/carte/
  var ROOT = new URL("../../", HERE).href; // the site's root
  var LEAFLET = new URL("../leaflet/", HERE).href;
  var loading = {};

  /* The page's language (<html lang>): French, or English under en/ (entry pages, data and
   * words in English; see generator/cpts/i18n.py). */
  var LANG = (document.documentElement.lang || "fr").slice(0, 2) === "en" ? "en" : "fr";
  var PAGES = ROOT + (LANG === "en" ? "en/" : ""); // where entry pages are, in this language
  var WORDS = {
    fr: {
      call: "Appeler le ", zoomIn: "Zoomer", zoomOut: "Dézoomer",
      cluster: "Groupe de {n} lieux autour de {commune} : agrandir",
      shownOf: "{n} lieux affichés sur {total}.", shownOne: "1 lieu affiché sur {total}.",
      shown: "{n} lieux affichés sur la carte.", shownSingle: "1 lieu affiché sur la carte.",
      show: "Voir sur la carte", showNamed: "Voir sur la carte : ", locate: "Me localiser",
      locating: "Recherche de votre position…",
      here: "Vous êtes ici (à {m} m près) : la carte est centrée sur votre position.",
      denied: "vous n'avez pas autorisé la localisation", unavailable: "votre position est indisponible",
      timeout: "la recherche a pris trop de temps", unknown: "erreur inconnue",
      notFound: "Votre position n'a pas pu être trouvée : {reason}.", more: "En savoir plus",
      failed: "La carte n'a pas pu être affichée. La liste des lieux reste disponible dans l'annuaire.",
      loading: "Chargement…", detailsFailed: "Ces informations n'ont pas pu être chargées : réessayez.",
      places: "{n} lieux", place: "1 lieu", morePlaces: "Afficher {n} lieux de plus",
      listHint: "Ouvrez une commune pour afficher ses lieux, avec leurs professionnels et structures.",
    },
    en: {
      call: "Call ", zoomIn: "Zoom in", zoomOut: "Zoom out",
      cluster: "Group of {n} places around {commune}: zoom in",
      shownOf: "{n} places shown out of {total}.", shownOne: "1 place shown out of {total}.",
      shown: "{n} places shown on the map.", shownSingle: "1 place shown on the map.",
      show: "Show on the map", showNamed: "Show on the map: ", locate: "Find my location",
      locating: "Finding your location…",
      here: "You are here (within {m} m): the map is centred on your location.",
      denied: "you did not allow location", unavailable: "your location is unavailable",
      timeout: "finding your location took too long", unknown: "unknown error",
      notFound: "Your location could not be found: {reason}.", more: "Learn more",
      failed: "The map could not be shown. The list of places is still available in the directory.",
      loading: "Loading…", detailsFailed: "This information could not be loaded: try again.",
      places: "{n} places", place: "1 place", morePlaces: "Show {n} more places",
      listHint: "Open a commune to show its places, with their professionals and structures.",
    },
  }[LANG];

  function words(key, values) {
    return WORDS[key].replace(/\{(\w+)\}/g, function (all, name) { return String(values[name]); });
  }

  function load(tag, url) {
    if (!loading[url]) {
      loading[url] = new Promise(function (resolve, reject) {
        var el = document.createElement(tag);
        if (tag === "link") {
          el.rel = "stylesheet";
          el.href = url;
        } else {
          el.src = url;
          el.async = false; // run in insertion order: Leaflet before its plugin
        }
        el.onload = resolve;
        el.onerror = function () { reject(new Error("impossible de charger " + url)); };
        document.head.appendChild(el);
      });
    }
    return loading[url];
  }

  /* Leaflet (and Leaflet.markercluster when asked), once per page. */
  function leaflet(withClusters) {
    var parts = [load("link", LEAFLET + "leaflet.css"), load("script", LEAFLET + "leaflet.js")];
    if (withClusters) {
      parts.push(load("link", LEAFLET + "MarkerCluster.css"),
                 load("script", LEAFLET + "leaflet.markercluster.js"));
    }
    return Promise.all(parts).then(function () { return window.L; });
  }

  function getJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + " : " + response.status);
      return response.json();
    });
  }

  /* ---- small DOM helpers: text only, never HTML ---- */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function safeHref(url) {
    try {
      var parsed = new URL(url, window.location.href);
      return ["https:", "http:", "tel:", "mailto:"].indexOf(parsed.protocol) >= 0 ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(href, text, className) {
    var a = el("a", className, text);
    a.href = safeHref(href) || "#";
    return a;
  }

  function phoneDisplay(phone) {
    if (!/^0\d{9}$/.test(phone)) return phone;
    // « 04 65 71 00 00 » in French; « +33 4 65 71 00 00 » for visitors from abroad.
    return LANG === "en" ? "+33 " + phone[1] + " " + phone.slice(2).replace(/(\d\d)(?=\d)/g, "$1 ")
      : phone.replace(/(\d\d)(?=\d)/g, "$1 ");
  }

  function phoneLink(phone) {
    var tel = /^0\d{9}$/.test(phone) ? "+33" + phone.slice(1) : phone;
    var a = el("a", "cpts-lieu__phone", phoneDisplay(phone));
    a.href = "tel:" + tel.replace(/[^+\d]/g, "");
    a.setAttribute("aria-label", WORDS.call + phoneDisplay(phone));
    return a;
  }

  function status(root, message) {
    var box = root && root.querySelector("[data-cpts-map-status]");
    if (box) box.textContent = message;
  }

  /* ---- the base map: tiles from mkdocs.yml, French controls, the territory's outline ---- */
  function baseMap(L, container, options) {
    container.hidden = false;
    var maxZoom = SETTINGS && SETTINGS.tiles ? SETTINGS.tiles.maxZoom || 19 : 18;
    var map = L.map(container, Object.assign({ zoomControl: false, zoomSnap: 0.25, maxZoom: maxZoom }, options || {}));
    L.control.zoom({ zoomInTitle: WORDS.zoomIn, zoomOutTitle: WORDS.zoomOut }).addTo(map);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    if (SETTINGS && SETTINGS.tiles) {
      var tiles = Object.assign({}, SETTINGS.tiles);
      var url = tiles.url;
      delete tiles.url;
      L.tileLayer(url, tiles).addTo(map);
    } else {
      container.classList.add("cpts-map--no-tiles");
    }
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", "Fermer");
    });
    // Escape closes a popup even when the focus is inside it (Leaflet only listens when the
    // map itself has the focus).
    container.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && event.target !== container && map.closePopup) {
        if (container.querySelector(".leaflet-popup")) {
          event.preventDefault();
          map.closePopup();
        }
      }
    });
    container.cptsMap = map; // for other scripts of the site (e.g. a page's own layers)
    return map;
  }

  var outline = null;
  function territoryOutline(L) {
    outline = outline || getJson(HERE + "territoire.geojson");
    return outline.then(function (data) {
      return L.geoJSON(data, {
        interactive: false,
        style: function (feature) {
          return feature.properties.type === "contour"
            ? { color: "#003f4f", weight: 3, opacity: 0.9, fill: false }
            : { color: "#005a70", weight: 1, opacity: 0.5, fillColor: "#005a70", fillOpacity: 0.04 };
        },
      });
    });
  }

  /* A DivIcon whose element carries an accessible name (Leaflet gives a keyboard marker
     role=button; a marker that is only shown says role=img, for aria-label is not allowed on a
     plain div). */
  function labelledIcon(L) {
    return L.DivIcon.extend({
      createIcon: function (oldIcon) {
        var div = L.DivIcon.prototype.createIcon.call(this, oldIcon);
        if (this.options.role) div.setAttribute("role", this.options.role);
        div.setAttribute("aria-label", this.options.label);
        if (this.options.colour) div.style.backgroundColor = this.options.colour;
        if (this.options.place) div.cptsPlace = this.options.place;
        return div;
      },
    });
  }

  /* ---- data-cpts-map="lieux" ---- */
  /* The markers' data (see generator/cpts/pages/carte.py): one column per field. A place's
     details (address, phone, entries) arrive later, with its details file. */
  function decodePlaces(data, url) {
    var categories = data.c.map(function (c) {
      return { code: c[0], label: c[1], colour: c[2], glyph: c[3] };
    });
    var labels = data.l.map(function (l) {
      return { text: l[0], category: l[1], dir: l[2] ? "structures/" : "professionnels/", structure: !!l[2] };
    });
    var columns = data.p;
    var names = {};
    var lat = 0, lon = 0; // in 1e-5 degrees from the origin: each place's from the one before
    var places = columns[4].map(function (title, i) {
      var commune = data.m[columns[2][i]];
      lat += columns[0][i];
      lon += columns[1][i];
      var place = {
        lat: data.o[0] + lat / 1e5, lon: data.o[1] + lon / 1e5,
        commune: commune[0], communeIndex: columns[2][i], postcode: commune[1], title: title,
        outside: !!commune[2],
        mask: columns[3][i] >> 3, category: categories[columns[3][i] & 7], entries: null,
      };
      // The marker's accessible name: unique on the page.
      var name = title + ", " + commune[0];
      if (names[name]) name += " (" + (++names[name]) + ")";
      else names[name] = 1;
      place.name = name;
      return place;
    });
    var first = 0;
    data.d.forEach(function (size, index) {
      var file = { url: new URL("lieux/" + index + ".json?v=" + data.h, url).href, first: first, loading: null };
      for (var i = first; i < first + size; i++) places[i].file = file;
      first += size;
    });

    /* The details of a place, with the others of its file: a promise, fetched once. */
    function details(place) {
      var file = place.file;
      if (place.entries) return Promise.resolve(place);
      if (!file.loading) {
        file.loading = getJson(file.url).then(function (rows) {
          rows.forEach(function (row, k) {
            var p = places[file.first + k];
            p.address = row[0] || p.title;
            p.phone = row[1];
            p.entries = row[2].map(function (e) {
              var label = labels[e[0]];
              return { label: label, name: e[1], url: PAGES + label.dir + e[2] + "/", phone: e[3] || "" };
            });
          });
        }, function (error) {
          file.loading = null; // asked again next time
          throw error;
        });
      }
      return file.loading.then(function () { return place; });
    }
    return { categories: categories, places: places, details: details };
  }

  /* The card of a place: in its popup and in the list (heading level differs). */
  function placeCard(place, headingTag) {
    var card = el("div", "cpts-lieu");
    card.appendChild(el(headingTag, "cpts-lieu__title", place.title));
    var address = el("p", "cpts-lieu__address");
    if (place.title !== place.address) {
      address.appendChild(document.createTextNode(place.address));
      address.appendChild(document.createElement("br"));
    }
    address.appendChild(document.createTextNode(place.postcode + " " + place.commune));
    card.appendChild(address);
    if (place.phone) {
      var phone = el("p", "cpts-lieu__tel");
      phone.appendChild(phoneLink(place.phone));
      card.appendChild(phone);
    }
    var list = el("ul", "cpts-lieu__entries");
    place.entries.forEach(function (entry) {
      var item = el("li");
      item.appendChild(link(entry.url, entry.name, "cpts-lieu__entry"));
      item.appendChild(document.createTextNode(" — " + entry.label.text));
      if (entry.phone) {
        item.appendChild(document.createTextNode(" · "));
        item.appendChild(phoneLink(entry.phone));
      }
      list.appendChild(item);
    });
    card.appendChild(list);
    return card;
  }

  function drawPlaces(L, container) {
    var root = container.closest(".cpts-carte") || document;
    var url = new URL(container.dataset.src || HERE + "lieux.json", window.location.href).href;
    return Promise.all([getJson(url), territoryOutline(L)]).then(function (loaded) {
      var decoded = decodePlaces(loaded[0], url);
      var places = decoded.places;
      var map = baseMap(L, container, { minZoom: 7 });
      var contours = loaded[1].addTo(map);
      // The first view: the territory and its places; those outside it (a hospital of
      // reference 40 km away) are on the map, not in the first view.
      var bounds = contours.getBounds();
      places.forEach(function (p) { if (!p.outside) bounds.extend([p.lat, p.lon]); });
      map.fitBounds(bounds.isValid() ? bounds : [[41, -5], [51, 9]], { padding: [10, 10] });

      var PlaceIcon = labelledIcon(L);
      var popupWidth = Math.max(160, Math.min(320, container.clientWidth - 70));
      var clusters = L.markerClusterGroup({
        showCoverageOnHover: false,
        maxClusterRadius: 45,
        spiderfyOnMaxZoom: true,
        chunkedLoading: true,
        iconCreateFunction: function (cluster) {
          var count = cluster.getChildCount();
          var size = count < 10 ? 34 : count < 100 ? 40 : 48;
          var communes = {};
          var best = "";
          cluster.getAllChildMarkers().forEach(function (m) {
            var c = m.cptsPlace.commune;
            communes[c] = (communes[c] || 0) + 1;
            if (!best || communes[c] > communes[best]) best = c;
          });
          return new PlaceIcon({
            html: '<span aria-hidden="true">' + count + "</span>",
            className: "cpts-cluster",
            iconSize: [size, size],
            label: words("cluster", { n: count, commune: best }),
          });
        },
      });
      places.forEach(function (place) {
        var glyph = place.category.glyph.replace(/[<>&"']/g, "");
        var marker = L.marker([place.lat, place.lon], {
          icon: new PlaceIcon({
            html: '<span aria-hidden="true">' + glyph + "</span>",
            className: "cpts-pin",
            iconSize: [30, 30],
            popupAnchor: [0, -14],
            tooltipAnchor: [0, -14],
            colour: place.category.colour,
            label: place.name,
            place: place,
          }),
          keyboard: true,
          riseOnHover: true,
        });
        marker.cptsPlace = place;
        marker.bindPopup(function () { return popupCard(place); }, { maxWidth: popupWidth, minWidth: Math.min(200, popupWidth), autoPanPaddingTopLeft: [10, 135] });
        marker.bindTooltip(function () { return document.createTextNode(place.title); }, { direction: "top" });
        // A pointer resting on a marker, or the keyboard's focus, fetches its details before
        // the popup is asked for.
        var rest = null;
        marker.on("mouseover", function () { rest = setTimeout(function () { prefetch(place); }, 150); });
        marker.on("mouseout", function () { clearTimeout(rest); });
        place.marker = marker;
      });
      container.addEventListener("focusin", function (event) {
        if (event.target.cptsPlace) prefetch(event.target.cptsPlace);
      });
      function prefetch(place) {
        decoded.details(place).catch(function () {}); // the popup says it when it is opened
      }

      /* A popup's card; until the place's details have arrived, its title and « Chargement… »,
         then the whole card (popup.update() asks this function again). */
      function popupCard(place) {
        if (place.entries) return placeCard(place, "p");
        var card = el("div", "cpts-lieu");
        card.tabIndex = -1; // the popup's focus until its links arrive
        card.appendChild(el("p", "cpts-lieu__title", place.title));
        var note = card.appendChild(el("p", "cpts-lieu__loading", WORDS.loading));
        decoded.details(place).then(function () {
          var popup = place.marker.getPopup();
          if (!popup || !popup.isOpen() || !popup.getElement().contains(card)) return;
          var focused = card.contains(document.activeElement);
          popup.update();
          var first = focused && popup.getElement().querySelector(".cpts-lieu a");
          if (first) first.focus();
        }, function () { note.textContent = WORDS.detailsFailed; });
        return card;
      }

      // Keyboard: Enter or Space on a cluster zooms in (then the map takes the focus, so that
      // Tab goes on to the markers now shown); Space opens a marker's popup like Enter does.
      clusters.on("clusterkeypress", function (event) {
        var key = event.originalEvent.key;
        if (key !== "Enter" && key !== " ") return;
        event.originalEvent.preventDefault();
        map.once("zoomend", function () { container.focus({ preventScroll: true }); });
        event.layer.zoomToBounds({ padding: [20, 20] });
      });
      clusters.on("keypress", function (event) {
        if (event.originalEvent.key === " ") {
          event.originalEvent.preventDefault();
          event.layer.openPopup();
        }
      });
      // Tab goes through the markers and clusters on screen, in reading order; the ones off
      // screen (kept by the cluster plugin around the view) are skipped.
      function keyboardOrder() {
        var pane = map.getPane("markerPane");
        var box = container.getBoundingClientRect();
        var icons = Array.prototype.map.call(pane.children, function (icon) {
          var r = icon.getBoundingClientRect();
          var inside = r.right > box.left && r.left < box.right && r.bottom > box.top && r.top < box.bottom;
          if (icon.getAttribute("role") === "button") icon.tabIndex = inside ? 0 : -1;
          return { icon: icon, x: Math.round(r.left), y: Math.round(r.top) };
        });
        if (pane.contains(document.activeElement)) return; // moving it would lose the focus
        icons.sort(function (a, b) { return a.y - b.y || a.x - b.x; });
        icons.forEach(function (item) { pane.appendChild(item.icon); });
      }
      map.on("moveend", keyboardOrder);
      clusters.on("animationend", keyboardOrder);
      // A popup opened from a focused marker takes the focus, and gives it back.
      map.on("popupopen", function (event) {
        var source = event.popup._source;
        var icon = source && source.getElement && source.getElement();
        if (icon && (document.activeElement === icon || event.popup.cptsFocus)) {
          var first = event.popup.getElement().querySelector(".cpts-lieu a, .cpts-lieu[tabindex]");
          if (first) first.focus();
          event.popup.cptsReturn = icon;
        }
      });
      map.on("popupclose", function (event) {
        var icon = event.popup.cptsReturn;
        if (icon && event.popup.getElement().contains(document.activeElement) && document.body.contains(icon)) {
          icon.focus();
        }
      });

      var list = root.querySelector("[data-cpts-map-list]");
      var shown = {};
      decoded.categories.forEach(function (c) { shown[c.code] = true; });
      function visibleMask() {
        var mask = 0;
        decoded.categories.forEach(function (c, i) { if (shown[c.code]) mask |= 1 << i; });
        return mask;
      }
      var currentMask = visibleMask();
      var grouping = true; // « Regrouper les lieux proches »: clusters, or every marker
      var listed = null; // the list, once drawn
      var single = L.layerGroup();
      function refresh() {
        var mask = currentMask = visibleMask();
        var visible = places.filter(function (p) { return p.mask & mask; });
        var markers = visible.map(function (p) { return p.marker; });
        clusters.clearLayers();
        single.clearLayers();
        if (grouping) clusters.addLayers(markers);
        else markers.forEach(function (m) { single.addLayer(m); });
        if (!grouping) keyboardOrder();
        if (listed) listed.update();
        return visible.length;
      }

      var ready = !places.length ? Promise.resolve() : new Promise(function (resolve) {
        clusters.options.chunkProgress = function (done, total) { if (done === total) resolve(); };
      });
      var count = refresh();
      map.addLayer(clusters);
      map.addLayer(single);
      ready.then(function () {
        keyboardOrder();
        container.dataset.cptsState = "ready";
      });

      var legend = root.querySelector("[data-cpts-map-legend]");
      if (legend) {
        legend.hidden = false;
        // On a phone the legend starts folded, so that the map is on screen.
        if (legend.tagName === "DETAILS" && window.matchMedia("(max-width: 44.99em)").matches) legend.open = false;
        legend.addEventListener("change", function (event) {
          var input = event.target;
          if (input.name === "contours") {
            if (input.checked) contours.addTo(map);
            else map.removeLayer(contours);
            return;
          }
          if (input.name === "regrouper") {
            grouping = input.checked;
            refresh();
            return;
          }
          shown[input.value] = input.checked;
          var n = refresh();
          status(root, words(n > 1 ? "shownOf" : "shownOne", { n: n, total: places.length }));
        });
      }
      addLocateButton(L, map, root);
      status(root, words(count > 1 ? "shown" : "shownSingle", { n: count }));

      // The list, once the markers are drawn (it does not delay them).
      if (list) {
        ready.then(function () {
          listed = renderList(list, decoded, container, function (p) { return !(p.mask & currentMask); },
                     function (marker, then) {
                       if (grouping) clusters.zoomToShowLayer(marker, then);
                       else {
                         map.setView(marker.getLatLng(), Math.max(map.getZoom(), 16), { animate: false });
                         then();
                       }
                     });
        });
      }
      return map;
    });
  }

  var LIST_PAGE = 100; // places shown at a time in a commune of the list (as a details file holds)

  /* The list: one section per commune, whose button shows its places (fetching their
     details), LIST_PAGE at a time; the legend's choices apply to it as to the map. */
  function renderList(list, decoded, container, isHidden, showMarker) {
    var fragment = document.createDocumentFragment();
    fragment.appendChild(el("p", "cpts-carte__hint", WORDS.listHint));
    var sections = [];
    decoded.places.forEach(function (place) {
      var section = sections[sections.length - 1];
      if (!section || section.commune !== place.communeIndex) {
        section = communeSection(place, sections.length + 1);
        sections.push(section);
        fragment.appendChild(section.node);
      }
      section.places.push(place);
    });

    function communeSection(place, n) {
      var section = { commune: place.communeIndex, places: [], open: false, limit: LIST_PAGE, asked: null };
      var node = section.node = el("section", "cpts-carte__commune");
      var heading = el("h3", "cpts-carte__commune-title");
      heading.id = "lieux-commune-" + n;
      node.setAttribute("aria-labelledby", heading.id);
      var toggle = el("button", "cpts-carte__toggle");
      toggle.type = "button";
      toggle.setAttribute("aria-expanded", "false");
      toggle.setAttribute("aria-controls", heading.id + "-lieux");
      toggle.appendChild(el("span", null, place.commune));
      toggle.appendChild(document.createTextNode(" "));
      section.count = toggle.appendChild(el("span", "cpts-carte__count"));
      heading.appendChild(toggle);
      node.appendChild(heading);
      section.items = node.appendChild(el("ul", "cpts-carte__places"));
      section.items.id = heading.id + "-lieux";
      section.items.hidden = true;
      section.note = node.appendChild(el("p", "cpts-carte__note"));
      section.note.hidden = true;
      section.more = node.appendChild(el("button", "cpts-carte__more md-button"));
      section.more.type = "button";
      section.more.hidden = true;
      toggle.addEventListener("click", function () {
        section.open = !section.open;
        toggle.setAttribute("aria-expanded", String(section.open));
        section.items.hidden = !section.open;
        if (section.open) show(section, false);
        else section.more.hidden = section.note.hidden = true;
      });
      section.more.addEventListener("click", function () {
        section.limit += LIST_PAGE;
        show(section, true);
      });
      return section;
    }

    /* The section's places that the legend lets through, up to its limit. */
    function show(section, focusFirstNew) {
      var visible = section.places.filter(function (p) { return !isHidden(p); });
      var shown = visible.slice(0, section.limit);
      var asked = section.asked = {};
      var before = section.items.children.length;
      if (shown.some(function (p) { return !p.entries; })) {
        section.note.textContent = WORDS.loading;
        section.note.hidden = false;
      }
      Promise.all(shown.map(decoded.details)).then(function () {
        if (section.asked !== asked || !section.open) return;
        section.note.hidden = true;
        section.items.textContent = "";
        shown.forEach(function (p) { section.items.appendChild(item(p)); });
        var rest = visible.length - shown.length;
        section.more.hidden = rest <= 0;
        if (rest > 0) section.more.textContent = words("morePlaces", { n: Math.min(rest, LIST_PAGE) });
        var next = focusFirstNew && shown[before];
        if (next) {
          var title = next.item.querySelector(".cpts-lieu__title");
          title.tabIndex = -1;
          title.focus();
        }
      }, function () {
        if (section.asked === asked) section.note.textContent = WORDS.detailsFailed;
      });
    }

    function item(place) {
      if (place.item) return place.item;
      var node = place.item = el("li", "cpts-carte__place");
      node.appendChild(placeCard(place, "h4"));
      var button = node.appendChild(el("button", "cpts-carte__show md-button", WORDS.show));
      button.type = "button";
      button.setAttribute("aria-label", WORDS.showNamed + place.name);
      button.addEventListener("click", function () {
        container.scrollIntoView({ block: "center" });
        showMarker(place.marker, function () {
          place.marker.openPopup();
          var popup = place.marker.getPopup();
          var first = popup && popup.getElement() && popup.getElement().querySelector(".cpts-lieu a");
          if (first) first.focus();
          if (popup) popup.cptsReturn = button;
        });
      });
      return node;
    }

    /* The legend changed: counts, sections without any place left, open sections again. */
    function update() {
      sections.forEach(function (section) {
        var n = section.places.filter(function (p) { return !isHidden(p); }).length;
        section.node.hidden = n === 0;
        section.count.textContent = "(" + words(n > 1 ? "places" : "place", { n: n }) + ")";
        if (section.open) show(section, false);
      });
    }

    update();
    list.textContent = "";
    list.appendChild(fragment);
    return { update: update };
  }

  function addLocateButton(L, map, root) {
    if (!navigator.geolocation) return;
    var here = null;
    var Locate = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var box = L.DomUtil.create("div", "leaflet-bar cpts-locate");
        var button = L.DomUtil.create("button", "cpts-locate__button", box);
        button.type = "button";
        button.textContent = WORDS.locate;
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.on(button, "click", function () {
          status(root, WORDS.locating);
          navigator.geolocation.getCurrentPosition(function (position) {
            var latlng = [position.coords.latitude, position.coords.longitude];
            if (here) map.removeLayer(here);
            here = L.layerGroup([
              L.circle(latlng, { radius: position.coords.accuracy, color: "#1565c0", weight: 1, fillOpacity: 0.1, interactive: false }),
              L.circleMarker(latlng, { radius: 8, color: "#fff", weight: 3, fillColor: "#1565c0", fillOpacity: 1, interactive: false }),
            ]).addTo(map);
            map.setView(latlng, Math.max(map.getZoom(), 14));
            status(root, words("here", { m: Math.round(position.coords.accuracy) }));
          }, function (error) {
            var reasons = { 1: WORDS.denied, 2: WORDS.unavailable, 3: WORDS.timeout };
            status(root, words("notFound", { reason: reasons[error.code] || WORDS.unknown }));
          }, { timeout: 15000, maximumAge: 60000 });
        });
        return box;
      },
    });
    new Locate().addTo(map);
  }

  /* ---- data-cpts-map="point": one place, on entry pages ---- */
  function drawPoint(L, container) {
    var lat = parseFloat(container.dataset.lat);
    var lon = parseFloat(container.dataset.lon);
    var tiles = SETTINGS && SETTINGS.tiles;
    var map = baseMap(L, container, { center: [lat, lon], zoom: tiles ? 15 : 11, scrollWheelZoom: false });
    if (!tiles) territoryOutline(L).then(function (layer) { layer.addTo(map); });
    var Icon = labelledIcon(L);
    L.marker([lat, lon], {
      icon: new Icon({ html: "", className: "cpts-pin cpts-pin--point", iconSize: [24, 24], label: container.dataset.label || "", role: "img" }),
      keyboard: false,
      interactive: false,
    }).addTo(map);
    container.dataset.cptsState = "ready";
    return Promise.resolve(map);
  }

  /* ---- data-cpts-map="geojson": any FeatureCollection (zoning maps…) ---- */
  function drawGeoJson(L, container) {
    var src = new URL(container.dataset.src, window.location.href).href;
    return Promise.all([getJson(src), territoryOutline(L)]).then(function (loaded) {
      var map = baseMap(L, container, {});
      loaded[1].addTo(map);
      var layer = L.geoJSON(loaded[0], {
        style: function (feature) {
          var colour = (feature.properties || {}).couleur || "#005a70";
          return { color: colour, weight: 2, fillColor: colour, fillOpacity: 0.35 };
        },
        pointToLayer: function (feature, latlng) {
          var colour = (feature.properties || {}).couleur || "#005a70";
          return L.circleMarker(latlng, { radius: 8, color: "#fff", weight: 2, fillColor: colour, fillOpacity: 1 });
        },
        onEachFeature: function (feature, item) {
          var props = feature.properties || {};
          if (props.nom) item.bindTooltip(function () { return document.createTextNode(props.nom); }, { sticky: true });
          if (props.description || props.lien) {
            item.bindPopup(function () {
              var card = el("div", "cpts-lieu");
              if (props.nom) card.appendChild(el("p", "cpts-lieu__title", props.nom));
              if (props.description) card.appendChild(el("p", null, props.description));
              if (props.lien) card.appendChild(link(props.lien, WORDS.more));
              return card;
            });
          }
        },
      }).addTo(map);
      var bounds = loaded[1].getBounds();
      if (layer.getBounds().isValid()) bounds.extend(layer.getBounds());
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10] });
      container.dataset.cptsState = "ready";
      return map;
    });
  }

  var DRAW = { lieux: drawPlaces, point: drawPoint, geojson: drawGeoJson };

  function draw(container) {
    var kind = container.dataset.cptsMap;
    if (!DRAW[kind] || container.dataset.cptsState) return Promise.resolve(container.cptsMap);
    container.dataset.cptsState = "loading";
    return leaflet(kind === "lieux").then(function (L) { return DRAW[kind](L, container); }).catch(function (error) {
      container.dataset.cptsState = "error";
      container.hidden = true;
      status(container.closest(".cpts-carte"), WORDS.failed);
      throw error;
    });
  }

  function init() {
    var containers = document.querySelectorAll("[data-cpts-map]");
    if (!containers.length) return;
    var lazy = "IntersectionObserver" in window ? new IntersectionObserver(function (seen) {
      seen.forEach(function (entry) {
        if (entry.isIntersecting) {
          lazy.unobserve(entry.target);
          draw(entry.target);
        }
      });
    }, { rootMargin: "200px" }) : null;
    containers.forEach(function (container) {
      // Small maps are drawn when they come near the screen; a hidden element has no size,
      // so it gets one first (its CSS height).
      if (lazy && container.dataset.cptsMap === "point") {
        container.hidden = false;
        lazy.observe(container);
      } else {
        draw(container);
      }
    });
  }

  window.cptsMap = { leaflet: leaflet, draw: draw, baseMap: baseMap, outline: territoryOutline };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
