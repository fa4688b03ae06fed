/// `/console/app.js`: sign-in, the language switch, the hash router and error display.
enum ConsoleApp {
    static let js = #"""
import { h, api, Unauthorized } from "/console/dom.js";
import * as pages from "/console/pages.js";
import { t, lang, setLanguage, applyDocument, setStandards, hasStandards } from "/console/locale.js";

const main = document.getElementById("main");
const signin = document.getElementById("signin");
const signout = document.getElementById("signout");
const language = document.getElementById("lang");

applyDocument();
language.value = lang;
language.addEventListener("change", () => { setLanguage(language.value); if (api.token) render(); });

function showSignin(message) {
  main.replaceChildren();
  signin.hidden = false;
  signout.hidden = true;
  document.getElementById("signin-error").textContent = message || "";
  document.getElementById("token").focus();
}

// Each navigation's number: a page that loads after a newer navigation started is dropped, so a
// slow page never replaces the one the operator went on to (nor ends the newer one's busy state).
let navigation = 0;

async function render() {
  if (!api.token) return showSignin();
  const mine = ++navigation;
  signin.hidden = true;
  signout.hidden = false;
  const name = (location.hash.replace(/^#\/?/, "").split("?")[0]) || "overview";
  const page = pages[name] || pages.overview;
  for (const link of document.querySelectorAll("#nav a")) link.classList.toggle("active", link.getAttribute("href").slice(2) === name);
  main.setAttribute("aria-busy", "true");
  try {
    // Element names, code tables and the college's time zone, once per sign-in.
    if (!hasStandards()) setStandards(await api.get("/v1/admin/standards"));
    const content = await page(render);
    if (mine !== navigation) return;
    main.replaceChildren(...[content].flat(3).filter(Boolean));
    main.dataset.page = name;
  } catch (error) {
    if (mine !== navigation) return;
    if (error instanceof Unauthorized) { api.token = null; return showSignin(error.message); }
    main.replaceChildren(h("h1", {}, t("error.title")), h("p", { class: "error", role: "alert" }, error.message));
    main.dataset.page = name + ":error";
  } finally {
    if (mine === navigation) main.removeAttribute("aria-busy");
  }
}

document.getElementById("signin-form").addEventListener("submit", (event) => {
  event.preventDefault();
  api.token = document.getElementById("token").value.trim();
  document.getElementById("token").value = "";
  render();
});
signout.addEventListener("click", () => { api.token = null; setStandards(null); showSignin(); });
window.addEventListener("hashchange", render);
render();
"""#
}
