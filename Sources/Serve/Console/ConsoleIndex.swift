/// `/console/`: the operator console's page. Everything it shows comes from `/v1/admin/...`
/// with the admin token the operator pastes (kept in sessionStorage, sent as a Bearer header).
/// Served in Chinese (the texts of `ConsoleStrings.zh`); `app.js` switches every `data-i18n` text
/// to the operator's language.
enum ConsoleIndex {
    private static func text(_ key: String) -> String { #"data-i18n="\#(key)">\#(ConsoleStrings.text(key))"# }

    private static let nav = ["overview", "quality", "record", "preview", "outbox", "audit", "access", "connectors", "mapping", "files", "standards", "authority", "sharing", "forms", "archive"]
        .map { ##"    <a href="#/\##($0)" \##(text("nav." + $0))</a>"## }.joined(separator: "\n")
    private static let languages = ConsoleStrings.languages
        .map { #"    <option value="\#($0.code)" lang="\#($0.code)">\#($0.name)</option>"# }.joined(separator: "\n")

    static let html = #"""
<!doctype html>
<html lang="\#(ConsoleStrings.text("html.lang"))">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>\#(ConsoleStrings.text("title"))</title>
<link rel="stylesheet" href="/console/console.css">
<script type="module" src="/console/app.js"></script>
</head>
<body>
<header class="bar">
  <a class="brand" href="#/overview">CampusHub</a>
  <nav id="nav" aria-label="\#(ConsoleStrings.text("nav.label"))" data-i18n-label="nav.label">
\#(nav)
  </nav>
  <select id="lang" aria-label="\#(ConsoleStrings.text("lang.label"))" data-i18n-label="lang.label">
\#(languages)
  </select>
  <button id="signout" type="button" hidden \#(text("signout"))</button>
</header>
<main id="main" aria-live="polite"></main>
<section id="signin" class="signin" hidden>
  <form id="signin-form">
    <h1 \#(text("signin.title"))</h1>
    <p><span \#(text("signin.intro"))</span> <code>campushub token create --consumer it-admin</code></p>
    <label for="token" \#(text("signin.token"))</label>
    <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required>
    <button type="submit" \#(text("signin.submit"))</button>
    <p id="signin-error" class="error" role="alert"></p>
  </form>
</section>
</body>
</html>
"""#
}
