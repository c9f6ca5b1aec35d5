// The TypeScript definitions hold for a usage example: tsc --noEmit --strict.
'use strict'

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { spawnSync } = require('node:child_process')
const path = require('node:path')

const pkgDir = path.resolve(__dirname, '..')

test('tsc --noEmit --strict test/usage.ts', { timeout: 120_000 }, () => {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [pkgDir] })
  const args = [tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'commonjs', path.join(__dirname, 'usage.ts')]
  const run = spawnSync(process.execPath, args, { cwd: pkgDir, encoding: 'utf8' })
  assert.equal(run.status, 0, `tsc failed:\n${run.stdout}${run.stderr}`)
})

test('the usage example runs', () => {
  // The example is also plain JavaScript once its annotations are gone: run it through tsc's
  // transpiler so that what type-checks is also what works.
  const ts = require(require.resolve('typescript', { paths: [pkgDir] }))
  const fs = require('node:fs')
  const source = fs.readFileSync(path.join(__dirname, 'usage.ts'), 'utf8')
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText
  const m = { exports: {} }
  new Function('require', 'module', 'exports', js)((id) => require(id === '..' ? pkgDir : id), m, m.exports)
  assert.equal(typeof m.exports.main, 'function')
  m.exports.main()
})
