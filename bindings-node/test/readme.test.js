// The README's example is taken from test/usage.ts (which is type-checked and run): every code
// line of the README's TypeScript block must be a line of usage.ts.
'use strict'

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const code = (line) => line.replace(/\s+\/\/.*$/, '').replace(/^\s*\/\/.*$/, '').trim()

test('README example lines come from test/usage.ts', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8')
  const block = /```ts\n([\s\S]*?)```/.exec(readme)
  assert.ok(block, 'no ```ts block in README.md')
  const usage = new Set(fs.readFileSync(path.join(__dirname, 'usage.ts'), 'utf8').split('\n').map(code))
  for (const line of block[1].split('\n').map(code).filter(Boolean)) {
    assert.ok(usage.has(line.replace("'coolify-k8s'", "'..'")), `README line not in test/usage.ts: ${line}`)
  }
})
