// verdict against tests/vectors/status.
'use strict'

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { verdict, CoolifyK8sError } = require('..')
const { cases, pretty } = require('./vectors')

/** context.json (the core's field names) in the JavaScript spelling. */
function jsContext(c) {
  const out = { now: c.now, deployedAt: c.deployed_at, grace: c.grace, pullRequest: c.pull_request, healthCheck: c.health_check }
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k]
  return out
}

for (const v of cases('status')) {
  test(`status ${v.name}`, { todo: v.todo }, () => {
    const input = v.has('input.json') ? v.text('input.json') : v.text('input.yaml')
    const context = jsContext(v.json('context.json'))
    const expected = v.text('expected.json')
    // The text itself (YAML must go through the core's YAML reader), as the README of the vectors says.
    let actual
    try {
      actual = pretty(verdict(input, context))
    } catch (err) {
      assert.ok(err instanceof CoolifyK8sError, `threw ${err}`)
      actual = pretty({ problems: err.problems })
    }
    assert.equal(actual, expected)
    // A parsed JSON value gives the same verdict.
    if (v.has('input.json') && !JSON.parse(expected).problems) {
      let parsed
      try {
        parsed = JSON.parse(input)
      } catch {
        return
      }
      assert.equal(pretty(verdict(parsed, context)), expected, 'verdict(parsed value)')
    }
  })
}

test('verdict takes Date objects and RFC 3339 strings alike', () => {
  const v = cases('status').find((c) => c.has('input.json') && c.json('context.json').deployed_at && !JSON.parse(c.text('expected.json')).problems)
  const c = v.json('context.json')
  const input = v.text('input.json')
  const withStrings = verdict(input, jsContext(c))
  const withDates = verdict(input, { ...jsContext(c), now: new Date(c.now), deployedAt: new Date(c.deployed_at) })
  assert.deepEqual(withDates, withStrings)
})

test('verdict: an unreadable context is a CoolifyK8sError naming the JavaScript field', () => {
  const list = '{"apiVersion": "v1", "kind": "List", "items": []}'
  assert.throws(
    () => verdict(list, { now: '2025-05-01T12:00:00Z', deployedAt: 'yesterday' }),
    (err) => err instanceof CoolifyK8sError && err.code === 'COOLIFY_K8S_INVALID' && err.problems.length === 1 && err.problems[0].path === 'deployedAt',
  )
  assert.throws(() => verdict(list, {}), (err) => err instanceof CoolifyK8sError && err.problems[0].code === 'invalid_context')
  assert.throws(() => verdict(list, undefined), (err) => err instanceof CoolifyK8sError)
  // Both inputs bad: every problem at once.
  assert.throws(() => verdict('{', { now: 1n }), (err) => err instanceof CoolifyK8sError && err.problems.length === 2)
})
