// Failures: one error type, never a crash.
'use strict'

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { render, renderYaml, verdict, CoolifyK8sError } = require('..')

function assertCoolifyError(fn, what) {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof CoolifyK8sError, `${what}: threw ${err && err.stack}`)
    assert.ok(err instanceof Error)
    assert.equal(err.name, 'CoolifyK8sError')
    assert.equal(err.code, 'COOLIFY_K8S_INVALID')
    assert.ok(Array.isArray(err.problems) && err.problems.length > 0, `${what}: no problems`)
    for (const p of err.problems) assert.deepEqual(Object.keys(p).sort(), ['code', 'message', 'path'])
    assert.ok(err.stack.includes('CoolifyK8sError'))
    return true
  })
}

const cycle = { application: {} }
cycle.application.self = cycle

const garbage = {
  undefined: undefined,
  null: null,
  number: 42,
  true: true,
  'empty string': '',
  'blank text': '   \n',
  'JSON array text': '[1, 2, 3]',
  'broken JSON text': '{"application": {',
  'broken YAML text': 'application: [unclosed',
  'YAML scalar': 'just words',
  array: [1, 2, 3],
  'empty object': {},
  'application is a string': { application: 'web' },
  'wrong types everywhere': { application: { uuid: ['x'], ports_exposes: { a: 1 }, fqdn: 7 }, environment_variables: 'nope' },
  BigInt: 12n,
  'BigInt inside': { application: { uuid: 1n } },
  cycle,
  function: () => 1,
  symbol: Symbol('x'),
  'binary noise': Buffer.from([0, 255, 1, 2, 254]).toString('latin1'),
}

for (const [what, bundle] of Object.entries(garbage)) {
  test(`garbage bundle: ${what}`, () => {
    assertCoolifyError(() => render(bundle), `render(${what})`)
    assertCoolifyError(() => renderYaml(bundle), `renderYaml(${what})`)
  })
  test(`garbage observed: ${what}`, () => {
    // The core reads kubectl output leniently: garbage is a verdict or a CoolifyK8sError.
    let result
    try {
      result = verdict(bundle, { now: '2025-05-01T12:00:00Z' })
    } catch (err) {
      assert.ok(err instanceof CoolifyK8sError, `verdict(${what}) threw ${err && err.stack}`)
      assert.ok(err.problems.length > 0)
      return
    }
    assert.equal(typeof result.status, 'string')
  })
}

test('missing arguments are a CoolifyK8sError too', () => {
  assertCoolifyError(() => render(), 'render()')
  assertCoolifyError(() => renderYaml(), 'renderYaml()')
  assertCoolifyError(() => verdict(), 'verdict()')
})

test('a failed call leaves the module usable', () => {
  assert.throws(() => render(12n))
  const bundle = { application: { uuid: 'abc123', name: 'web', build_pack: 'dockerimage', docker_registry_image_name: 'nginx', ports_exposes: '80' } }
  assert.ok(render(bundle).manifests.length > 0)
  assert.ok(renderYaml(JSON.stringify(bundle)).includes('kind: Deployment'))
})

test('CoolifyK8sError can be constructed and inspected like any Error', () => {
  const e = new CoolifyK8sError('COOLIFY_K8S_INVALID', 'x: y [z]', [{ code: 'z', path: 'x', message: 'y' }])
  assert.equal(e.message, 'x: y [z]')
  assert.equal(e.problems[0].code, 'z')
  assert.ok(e instanceof Error)
})

test('a throwing getter is a problem of the bundle, never a crash', () => {
  // JSON.stringify runs getters and toJSON; what they throw is reported as the bundle's problem.
  const bundle = { get application() { throw new TypeError('getter failed') } }
  assertCoolifyError(() => render(bundle), 'throwing getter')
})
