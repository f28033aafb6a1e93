/* The browser's half of the app's router (asn_training/ui/kit/router.py), inlined by index.html.j2: Voila runs no
   script that arrives inside a widget, so it lives in the page template. No library and nothing fetched.

   Kernel to browser: the kernel writes <span class="asn-route" data-route="modul/contoh" data-seq="7"
   data-mode="push|replace" data-lang="id"> into a hidden HTML widget (.asn-route-out); for each new data-seq this
   script pushes a history entry (or replaces the current one), so the address bar names the page on screen; a new
   data-lang switches the page's own texts and the address's ?lang=, so a reload keeps the language.
   Browser to kernel: on Back, Forward, or a page opened on an address (a reload), it writes "<n>|<route>" into a
   hidden text field (.asn-route-in) and fires the events the ipywidgets text view listens to; the kernel opens
   that page. The sign-in page never replaces the address: a reload keeps it, and the kernel opens it after sign-in.
   This file is read by Jinja: it must not contain a brace followed by a brace, percent or hash sign. */
(function () {
  "use strict";
  var lastSeq = null;  // the last announcement followed
  var sent = 0;  // every request a new value, so asking for the same address twice is still a change
  var field = null;  // the hidden text field's input element
  var askedStart = false;

  function current() {
    try {
      return decodeURIComponent(window.location.hash.replace(/^#/, ""));
    } catch (e) {
      return "";
    }
  }

  function ask(route) {
    if (!field) {
      return;
    }
    sent += 1;
    field.value = sent + "|" + route;
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function speak(lang) {  // the app's language, for the page's own texts and for a reload
    if (!lang || !window.ASN_TEXTS || !window.ASN_TEXTS[lang] || lang === window.ASN_LANG) {
      return;
    }
    window.ASN_LANG = lang;
    document.documentElement.lang = lang;
    document.title = window.ASN_TEXTS[lang].title;
    var params = new URLSearchParams(window.location.search);
    params.set("lang", lang);
    window.history.replaceState(window.history.state, "", window.location.pathname + "?" + params.toString()
                                + window.location.hash);
  }

  function follow(span) {
    speak(span.getAttribute("data-lang"));
    var seq = span.getAttribute("data-seq");
    if (seq === lastSeq) {
      return;
    }
    lastSeq = seq;
    var route = span.getAttribute("data-route") || "";
    var push = span.getAttribute("data-mode") === "push";
    if (!route && !push) {
      return;
    }
    var url = route ? "#" + route : window.location.pathname + window.location.search;
    if (push && current() !== route) {
      window.history.pushState({ asn: route }, "", url);
    } else {
      window.history.replaceState({ asn: route }, "", url);
    }
  }

  function scan() {
    var input = document.querySelector(".asn-route-in input");
    if (input && input !== field) {
      field = input;
      if (!askedStart) {
        askedStart = true;
        if (current()) {
          ask(current());
        }
      }
    }
    var span = document.querySelector(".asn-route-out .asn-route");
    if (span) {
      follow(span);
    }
  }

  new MutationObserver(scan).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["data-seq", "data-lang"]
  });
  window.addEventListener("popstate", function () {
    ask(current());
  });
})();
