'use strict';
const { Registry } = require('../src/prometheus');

describe('Prometheus text format', () => {
  test('counters, gauges and cumulative histograms render in exposition format', () => {
    const reg = new Registry();
    const c = reg.counter('reqs_total', 'Requests.');
    c.inc({ path: '/a', status: 200 });
    c.inc({ path: '/a', status: 200 });
    c.inc({ path: 'say "hi"\n', status: 400 });
    reg.gauge('up', 'Up.').set(1);
    const h = reg.histogram('size', 'Sizes.', [1, 4]);
    [1, 2, 3, 9].forEach((v) => h.observe(v));
    expect(c.get({ path: '/a', status: 200 })).toBe(2);
    expect(reg.render()).toBe([
      '# HELP reqs_total Requests.',
      '# TYPE reqs_total counter',
      'reqs_total{path="/a",status="200"} 2',
      'reqs_total{path="say \\"hi\\"\\n",status="400"} 1',
      '# HELP up Up.',
      '# TYPE up gauge',
      'up 1',
      '# HELP size Sizes.',
      '# TYPE size histogram',
      'size_bucket{le="1"} 1',
      'size_bucket{le="4"} 3',
      'size_bucket{le="+Inf"} 4',
      'size_sum 15',
      'size_count 4',
      '',
    ].join('\n'));
  });
});
