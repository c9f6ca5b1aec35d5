// plan and its readers against tests/vectors/plan.
'use strict'

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { plan, parseTop, checkCluster, parseKubeconfig, rewriteK3sKubeconfig, CoolifyK8sError } = require('..')
const { cases, pretty } = require('./vectors')

/** A `parse` vector through its reader: what a plan's commands printed, or a kubeconfig. */
function read(input) {
  switch (input.parse) {
    case 'resources':
      return parseTop(input.text)
    case 'cluster-check':
      return checkCluster(input.text)
    case 'kubeconfig':
      return parseKubeconfig(input.text, input.context)
    case 'k3s-kubeconfig':
      return rewriteK3sKubeconfig(input.text, input.public_address ?? '')
    default:
      throw new Error(`unknown reader ${input.parse}`)
  }
}

for (const v of cases('plan')) {
  test(`plan ${v.name}`, { todo: v.todo }, () => {
    const text = v.text('input.json')
    const input = JSON.parse(text)
    // An action as an object and as JSON text; a reader's input as the text it reads.
    const calls = input.parse ? { [input.parse]: () => read(input) } : { object: () => plan(input), text: () => plan(text) }
    for (const [kind, call] of Object.entries(calls)) {
      if (v.has('problems.json')) {
        assert.throws(call, (err) => {
          assert.ok(err instanceof CoolifyK8sError, `${kind} threw ${err}`)
          assert.equal(err.code, 'COOLIFY_K8S_INVALID')
          assert.equal(pretty(err.problems), v.text('problems.json'), `${kind}: problems`)
          return true
        })
      } else if (v.has('expected.txt')) {
        assert.equal(call(), v.text('expected.txt'), kind)
      } else {
        // The CLI's bytes: the core's field order survives JSON.parse.
        assert.equal(pretty(call()), v.text('expected.json'), kind)
      }
    }
  })
}
