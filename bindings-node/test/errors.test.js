// Failures: one error type, never a crash.
'use strict'

const { test } = require('node:test')
const assert = require('node:assert/strict')
const k8s = require('..')
const { render, renderYaml, verdict, CoolifyK8sError } = k8s

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

// The functions that read one input, as render does.
const readers = ['renderCompose', 'renderComposeYaml', 'plan', 'coordinate']

for (const [what, input] of Object.entries(garbage)) {
  test(`garbage input: ${what}`, () => {
    for (const name of readers) assertCoolifyError(() => k8s[name](input), `${name}(${what})`)
  })
}

// Command output and kubeconfigs are text: anything else is a CoolifyK8sError naming the argument.
const notText = { undefined: undefined, null: null, number: 42, object: { a: 1 }, array: ['a'], BigInt: 12n, Buffer: Buffer.from('pod 1m 1Mi') }

for (const [what, value] of Object.entries(notText)) {
  test(`text readers refuse ${what}`, () => {
    const paths = (fn) => {
      try {
        fn()
      } catch (err) {
        assert.ok(err instanceof CoolifyK8sError, `threw ${err && err.stack}`)
        return err.problems.map((p) => `${p.code} ${p.path}`)
      }
      assert.fail('no error')
    }
    assert.deepEqual(paths(() => k8s.parseTop(value)), ['invalid_argument output'])
    assert.deepEqual(paths(() => k8s.checkCluster(value)), ['invalid_argument output'])
    assert.deepEqual(paths(() => k8s.parseKubeconfig(value)), ['invalid_argument text'])
    assert.deepEqual(paths(() => k8s.rewriteK3sKubeconfig(value, value)), ['invalid_argument text', 'invalid_argument address'])
    if (value !== undefined && value !== null) {
      assert.deepEqual(paths(() => k8s.parseKubeconfig('apiVersion: v1\n', value)), ['invalid_argument context'])
    }
  })
}

for (const text of ['', 'garbage', '{', '\u0000', 'NAME CPU MEMORY\nweb 1x 2y z\n', 'server: [\n']) {
  test(`text readers on ${JSON.stringify(text)}: a result or a CoolifyK8sError`, () => {
    const calls = [() => k8s.parseTop(text), () => k8s.checkCluster(text), () => k8s.parseKubeconfig(text), () => k8s.rewriteK3sKubeconfig(text, '203.0.113.7')]
    for (const call of calls) {
      let result
      try {
        result = call()
      } catch (err) {
        assert.ok(err instanceof CoolifyK8sError, `threw ${err && err.stack}`)
        assert.ok(err.problems.length > 0)
        continue
      }
      assert.ok(typeof result === 'string' || (result && typeof result === 'object'))
    }
    assertCoolifyError(() => k8s.parseKubeconfig(text), `parseKubeconfig(${JSON.stringify(text)})`)
  })
}

test('missing arguments are a CoolifyK8sError too', () => {
  assertCoolifyError(() => render(), 'render()')
  assertCoolifyError(() => renderYaml(), 'renderYaml()')
  assertCoolifyError(() => verdict(), 'verdict()')
  for (const name of [...readers, 'parseTop', 'checkCluster', 'parseKubeconfig', 'rewriteK3sKubeconfig']) {
    assertCoolifyError(() => k8s[name](), `${name}()`)
  }
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
