// coordinate against tests/vectors/coordinate.
'use strict'

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { coordinate, CoolifyK8sError } = require('..')
const { cases, pretty, sortKeys, runScenario } = require('./vectors')

/** Problem messages without the `at line L column C` that only a text parse can give. */
function withoutPosition(outcomes) {
  return JSON.parse(JSON.stringify(outcomes).replace(/ at line \d+ column \d+"/g, '"'))
}

for (const v of cases('coordinate')) {
  test(`coordinate ${v.name}`, { todo: v.todo }, () => {
    const scenario = v.json('input.json')
    const expected = v.text('expected.json')
    // From JSON text: the CLI's bytes, poll after poll.
    assert.equal(pretty(sortKeys(runScenario(coordinate, scenario, true))), expected, 'coordinate(text)')
    // From objects: the same, but for the line and column a text parse names.
    assert.deepEqual(withoutPosition(runScenario(coordinate, scenario, false)), withoutPosition(JSON.parse(expected)), 'coordinate(object)')
  })
}

function firstPoll() {
  const scenario = cases('coordinate')[0].json('input.json')
  return { spec: scenario.spec, deployments: scenario.polls[0].deployments }
}

test('coordinate: `now` as an argument (a Date or RFC 3339 text) sets or replaces the input\'s', () => {
  const at = '2025-01-20T10:00:00Z'
  const expected = coordinate({ ...firstPoll(), now: at })
  assert.deepEqual(coordinate(firstPoll(), at), expected)
  assert.deepEqual(coordinate({ ...firstPoll(), now: '2000-01-01T00:00:00Z' }, new Date(at)), expected)
  assert.deepEqual(coordinate(JSON.stringify(firstPoll()), new Date(at)), expected)
  assert.deepEqual(coordinate({ ...firstPoll(), now: new Date(at) }, null), expected)
  assert.deepEqual(coordinate({ ...firstPoll(), now: at }, undefined), expected)
  assert.throws(
    () => coordinate(firstPoll()),
    (err) => err instanceof CoolifyK8sError && err.problems.length === 1 && err.problems[0].path === 'now' && err.problems[0].code === 'missing_field',
  )
})

for (const [what, now] of Object.entries({ text: 'noon', number: 1737367200, object: {}, BigInt: 1n, 'invalid Date': new Date('x') })) {
  test(`coordinate: a bad now (${what}) is invalid_input at now`, () => {
    assert.throws(
      () => coordinate(firstPoll(), now),
      (err) => {
        assert.ok(err instanceof CoolifyK8sError, `threw ${err}`)
        assert.deepEqual(err.problems.map((p) => [p.code, p.path]), [['invalid_input', 'now']])
        return true
      },
    )
  })
}

test('coordinate: a bad input and a bad now are reported together', () => {
  assert.throws(() => coordinate('{', 'noon'), (err) => err instanceof CoolifyK8sError && err.problems.length === 2)
})
