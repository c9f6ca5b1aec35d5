// render / renderYaml against tests/vectors/render and tests/vectors/render-errors.
'use strict'

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { render, renderYaml, CoolifyK8sError } = require('..')
const { cases, canonical } = require('./vectors')

for (const v of cases('render')) {
  const input = v.has('input.json') ? v.text('input.json') : v.text('input.yaml')
  const inputs = v.has('input.json') ? { text: input, object: JSON.parse(input) } : { text: input }

  test(`render ${v.name}`, { todo: v.todo }, () => {
    const expectedItems = v.json('expected.json').items.map(canonical)
    const expectedWarnings = v.has('warnings.json') ? v.json('warnings.json') : []
    for (const [kind, bundle] of Object.entries(inputs)) {
      assert.equal(renderYaml(bundle), v.text('expected.yaml'), `renderYaml(${kind})`)
      const rendered = render(bundle)
      assert.deepEqual(Object.keys(rendered).sort(), ['manifests', 'warnings'])
      assert.deepEqual(rendered.manifests.map(canonical), expectedItems, `render(${kind}).manifests`)
      assert.deepEqual(rendered.warnings, expectedWarnings, `render(${kind}).warnings`)
    }
  })
}

for (const v of cases('render-errors')) {
  test(`render-errors ${v.name}`, { todo: v.todo }, () => {
    const text = v.text('input.json')
    const expected = v.json('problems.json')
    // The text, as the CLI reads it; and the parsed value where it is an object.
    const inputs = { text }
    const parsed = JSON.parse(text)
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) inputs.object = parsed
    for (const [kind, bundle] of Object.entries(inputs)) {
      for (const fn of [render, renderYaml]) {
        assert.throws(
          () => fn(bundle),
          (err) => {
            assert.ok(err instanceof CoolifyK8sError, `${fn.name}(${kind}) threw ${err}`)
            assert.ok(err instanceof Error)
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
