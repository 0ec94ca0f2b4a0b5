/* The outbox of the phone pages (走访登记, 诉求登记): what staff type at a door is never lost.
 *
 * A form with data-outbox="name" is not posted by the browser. Its fields are kept in
 * localStorage while typing (the draft), and on submit the entry goes into an outbox with a
 * fresh idempotency key, then the outbox is sent one entry at a time. Without a connection
 * the entry waits and is sent again on the `online` event (and every 15 s): the server
 * answers a resend with the stored record, so nothing is written twice.
 * Server answers: 2xx stored; 400 refused (message shown); anything else: try again later.
 */
(function () {
  "use strict";
  var OUTBOX = "huanjie.outbox.v1";
  var sending = false;

  function read(key, fallback) {
    try { var v = JSON.parse(window.localStorage.getItem(key)); return v === null ? fallback : v; }
    catch (e) { return fallback; }
  }
  function write(key, value) { window.localStorage.setItem(key, JSON.stringify(value)); }
  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }
  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function fieldsOf(form) {
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && name !== "csrfmiddlewaretoken") { data[name] = value; }
    });
    return data;
  }
  function restore(form, data) {
    Object.keys(data).forEach(function (name) {
      var inputs = form.querySelectorAll("[name='" + name + "']");
      inputs.forEach(function (input) {
        if (input.type === "radio" || input.type === "checkbox") { input.checked = input.value === data[name]; }
        else if (input.type !== "hidden" && input.type !== "file") { input.value = data[name]; }
      });
    });
  }

  var statusBox = document.querySelector("[data-outbox-status]");
  // The sentences come from the page (translated there); %(name)s placeholders are filled here.
  function text(name, values) {
    var template = (statusBox && statusBox.getAttribute("data-msg-" + name)) || name;
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return String(values && values[key]); });
  }
  // One banner, never a pile: the latest event, then what is still waiting. "All sent" is said
  // only after this page has sent something and nothing waits, never before anything was sent.
  var last = { text: "", kind: "" };
  var sentHere = 0;
  function say(message, kind) { last = { text: message, kind: kind || "" }; showPending(); }
  function showPending() {
    if (!statusBox) { return; }
    var n = read(OUTBOX, []).length;
    statusBox.setAttribute("data-pending", String(n));
    var parts = [];
    if (last.text) { parts.push(last.text); }
    if (n) { parts.push(text("pending", { n: n })); }
    else if (sentHere && last.kind === "ok") { parts.push(text("all-sent")); }
    var banner = statusBox.querySelector(".outbox-line");
    if (!parts.length) { if (banner) { banner.remove(); } return; }
    if (!banner) { banner = document.createElement("p"); statusBox.appendChild(banner); }
    banner.className = "outbox-line " + (n && !last.kind ? "warn" : last.kind);
    banner.textContent = parts.join(" ");
  }
  // A refused entry goes back into its form, so what was typed at the door is corrected, not retyped.
  function formOf(entry) {
    return entry.form ? document.querySelector("form[data-outbox='" + entry.form + "']") : null;
  }
  function formInUse(form) {  // the next entry is being typed: not overwritten
    var label = form.getAttribute("data-outbox-label");
    var input = label ? form.querySelector("[name='" + label + "']") : null;
    return !!(input && input.value.trim());
  }
  function giveBack(entry) {
    var form = formOf(entry);
    if (!form || formInUse(form)) { return false; }
    var data = {};
    Object.keys(entry.data).forEach(function (name) { if (name !== "idempotency_key") { data[name] = entry.data[name]; } });
    restore(form, data);
    write("huanjie.draft." + entry.form, data);
    return true;
  }

  function sendOne(entry) {
    var body = new URLSearchParams(entry.data);
    body.set("csrfmiddlewaretoken", csrfToken());
    return fetch(entry.url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-Outbox": "1", "X-CSRFToken": csrfToken(), "Accept": "application/json" }
    }).then(function (response) {
      if (response.ok || response.status === 400) {
        return response.json().then(function (answer) { return { done: true, answer: answer }; });
      }
      return { done: false, answer: { error: text("busy", { status: response.status }) } };
    });
  }

  function flush() {
    if (sending) { return; }
    var box = read(OUTBOX, []);
    if (!box.length) { showPending(); return; }
    sending = true;
    var entry = box[0];
    sendOne(entry).then(function (result) {
      if (result.done) {
        write(OUTBOX, read(OUTBOX, []).filter(function (e) { return e.key !== entry.key; }));
        if (result.answer.ok) { sentHere += 1; say(text("sent", result.answer), "ok"); }
        else {
          var back = giveBack(entry);
          say(text("refused", { label: entry.label, error: result.answer.error }) + (back ? " " + text("given-back") : ""), "bad");
        }
        sending = false; showPending(); flush();
      } else {
        say(result.answer.error, "warn"); sending = false; showPending();
      }
    }).catch(function () {
      sending = false; showPending();
    });
  }

  document.querySelectorAll("form[data-outbox]").forEach(function (form) {
    var draftKey = "huanjie.draft." + form.getAttribute("data-outbox");
    var keep = (form.getAttribute("data-outbox-keep") || "").split(" ").filter(Boolean);
    restore(form, read(draftKey, {}));
    var saveDraft = function () { write(draftKey, fieldsOf(form)); };
    form.addEventListener("input", saveDraft);
    form.addEventListener("change", saveDraft);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = fieldsOf(form);
      var key = newKey();
      data.idempotency_key = key;
      var labelField = form.getAttribute("data-outbox-label");
      var box = read(OUTBOX, []);
      box.push({ key: key, url: form.action, form: form.getAttribute("data-outbox"), data: data,
                 label: (labelField && data[labelField]) || "", at: Date.now() });
      write(OUTBOX, box);
      var kept = {};
      keep.forEach(function (name) { if (name in data) { kept[name] = data[name]; } });
      form.reset();
      restore(form, kept);
      write(draftKey, kept);
      say(text("queued", { label: (labelField && data[labelField]) || "" }), "");
      flush();
    });
  });

  window.addEventListener("online", flush);
  window.setInterval(flush, 15000);
  showPending();
  flush();
}());
