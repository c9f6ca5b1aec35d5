#!/usr/bin/env node
// Time per call of the Node binding for a typical bundle (vector 01, the first Coolify example),
// from an object and from a JSON string, next to the core's own time for the same work.
//
//   node bench.js [--core] [--iterations N] [FILE]
//
// --core also runs the Rust baseline (examples/core_time.rs, built with cargo --release).
// Reports the best of 5 rounds (the least disturbed by other processes); asserts nothing.
'use strict'

const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { render, renderYaml } = require('.')

const args = process.argv.slice(2)
const flag = (name) => args.includes(name)
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback)
const iterations = Number(option('--iterations', 2000))
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--iterations') ||
  path.resolve(__dirname, '..', 'tests', 'vectors', 'render', '01-example-dockerimage-www-redirect', 'input.json')

const text = fs.readFileSync(file, 'utf8')
const object = JSON.parse(text)

function perCall(fn) {
  for (let i = 0; i < iterations / 10; i++) fn()
  let best = Infinity
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < iterations; i++) fn()
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e3 / iterations)
  }
  return best
}

console.log(`bundle: ${path.relative(process.cwd(), file)} (${text.length} bytes), ${iterations} calls x 5 rounds, best round`)
const rows = [
  ['render(object)', () => render(object)],
  ['render(string)', () => render(text)],
  ['renderYaml(object)', () => renderYaml(object)],
  ['renderYaml(string)', () => renderYaml(text)],
  ['JSON.parse(string) alone', () => JSON.parse(text)],
]
for (const [name, fn] of rows) console.log(`node  ${name.padEnd(26)} ${perCall(fn).toFixed(1).padStart(9)} µs`)

if (flag('--core')) {
  const env = { ...process.env, CARGO_TARGET_DIR: process.env.CARGO_TARGET_DIR || path.join(os.homedir(), '.cache', 'coolify-k8s', 'target') }
  const cargo = ['run', '-q', '--release', '-p', 'coolify-k8s-node', '--example', 'core_time', '--', file, String(iterations)]
  const run = spawnSync(process.env.CARGO || 'cargo', cargo, { cwd: __dirname, env, encoding: 'utf8' })
  if (run.status !== 0) {
    console.error(run.stderr)
    process.exit(1)
  }
  for (const line of run.stdout.trim().split('\n')) console.log(`core  ${line}`)
}
