import { Parser } from 'yaml';
const inputs = { flow: '['.repeat(200000), flowmap: '{a: '.repeat(100000), dash: '- '.repeat(300000) + 'x', indent: (() => { let s=''; for (let i=0;i<1400;i++) s += ' '.repeat(i) + 'k:\n'; return s; })() };
for (const [k, s] of Object.entries(inputs)) {
  const t0 = Date.now();
  let max = 0, n = 0;
  for (const tok of new Parser().parse(s)) {
    n++;
    // iterative depth
    const stack = [[tok, 0]];
    while (stack.length) { const [t, d] = stack.pop(); if (d > max) max = d; if (t && typeof t === 'object') { if (t.value && typeof t.value === "object") stack.push([t.value, d]); const items = t.items; if (Array.isArray(items)) for (const it of items) { for (const part of [it.key, it.value]) if (part) stack.push([part, d+1]); } } }
  }
  console.log(k, 'tokens', n, 'depth', max, Date.now() - t0, 'ms');
}
