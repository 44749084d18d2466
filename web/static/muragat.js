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
  var input = document.getElementById("q");
  var list = document.getElementById("q-suggestions");
  if (!input || !list || !window.fetch) { return; }
  var url = input.getAttribute("data-suggest-url");
  var timer = null;
  var last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value;
      if (q === last || q.trim().length < 2) { return; }
      last = q;
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) {
          while (list.firstChild) { list.removeChild(list.firstChild); }
          (data.suggestions || []).forEach(function (s) {
            var option = document.createElement("option");
            option.value = s;  // a property, never HTML
            list.appendChild(option);
          });
        })
        .catch(function () { /* suggestions are optional */ });
    }, 150);
  });
})();
