/// `/console/charts.js`: hand-written inline SVG charts (no library): records and rejects per
/// run, and horizontal bars of issues per element and rule.
enum ConsoleCharts {
    static let js = #"""
import { t, localDay, localTime } from "/console/locale.js";

const NS = "http://www.w3.org/2000/svg";

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value); else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

/// Runs oldest to newest: a bar of rows read and, over it, the rows rejected; days in the college's time zone.
export function runsChart(runs, label) {
  const width = 600, height = 140, left = 44, bottom = 22, top = 8;
  const ordered = [...runs].reverse();
  const max = Math.max(1, ...ordered.map((r) => r.read));
  const slot = (width - left - 6) / Math.max(ordered.length, 1);
  const y = (value) => top + (height - top - bottom) * (1 - value / max);
  const bars = ordered.flatMap((run, i) => {
    const w = Math.max(2, Math.min(slot * 0.7, 36)), x = left + i * slot + (slot - w) / 2;
    const title = t("chart.run", { run: run.run, at: localTime(run.startedAt), read: run.read, rejected: run.rejected });
    return [
      svg("rect", { class: "read", x, y: y(run.read), width: w, height: Math.max(0, y(0) - y(run.read)) }, svg("title", {}, title)),
      svg("rect", { class: "rejected", x, y: y(run.rejected), width: w, height: Math.max(run.rejected ? 1 : 0, y(0) - y(run.rejected)) }, svg("title", {}, title)),
    ];
  });
  const first = localDay(ordered[0]?.startedAt), last = localDay(ordered[ordered.length - 1]?.startedAt);
  return svg("svg", { class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label },
    svg("line", { x1: left, x2: width, y1: y(0), y2: y(0), stroke: "#bbb" }),
    svg("text", { x: 2, y: top + 10 }, String(max)),
    svg("text", { x: 2, y: y(0) }, "0"),
    svg("text", { x: left, y: height - 6 }, first),
    svg("text", { x: width - 70, y: height - 6 }, last),
    bars);
}

/// One horizontal bar per item ({label, count}); `select(item)` runs when a bar is clicked.
export function barChart(items, select, selected) {
  const row = 22, left = 250, width = 600, height = Math.max(row, items.length * row) + 4;
  const max = Math.max(1, ...items.map((i) => i.count));
  return svg("svg", { class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": t("chart.issues") },
    items.map((item, i) => svg("g", { onclick: () => select(item) },
      svg("text", { x: 4, y: i * row + 15 }, item.label),
      svg("rect", { class: "bar" + (item.key === selected ? " selected" : ""), x: left, y: i * row + 3, height: row - 6,
                    width: Math.max(2, (width - left - 50) * item.count / max) }, svg("title", {}, `${item.label}: ${item.count}`)),
      svg("text", { x: left + 6 + (width - left - 50) * item.count / max, y: i * row + 15 }, String(item.count)))));
}
"""#
}
