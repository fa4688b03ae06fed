/// `/console/sample-form.html`: a service-hall form (学生请假申请) that uses `/prefill.js` exactly as
/// the hall would. The hall's server would write the ticket into the script tag; this sample takes
/// subject and ticket from the URL fragment (never sent to a server):
/// `/console/sample-form.html#subject=2023102001&ticket=chpt_...`.
enum SampleForm {
    static let html = #"""
<!doctype html>
<html lang="\#(ConsoleStrings.text("html.lang"))" data-title="sample.title">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>\#(ConsoleStrings.text("sample.title"))</title>
<link rel="stylesheet" href="/console/console.css">
<script type="module" src="/console/sample-form.js"></script>
</head>
<body>
<main>
<form class="form" id="leave" data-form="student-leave">
  <h1>学生请假申请</h1>
  <p class="muted" data-i18n="sample.note">\#(ConsoleStrings.text("sample.note"))</p>
  <div class="field"><label for="xh">学号</label><input id="xh" name="xh" data-element="XH"></div>
  <div class="field"><label for="xm">姓名</label><input id="xm" name="xm" data-element="XM"></div>
  <div class="field"><label for="xb">性别</label><input id="xb" name="xb" data-element="XBM" data-show="code"></div>
  <div class="field"><label for="dw">院系</label><input id="dw" name="dw" data-element="DWH" data-show="code"></div>
  <div class="field"><label for="zy">专业</label><input id="zy" name="zy" data-element="ZYM" data-show="code"></div>
  <div class="field"><label for="bj">班级</label><input id="bj" name="bj" data-element="SZBH" data-show="code"></div>
  <div class="field"><label for="dh">手机号码</label><input id="dh" name="dh" data-element="YDDH"></div>
  <div class="field"><label for="reason">请假事由</label><input id="reason" name="reason"></div>
  <button type="submit">提交</button>
</form>
</main>
</body>
</html>
"""#

    static let js = #"""
// The hall's server renders <script src="/prefill.js" data-form=... data-subject=... data-ticket=...>;
// this sample builds that tag from the URL fragment instead. Its own notes follow the console's language.
import { applyDocument } from "/console/locale.js";

applyDocument();
(function () {
  var values = new URLSearchParams(location.hash.slice(1));
  var tag = document.createElement("script");
  tag.src = "/prefill.js";
  tag.setAttribute("data-form", document.getElementById("leave").getAttribute("data-form"));
  tag.setAttribute("data-subject", values.get("subject") || "");
  tag.setAttribute("data-ticket", values.get("ticket") || "");
  document.head.appendChild(tag);
  document.getElementById("leave").addEventListener("submit", function (event) { event.preventDefault(); });
})();
"""#
}
