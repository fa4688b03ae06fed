/// `/console/dom.js`: building elements without innerHTML (values are data, never markup), tables,
/// and the admin API client (Bearer token from sessionStorage).
enum ConsoleDOM {
    static let js = #"""
import { t, stateLabel, element, elementName } from "/console/locale.js";

export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function table(columns, rows, options = {}) {
  const head = h("tr", {}, columns.map((c) => h("th", {}, c.title)));
  const body = rows.map((row) => h("tr", options.rowAttrs ? options.rowAttrs(row) : {},
    columns.map((c) => h("td", { class: c.wrap ? "wrap" : null }, c.cell(row)))));
  if (rows.length === 0) body.push(h("tr", {}, h("td", { colspan: columns.length, class: "muted" }, options.empty || t("table.empty"))));
  return h("div", { class: "scroll" }, h("table", {}, h("thead", {}, head), h("tbody", {}, body)));
}

/// A state badge: the class is the state as sent, the text is its name in the current language.
export const state = (value) => h("span", { class: "state " + String(value || "").toLowerCase() }, stateLabel(value));

/// An element code with the standard's name beside it, for a table cell.
export const elementCell = (code) => elementName(code) ? [code, " ", h("span", { class: "muted" }, elementName(code))] : element(code);

export function duration(run) {
  if (!run.finishedAt) return "";
  const seconds = (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
  return seconds < 60 ? t("duration.seconds", { n: seconds.toFixed(1) }) : t("duration.minutes", { n: Math.round(seconds / 60) });
}

export class Unauthorized extends Error {}

export const api = {
  get token() { return sessionStorage.getItem("campushub.token"); },
  set token(value) { if (value) sessionStorage.setItem("campushub.token", value); else sessionStorage.removeItem("campushub.token"); },
  async request(path, method = "GET") {
    const response = await fetch(path, { method, headers: { Authorization: "Bearer " + this.token }, cache: "no-store" });
    const body = await response.json().catch(() => null);
    if (response.status === 401) throw new Unauthorized(body?.error?.message || t("signin.again"));
    if (!response.ok) throw new Error((body?.error?.code || response.status) + ": " + (body?.error?.message || response.statusText));
    return body;
  },
  get(path) { return this.request(path); },
  post(path) { return this.request(path, "POST"); },
  /// A request whose answer the page reads whatever its status (a save's 412 or 422): {status, body}.
  async send(path, { method = "GET", body, headers = {} } = {}) {
    const json = body === undefined ? {} : { "Content-Type": "application/json" };
    const response = await fetch(path, { method, headers: { Authorization: "Bearer " + this.token, ...json, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store" });
    const answer = await response.json().catch(() => null);
    if (response.status === 401) throw new Unauthorized(answer?.error?.message || t("signin.again"));
    return { status: response.status, body: answer };
  },
};

/// The page's query (after "#/page?").
export function params() {
  const hash = location.hash.replace(/^#\/?/, "");
  const at = hash.indexOf("?");
  return new URLSearchParams(at < 0 ? "" : hash.slice(at + 1));
}

export function go(page, values) {
  const query = new URLSearchParams(Object.entries(values).filter(([, v]) => v !== undefined && v !== "")).toString();
  location.hash = "#/" + page + (query ? "?" + query : "");
}
"""#
}
