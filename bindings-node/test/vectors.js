// Shared test vectors (tests/vectors/<capability>/<case>/), read by every language's tests.
'use strict'

const fs = require('node:fs')
const path = require('node:path')

const root = process.env.COOLIFY_K8S_VECTORS || path.resolve(__dirname, '..', '..', 'tests', 'vectors')

// Known gaps: `<capability>/<case>` → why. Listed cases run as `todo` (reported, not failing).
const EXPECTED_FAILURES = {}

/** The case folders of one capability, sorted; throws when there are none. */
function cases(capability) {
  const dir = path.join(root, capability)
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => fs.statSync(path.join(dir, n)).isDirectory()).sort() : []
  if (names.length === 0) throw new Error(`no vectors in ${dir}`)
  return names.map((name) => {
    const caseDir = path.join(dir, name)
    const file = (f) => path.join(caseDir, f)
    const has = (f) => fs.existsSync(file(f))
    const text = (f) => fs.readFileSync(file(f), 'utf8')
    return { name, id: `${capability}/${name}`, dir: caseDir, has, text, json: (f) => JSON.parse(text(f)), todo: EXPECTED_FAILURES[`${capability}/${name}`] }
  })
}

/** Every object's keys sorted, as a serde_json `Value` holds them. */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]))
  return value
}

/** JSON with every object's keys sorted: compares data whatever the key order. */
function canonical(value) {
  return JSON.stringify(sortKeys(value))
}

/** The core's pretty JSON (serde_json `to_string_pretty` plus a newline). */
function pretty(value) {
  return `${JSON.stringify(value, null, 2)}\n`
}

/**
 * The outcomes of a coordinate scenario (tests/vectors/coordinate/README.md): each poll's input
 * is the scenario's keys but `polls`, overlaid with the poll's but `step`, with `status` from the
 * previous decision unless the poll gives one; passed to `coordinate` as serde_json's pretty
 * text (keys sorted), or as the object itself. One `{step, decision}` or `{step, problems}` per poll.
 */
function runScenario(coordinate, scenario, asText) {
  let previous
  return scenario.polls.map((poll) => {
    const input = Object.fromEntries(Object.entries(scenario).filter(([k]) => k !== 'polls'))
    for (const [k, v] of Object.entries(poll)) if (k !== 'step') input[k] = v
    if (!('status' in poll) && previous !== undefined) input.status = previous
    const outcome = 'step' in poll ? { step: poll.step } : {}
    try {
      const decision = coordinate(asText ? JSON.stringify(sortKeys(input), null, 2) : input)
      previous = decision.status
      outcome.decision = decision
    } catch (err) {
      if (!Array.isArray(err.problems)) throw err
      outcome.problems = err.problems
    }
    return outcome
  })
}

module.exports = { root, cases, canonical, pretty, sortKeys, runScenario }
