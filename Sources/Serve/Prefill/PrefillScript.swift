/// `/prefill.js`: the drop-in script for the service hall's forms.
///
///     <script src="https://HUB/prefill.js" data-form="student-leave" data-subject="2023102001"
///             data-ticket="chpt_..." data-purpose="prefill"></script>
///     <input name="phone" data-element="YDDH">
///
/// It fetches the form's prefill from the hub the script came from, with the short-lived ticket
/// the hall's server obtained (`POST /v1/prefill/{form}/tickets`), fills every input marked with an
/// element code, shows each value's source (title and a small caption), and makes fields owned by
/// another system read-only with a hint naming where to change them. Also `CampusHubPrefill.fill(options)`.
enum PrefillScript {
    static let js = #"""
(function () {
  "use strict";
  var script = document.currentScript;

  // The day of a UTC instant in the college's time zone, yyyy-MM-dd (not the UTC day: 02:00 in China is the day before in UTC).
  function collegeDay(instant, timeZone) {
    try {
      return new Intl.DateTimeFormat("en-CA", { timeZone: timeZone || "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" })
        .format(new Date(instant));
    } catch (e) {
      return instant.slice(0, 10);
    }
  }

  function caption(input, text) {
    var id = (input.id || input.name || input.getAttribute("data-element")) + "-campushub-source";
    var note = document.getElementById(id);
    if (!note) {
      note = document.createElement("small");
      note.id = id;
      note.className = "campushub-source";
      input.insertAdjacentElement("afterend", note);
    }
    note.textContent = text;
    input.setAttribute("aria-describedby", id);
  }

  function fill(options) {
    var hub = options.hub || new URL(script ? script.src : location.href).origin;
    var root = options.root || document;
    var url = hub + "/v1/prefill/" + encodeURIComponent(options.form) + "?subject=" + encodeURIComponent(options.subject) +
      "&purpose=" + encodeURIComponent(options.purpose || "prefill");
    root.documentElement ? root.documentElement.setAttribute("data-campushub", "loading") : null;
    return fetch(url, { headers: { Authorization: "Bearer " + options.ticket }, credentials: "omit", cache: "no-store" })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error((body && body.error && body.error.message) || ("HTTP " + response.status));
          return body;
        });
      })
      .then(function (prefill) {
        var filled = 0;
        prefill.fields.forEach(function (field) {
          var inputs = root.querySelectorAll('[data-element="' + field.element + '"]');
          Array.prototype.forEach.call(inputs, function (input) {
            var shown = field.label && input.getAttribute("data-show") !== "code" ? field.label : field.value;
            if (field.value !== null && field.value !== undefined) {
              if (input.tagName === "SELECT" && !Array.prototype.some.call(input.options, function (o) { return o.value === field.value; })) {
                input.add(new Option(shown, field.value));
              }
              input.value = input.tagName === "SELECT" ? field.value : shown;
              input.setAttribute("data-value", field.value);
              filled += 1;
            }
            var source = field.source ? "来自 " + field.source + (field.asOf ? "（" + collegeDay(field.asOf, prefill.timeZone) + "）" : "") : "中心库无此项";
            var owner = field.owner;
            if (owner && !field.editable) {
              input.readOnly = true;
              input.setAttribute("aria-readonly", "true");
              source += "；由" + owner.title + "（" + owner.system + "）维护，如需修改请到该系统办理";
            } else if (owner) {
              source += "；修改后将回写" + owner.title + "（" + owner.system + "）";
            }
            if (field.writeback) source += "；回写状态：" + field.writeback;
            input.title = source;
            caption(input, source);
          });
        });
        if (root.documentElement) root.documentElement.setAttribute("data-campushub", "filled");
        if (typeof options.done === "function") options.done(null, prefill, filled);
        return prefill;
      })
      .catch(function (error) {
        if (root.documentElement) root.documentElement.setAttribute("data-campushub", "failed");
        if (typeof options.done === "function") options.done(error);
        if (window.console) console.warn("CampusHub prefill: " + error.message);
      });
  }

  window.CampusHubPrefill = { fill: fill };
  if (script && script.getAttribute("data-form") && script.getAttribute("data-ticket")) {
    var start = function () {
      fill({ form: script.getAttribute("data-form"), subject: script.getAttribute("data-subject"),
             ticket: script.getAttribute("data-ticket"), purpose: script.getAttribute("data-purpose") || "prefill" });
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
  }
})();
"""#
}
