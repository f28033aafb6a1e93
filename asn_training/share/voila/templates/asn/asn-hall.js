/* The participant's page in a hall, inlined in the page's head by index.html.j2 (no request, nothing to serve):
   - every word in the participant's language (?lang=en, else Indonesian): the tab title, and Voila's English
     widget placeholders replaced as they appear;
   - a lost connection or kernel: while the network is away a "Reconnecting..." bar; when the page's kernel is gone
     (culled, a server restart, a kernel restart) a notice over the page with one button, a reload of the same
     address (the router's #route brings the reader back to the same page after the PIN);
   - forms: Enter in the NIP, PIN and new-PIN fields (and the staff sign-in's) submits the form (the field is left first, so ipywidgets sends
     its value before the click), and the PIN fields ask for a number keypad.
   The texts come from spinner.macro.html.j2 (catalogue entries); the language follows the app's ID/EN switch. This file is read by Jinja: it
   must not contain a brace followed by a brace, percent or hash sign. */
(function () {
  "use strict";
  function t() {  // the texts of the language on screen: ?lang= at load, then the app's ID/EN (asn-router.js)
    return window.ASN_TEXTS[window.ASN_LANG] || window.ASN_TEXTS.id;
  }
  document.title = t().title;

  /* ---- Voila's English ---- */
  function localiseText(node) {
    var text = node.nodeValue;
    if (text === "Loading widget...") {
      node.nodeValue = t().loadingWidget;
    } else if (text && (text.indexOf("Error displaying widget") === 0
                        || text.indexOf("There was an error when executing cell") !== -1)) {
      node.nodeValue = t().widgetError;
    }
  }

  /* ---- Forms ---- */
  var FIELDS = [
    // field, the form's primary button, autocomplete, digits only (a number keypad)
    [".asn-nip", ".asn-identify", "username", true],
    [".asn-pin", ".asn-sign-in", "current-password", true],
    [".asn-new-pin", ".asn-register", "new-password", true],
    [".asn-new-pin-again", ".asn-register", "new-password", true],
    [".asn-staff-user", ".asn-staff-sign-in", "username", false],  // the staff app's sign-in (/staf)
    [".asn-staff-password", ".asn-staff-sign-in", "current-password", false]
  ];

  function prepareFields() {
    FIELDS.forEach(function (field) {
      var input = document.querySelector(field[0] + " input");
      if (input && !input.hasAttribute("data-asn-ready")) {
        input.setAttribute("data-asn-ready", "");
        if (field[3]) {
          input.setAttribute("inputmode", "numeric");
        }
        input.setAttribute("autocomplete", field[2]);
        input.setAttribute("enterkeyhint", "go");
        if (field[3] && field[0] !== ".asn-nip") {
          input.setAttribute("pattern", "[0-9]*");
        }
      }
    });
  }

  function button(selector) {
    return document.querySelector("button" + selector) || document.querySelector(selector + " button");
  }

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || event.isComposing || !input || input.tagName !== "INPUT") {
      return;
    }
    for (var i = 0; i < FIELDS.length; i += 1) {
      if (input.closest(FIELDS[i][0])) {
        event.preventDefault();
        event.stopPropagation();
        var again = document.querySelector(".asn-new-pin-again input");
        if (FIELDS[i][0] === ".asn-new-pin" && again && !again.value) {
          again.focus();  // the first of two PIN fields: on to the second
          return;
        }
        input.blur();  // the browser's change event: ipywidgets sends the value now, before the click below
        var submit = button(FIELDS[i][1]);
        if (submit && !submit.disabled) {
          submit.click();
        }
        return;
      }
    }
  }, true);

  /* ---- Connection and kernel ---- */
  var state = "ok";  // ok | reconnecting | lost
  var openSockets = 0;
  var kernelUrl = null;
  var closedAt = 0;
  var timer = null;
  var unloading = false;
  var GIVE_UP_MS = 30000;  // the kernel is there but the page did not reconnect to it

  function element(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function show(next) {
    if (state === "lost" || state === next) {
      return;
    }
    state = next;
    var bar = document.getElementById("asn-reconnecting");
    if (bar) {
      bar.remove();
    }
    if (next === "reconnecting") {
      bar = element("div", "asn-reconnecting", t().reconnecting);
      bar.id = "asn-reconnecting";
      bar.setAttribute("role", "status");
      bar.setAttribute("aria-live", "polite");
      document.body.appendChild(bar);
    } else if (next === "lost") {
      window.clearTimeout(timer);
      var notice = element("div", "asn-lost");
      notice.id = "asn-lost";
      notice.setAttribute("role", "alertdialog");
      notice.setAttribute("aria-modal", "true");
      notice.setAttribute("aria-labelledby", "asn-lost-title");
      var box = element("div", "asn-lost-box");
      var title = element("h2", "asn-lost-title", t().lost);
      title.id = "asn-lost-title";
      var resume = element("button", "asn-lost-resume", t().resume);
      resume.type = "button";
      resume.addEventListener("click", function () {
        window.location.reload();
      });
      box.appendChild(title);
      box.appendChild(element("p", "asn-lost-detail", t().lostDetail));
      box.appendChild(resume);
      notice.appendChild(box);
      document.body.appendChild(notice);
      resume.focus();
    }
  }

  function check() {
    window.clearTimeout(timer);
    if (state === "lost" || unloading) {
      return;
    }
    if (!navigator.onLine || !kernelUrl) {
      timer = window.setTimeout(check, 2000);
      return;
    }
    fetch(kernelUrl, { cache: "no-store", credentials: "same-origin" }).then(function (response) {
      if (response.status === 404) {
        show("lost");
      } else if (openSockets > 0) {
        show("ok");
      } else if (Date.now() - closedAt > GIVE_UP_MS) {
        show("lost");
      } else {
        timer = window.setTimeout(check, 2000);
      }
    }, function () {
      show("reconnecting");  // the server does not answer: the network (or the server) is away
      timer = window.setTimeout(check, 2000);
    });
  }

  function onMessage(event) {
    var data = event.data;
    var text = "";
    if (typeof data === "string") {
      text = data.length < 4096 ? data : "";
    } else if (data instanceof ArrayBuffer && data.byteLength < 4096) {
      text = new TextDecoder().decode(data);
    }
    if (/"execution_state":\s*"(restarting|autorestarting|dead)"/.test(text)) {
      show("lost");  // a restarted kernel has none of this page's widgets
    }
  }

  var NativeWebSocket = window.WebSocket;
  function WatchedWebSocket(address, protocols) {
    var socket = protocols === undefined ? new NativeWebSocket(address) : new NativeWebSocket(address, protocols);
    var match = /^(wss?)(:\/\/.*\/api\/kernels\/[^/?]+)\/channels/.exec(String(address));
    if (match) {
      kernelUrl = (match[1] === "wss" ? "https" : "http") + match[2];
      socket.addEventListener("open", function () {
        openSockets += 1;
        if (state === "reconnecting" && navigator.onLine) {
          show("ok");
        }
      });
      socket.addEventListener("close", function (event) {
        if (event.target.readyState === NativeWebSocket.CLOSED && openSockets > 0) {
          openSockets -= 1;
        }
        if (!unloading && state !== "lost") {
          closedAt = Date.now();
          show("reconnecting");
          timer = window.setTimeout(check, 1000);
        }
      });
      socket.addEventListener("message", onMessage);
    }
    return socket;
  }
  WatchedWebSocket.prototype = NativeWebSocket.prototype;
  ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (name) {
    WatchedWebSocket[name] = NativeWebSocket[name];
  });
  window.WebSocket = WatchedWebSocket;

  window.addEventListener("pagehide", function () {
    unloading = true;
  });
  window.addEventListener("beforeunload", function () {
    unloading = true;
  });
  window.addEventListener("offline", function () {
    show("reconnecting");
  });
  window.addEventListener("online", check);

  /* ---- One pass over what changed, at most once a frame ---- */
  var scheduled = false;
  function scan() {
    scheduled = false;
    if (document.title !== t().title) {
      document.title = t().title;
    }
    prepareFields();
  }
  new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      if (mutation.type === "characterData") {
        localiseText(mutation.target);
      }
      mutation.addedNodes.forEach(function (node) {
        if (node.nodeType === 3) {
          localiseText(node);
        } else if (node.nodeType === 1 && node.childNodes.length === 1 && node.firstChild.nodeType === 3) {
          localiseText(node.firstChild);
        }
      });
    });
    if (!scheduled) {
      scheduled = true;
      window.requestAnimationFrame(scan);
    }
  }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
})();
