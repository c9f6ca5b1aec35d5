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

/** JSON with every object's keys sorted: compares data whatever the key order. */
function canonical(value) {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  )
}

/** The core's pretty JSON (serde_json `to_string_pretty` plus a newline). */
function pretty(value) {
  return `${JSON.stringify(value, null, 2)}\n`
}

module.exports = { root, cases, canonical, pretty }
