/* Muragat: small progressive enhancements. Everything works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Facet form: apply a ticked checkbox at once (the Apply button stays, for the year inputs).
  // Keyboard users keep their place: the ticked box gets the focus back on the new page.
  var FOCUS_KEY = "muragat-facet-focus";
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      var box = event.target;
      if (box instanceof HTMLInputElement && box.type === "checkbox") {
        try { sessionStorage.setItem(FOCUS_KEY, box.name + "=" + box.value); } catch (e) { /* private mode */ }
        form.submit();
      }
    });
  });
  try {
    var wanted = sessionStorage.getItem(FOCUS_KEY);
    sessionStorage.removeItem(FOCUS_KEY);
    if (wanted) {
      document.querySelectorAll("form[data-autosubmit] input[type=checkbox]").forEach(function (box) {
        if (box.name + "=" + box.value === wanted) { box.focus(); }
      });
    }
  } catch (e) { /* no sessionStorage: nothing to restore */ }

  // On a phone the filters start folded, so the results come first into view.
  if (window.matchMedia && window.matchMedia("(max-width: 52rem)").matches) {
    document.querySelectorAll("details.facets-box[open]").forEach(function (box) {
      if (!box.querySelector("input:checked") && !box.querySelector(".year-range input[value]:not([value=''])")) {
        box.removeAttribute("open");
      }
    });
  }

  // Autocomplete from the index vocabulary, into the search box's <datalist>.
  // Debounced: one request after the reader pauses (DEBOUNCE_MS without a keystroke), never
  // one per key; an answer already fetched is reused; a request still running when the
  // text changes is cancelled; after a 429 nothing is asked until Retry-After has passed.
  var DEBOUNCE_MS = 300;
  var MIN_CHARS = 2;
  var input = document.getElementById("q");
  var list = document.getElementById("q-suggestions");
  if (!input || !list || !window.fetch) { return; }
  var url = input.getAttribute("data-suggest-url");
  var timer = null;
  var last = "";
  var pausedUntil = 0;
  var running = null;
  var answers = new Map();

  function show(suggestions) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    suggestions.forEach(function (s) {
      var option = document.createElement("option");
      option.value = s;  // a property, never HTML
      list.appendChild(option);
    });
  }

  function suggest() {
    var q = input.value;
    if (q === last || q.trim().length < MIN_CHARS || Date.now() < pausedUntil) { return; }
    last = q;
    if (answers.has(q)) { show(answers.get(q)); return; }
    if (running) { running.abort(); }
    running = window.AbortController ? new AbortController() : null;
    fetch(url + "?q=" + encodeURIComponent(q), {
      headers: { "Accept": "application/json" }, signal: running ? running.signal : undefined
    })
      .then(function (r) {
        if (r.status === 429) {
          pausedUntil = Date.now() + 1000 * (parseInt(r.headers.get("Retry-After"), 10) || 5);
          last = "";
        }
        return r.ok ? r.json() : { suggestions: [] };
      })
      .then(function (data) {
        var suggestions = data.suggestions || [];
        if (answers.size > 200) { answers.clear(); }
        answers.set(q, suggestions);
        if (input.value === q) { show(suggestions); }
      })
      .catch(function () { /* cancelled or offline: suggestions are optional */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, DEBOUNCE_MS);
  });
})();
