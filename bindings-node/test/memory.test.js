// Many calls in a loop do not grow memory without bound.
'use strict'

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { render, renderYaml, verdict, renderCompose, plan, coordinate } = require('..')
const { root, cases } = require('./vectors')

const MiB = 1024 * 1024

function rssAfter(n, fn) {
  for (let i = 0; i < n; i++) fn(i)
  if (global.gc) global.gc()
  return process.memoryUsage().rss
}

test('20k calls: RSS stays flat after warm-up', { timeout: 300_000 }, (t) => {
  const text = fs.readFileSync(path.join(root, 'render', '01-example-dockerimage-www-redirect', 'input.json'), 'utf8')
  const bundle = JSON.parse(text)
  const bad = { application: { uuid: 'x', ports_exposes: 'nope' } }
  const first = cases('compose')[0]
  const compose = first.has('input.json') ? first.text('input.json') : first.text('input.yaml')
  const scale = { action: 'scale', replicas: 3, bundle }
  const scenario = cases('coordinate')[0].json('input.json')
  const coordination = { spec: scenario.spec, deployments: scenario.polls[0].deployments }
  const call = (i) => {
    switch (i % 7) {
      case 4:
        return renderCompose(compose)
      case 5:
        return plan(scale)
      case 6:
        return coordinate(coordination, new Date(0))
      case 0:
        return render(bundle)
      case 1:
        return renderYaml(text)
      case 2:
        return verdict('{"apiVersion": "v1", "kind": "List", "items": []}', { now: new Date(0) })
      default:
        try {
          render(bad)
        } catch {}
    }
  }
  const warm = rssAfter(4_000, call)
  const after = rssAfter(20_000, call)
  const grown = (after - warm) / MiB
  t.diagnostic(`RSS ${(warm / MiB).toFixed(1)} MiB after warm-up, ${(after / MiB).toFixed(1)} MiB after 20k more calls`)
  // A leak of one bundle or one result per call would be > 200 MiB here.
  assert.ok(grown < 64, `RSS grew by ${grown.toFixed(1)} MiB over 20k calls (from ${(warm / MiB).toFixed(1)} MiB)`)
})
