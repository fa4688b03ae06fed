/// `/console/`: the operator console's page. Everything it shows comes from `/v1/admin/...`
/// with the admin token the operator pastes (kept in sessionStorage, sent as a Bearer header).
enum ConsoleIndex {
    static let html = #"""
<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CampusHub console</title>
<link rel="stylesheet" href="/console/console.css">
<script type="module" src="/console/app.js"></script>
</head>
<body>
<header class="bar">
  <a class="brand" href="#/overview">CampusHub</a>
  <nav id="nav" aria-label="pages">
    <a href="#/overview">Overview</a>
    <a href="#/quality">Data quality</a>
    <a href="#/record">Records</a>
    <a href="#/preview">Mapping preview</a>
    <a href="#/outbox">Outbox</a>
    <a href="#/audit">Audit</a>
    <a href="#/access">Access</a>
  </nav>
  <button id="signout" type="button" hidden>Sign out</button>
</header>
<main id="main" aria-live="polite"></main>
<section id="signin" class="signin" hidden>
  <form id="signin-form">
    <h1>Sign in</h1>
    <p>Paste an admin token (<code>campushub token create --consumer it-admin</code>). It stays in this browser tab only.</p>
    <label for="token">Admin token</label>
    <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required>
    <button type="submit">Sign in</button>
    <p id="signin-error" class="error" role="alert"></p>
  </form>
</section>
</body>
</html>
"""#
}
