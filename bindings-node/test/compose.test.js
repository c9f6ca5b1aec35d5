// renderCompose / renderComposeYaml against tests/vectors/compose and tests/vectors/compose-errors.
'use strict'

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { renderCompose, renderComposeYaml, CoolifyK8sError } = require('..')
const { cases, canonical } = require('./vectors')

/** The input as text (what the CLI reads) and, when it is a JSON object, also as JavaScript data. */
function inputs(v) {
  const text = v.has('input.json') ? v.text('input.json') : v.text('input.yaml')
  if (!v.has('input.json')) return { text }
  const parsed = JSON.parse(text)
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? { text, object: parsed } : { text }
}

for (const v of cases('compose')) {
  test(`compose ${v.name}`, { todo: v.todo }, () => {
    const expectedItems = v.json('expected.json').items.map(canonical)
    const expectedWarnings = v.json('warnings.json')
    for (const [kind, input] of Object.entries(inputs(v))) {
      assert.equal(renderComposeYaml(input), v.text('expected.yaml'), `renderComposeYaml(${kind})`)
      const rendered = renderCompose(input)
      assert.deepEqual(Object.keys(rendered).sort(), ['manifests', 'warnings'])
      assert.deepEqual(rendered.manifests.map(canonical), expectedItems, `renderCompose(${kind}).manifests`)
      assert.deepEqual(rendered.warnings, expectedWarnings, `renderCompose(${kind}).warnings`)
    }
  })
}

for (const v of cases('compose-errors')) {
  test(`compose-errors ${v.name}`, { todo: v.todo }, () => {
    const expected = v.json('problems.json')
    assert.ok(expected.length > 0, 'problems.json lists no problem')
    for (const [kind, input] of Object.entries(inputs(v))) {
      for (const fn of [renderCompose, renderComposeYaml]) {
        assert.throws(
          () => fn(input),
          (err) => {
            assert.ok(err instanceof CoolifyK8sError, `${fn.name}(${kind}) threw ${err}`)
            assert.equal(err.code, 'COOLIFY_K8S_INVALID')
            assert.deepEqual(err.problems, expected, `${fn.name}(${kind}).problems`)
            assert.equal(err.message, expected.map((p) => `${p.path}: ${p.message} [${p.code}]`).join('\n'))
            return true
          },
        )
      }
    }
  })
}

test('renderCompose: an object and its JSON or YAML text give the same result', () => {
  const input = {
    uuid: 'k8w3sdf0o4c',
    variables: { POSTGRES_PASSWORD: 's3cret' },
    compose: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n',
  }
  const yaml = Object.entries(input).map(([k, v]) => `${k}: ${JSON.stringify(v)}\n`).join('')
  assert.deepEqual(renderCompose(input), renderCompose(JSON.stringify(input)))
  assert.equal(renderComposeYaml(input), renderComposeYaml(yaml))
  assert.ok(renderComposeYaml(input).includes('kind: Deployment'))
})
