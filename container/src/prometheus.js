'use strict';
// Minimal Prometheus text-format (0.0.4) registry: counters and histograms with labels. Enough for
// the server's own metrics without pulling in a client library.

/** @param {string} v */
const escapeLabel = (v) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

/** @param {Record<string, string|number>} labels */
function labelText(labels) {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(String(v))}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

class Counter {
  /** @param {string} name @param {string} help */
  constructor(name, help) {
    this.name = name;
    this.help = help;
    /** @type {Map<string, { labels: Record<string, string|number>, value: number }>} */
    this.series = new Map();
  }

  /** @param {Record<string, string|number>} [labels] @param {number} [by] */
  inc(labels = {}, by = 1) {
    const key = labelText(labels);
    const s = this.series.get(key);
    if (s) s.value += by;
    else this.series.set(key, { labels, value: by });
  }

  /** @param {Record<string, string|number>} [labels] */
  get(labels = {}) {
    return this.series.get(labelText(labels))?.value ?? 0;
  }

  render() {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, s] of this.series) lines.push(`${this.name}${key} ${s.value}`);
    return lines.join('\n');
  }
}

class Gauge extends Counter {
  /** @param {number} value @param {Record<string, string|number>} [labels] */
  set(value, labels = {}) {
    this.series.set(labelText(labels), { labels, value });
  }

  render() {
    return super.render().replace(`# TYPE ${this.name} counter`, `# TYPE ${this.name} gauge`);
  }
}

class Histogram {
  /** @param {string} name @param {string} help @param {number[]} buckets upper bounds, ascending */
  constructor(name, help, buckets) {
    this.name = name;
    this.help = help;
    this.buckets = buckets;
    /** @type {Map<string, { labels: Record<string, string|number>, counts: number[], sum: number, count: number }>} */
    this.series = new Map();
  }

  /** @param {number} value @param {Record<string, string|number>} [labels] */
  observe(value, labels = {}) {
    const key = labelText(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels, counts: new Array(this.buckets.length).fill(0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    // counts are per bucket here and made cumulative when rendered (observe stays O(buckets) worst case).
    const i = this.buckets.findIndex((b) => value <= b);
    if (i >= 0) s.counts[i] += 1;
    s.sum += value;
    s.count += 1;
  }

  render() {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((b, i) => {
        cumulative += s.counts[i];
        lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: b })} ${cumulative}`);
      });
      lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`);
      lines.push(`${this.name}_sum${labelText(s.labels)} ${s.sum}`);
      lines.push(`${this.name}_count${labelText(s.labels)} ${s.count}`);
    }
    return lines.join('\n');
  }
}

class Registry {
  constructor() {
    /** @type {(Counter|Histogram)[]} */
    this.metrics = [];
  }

  /** @param {string} name @param {string} help */
  counter(name, help) { return this.add(new Counter(name, help)); }

  /** @param {string} name @param {string} help */
  gauge(name, help) { return this.add(new Gauge(name, help)); }

  /** @param {string} name @param {string} help @param {number[]} buckets */
  histogram(name, help, buckets) { return this.add(new Histogram(name, help, buckets)); }

  /** @template {Counter|Histogram} T @param {T} m @returns {T} */
  add(m) {
    this.metrics.push(m);
    return m;
  }

  render() {
    return `${this.metrics.map((m) => m.render()).join('\n')}\n`;
  }
}

const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

module.exports = { Registry, Counter, Gauge, Histogram, CONTENT_TYPE };
