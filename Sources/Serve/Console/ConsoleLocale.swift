/// `/console/locale.js`: the console's language (Chinese unless `?lang=` or the operator's saved
/// choice says otherwise), its texts, times in the college's time zone, and the standards' names
/// of elements, code values and entities.
enum ConsoleLocale {
    static let js = #"""
import { strings } from "/console/strings.js";

const SAVED = "campushub.lang";
const codes = strings.languages.map((l) => l.code);

function saved() {
  try { return localStorage.getItem(SAVED); } catch { return null; }
}
function save(code) {
  try { localStorage.setItem(SAVED, code); } catch { /* private mode: the choice lasts this page only */ }
}

/// `?lang=en` or `?lang=zh` wins (and is remembered), then the saved choice, then Chinese.
function initial() {
  const asked = new URLSearchParams(location.search).get("lang");
  if (codes.includes(asked)) { save(asked); return asked; }
  return codes.includes(saved()) ? saved() : codes[0];
}

export let lang = initial();
export const languages = strings.languages;

/// The text of `key` in the current language, with `{name}` filled from `values`.
export function t(key, values) {
  const text = strings[lang][key] ?? strings[codes[0]][key] ?? key;
  return values ? text.replace(/\{(\w+)\}/g, (whole, name) => (values[name] ?? "")) : text;
}

/// A state or outcome word (succeeded, dead, warn...) in the current language; unknown ones as sent.
export function stateLabel(value) {
  const key = "state." + value;
  return key in strings[lang] ? t(key) : String(value ?? "");
}

export function number(value) {
  return typeof value === "number" ? value.toLocaleString(lang === "zh" ? "zh-CN" : "en-US") : String(value ?? "");
}

/// The page's language attribute, title and fixed texts (`data-i18n`, `data-i18n-label`).
export function applyDocument() {
  document.documentElement.lang = t("html.lang");
  document.title = t(document.documentElement.dataset.title || "title");
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-label]")) node.setAttribute("aria-label", t(node.dataset.i18nLabel));
}

export function setLanguage(code) {
  if (!codes.includes(code)) return;
  lang = code;
  save(code);
  const url = new URL(location.href);
  if (url.searchParams.has("lang")) { url.searchParams.set("lang", code); history.replaceState(null, "", url); }
  applyDocument();
}

// The standards and the college's time zone, from /v1/admin/standards once signed in.
const none = { timeZone: "Asia/Shanghai", elements: {}, codeTables: {}, entities: {} };
let standards = none;
export function setStandards(value) { standards = value ?? none; }
export const hasStandards = () => standards !== none;

/// An instant ("2026-12-04T06:05:00Z") as "2026-12-04 14:05" in the college's time zone; a day
/// ("2027-06-30") as it is; anything else as sent.
export function localTime(instant) {
  if (!instant) return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(instant)) return instant;
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return String(instant);
  try {
    const parts = Object.fromEntries(new Intl.DateTimeFormat("en-CA", { timeZone: standards.timeZone, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(date).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
  } catch {
    return String(instant);
  }
}

/// The college's day of an instant, as yyyy-MM-dd.
export const localDay = (instant) => localTime(instant).slice(0, 10);

/// The standard's (Chinese) name of an element code, or "".
export const elementName = (code) => standards.elements[code]?.name || "";

/// "XBM 性别码": the code with the standard's name beside it.
export const element = (code) => [code, elementName(code)].filter(Boolean).join(" ");

/// A value of an element with its code table's name: "1（男）".
export function codeValue(code, value) {
  if (value === undefined || value === null) return "∅";
  const table = standards.codeTables[standards.elements[code]?.codeTable];
  const name = table?.codes?.[value];
  return name ? `${value}（${name}）` : String(value);
}

/// An entity as people call it: its title in Chinese (学生), its name in English.
export const entityName = (name) => (lang === "zh" && standards.entities[name]?.title) || name;
"""#
}
