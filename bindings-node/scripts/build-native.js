#!/usr/bin/env node
// Builds the native addon with cargo and copies it where native.js (napi-rs's loader) looks for
// it: coolify-k8s.<platform>-<arch>[-<abi>].node next to package.json. Needs only cargo and Node:
// nothing is downloaded besides the crates cargo fetches.
//
// Environment: CARGO (default `cargo`), CARGO_TARGET_DIR (default
// $HOME/.cache/coolify-k8s/target), COOLIFY_K8S_PROFILE (`release`, the default, or `debug`).
'use strict'

const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const pkgDir = path.resolve(__dirname, '..')
const crate = 'coolify-k8s-node'
const lib = 'coolify_k8s_node'
const binaryName = require(path.join(pkgDir, 'package.json')).napi.binaryName

// The suffix napi-rs's loader expects for this platform (same names as `napi build --platform`).
function platformSuffix() {
  const { platform, arch } = process
  if (platform === 'linux') {
    const glibc = process.report && process.report.getReport().header.glibcVersionRuntime
    const abi = arch === 'arm' ? (glibc ? 'gnueabihf' : 'musleabihf') : glibc ? 'gnu' : 'musl'
    return `linux-${arch}-${abi}`
  }
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

function libraryFile(dir) {
  if (process.platform === 'win32') return path.join(dir, `${lib}.dll`)
  if (process.platform === 'darwin') return path.join(dir, `lib${lib}.dylib`)
  return path.join(dir, `lib${lib}.so`)
}

// The host's target triple, passed explicitly as `napi build` does: both then share one
// artifact folder (<target dir>/<triple>/<profile>) instead of compiling everything twice.
function hostTriple() {
  const rustc = spawnSync(process.env.RUSTC || 'rustc', ['-vV'], { encoding: 'utf8' })
  const host = rustc.stdout && /^host: (.+)$/m.exec(rustc.stdout)
  if (!host) {
    console.error(`coolify-k8s: cannot run rustc (${rustc.error ? rustc.error.message : rustc.stderr}); install Rust from https://rustup.rs`)
    process.exit(1)
  }
  return host[1].trim()
}

const targetDir = process.env.CARGO_TARGET_DIR || path.join(os.homedir(), '.cache', 'coolify-k8s', 'target')
const profile = process.env.COOLIFY_K8S_PROFILE || 'release'
const triple = hostTriple()
const args = ['build', '-p', crate, '--manifest-path', path.join(pkgDir, 'Cargo.toml'), '--target', triple]
if (profile === 'release') args.push('--release')

console.error(`coolify-k8s: cargo ${args.join(' ')} (CARGO_TARGET_DIR=${targetDir})`)
const built = spawnSync(process.env.CARGO || 'cargo', args, {
  cwd: pkgDir,
  stdio: 'inherit',
  env: { ...process.env, CARGO_TARGET_DIR: targetDir },
})
if (built.error) {
  console.error(`coolify-k8s: cannot run cargo (${built.error.message}); install Rust from https://rustup.rs`)
  process.exit(1)
}
if (built.status !== 0) process.exit(built.status || 1)

const from = libraryFile(path.join(targetDir, triple, profile))
const to = path.join(pkgDir, `${binaryName}.${platformSuffix()}.node`)
// Copy through a temporary file and rename, so a running process never sees half a library.
const tmp = `${to}.${process.pid}.tmp`
fs.copyFileSync(from, tmp)
fs.renameSync(tmp, to)
console.error(`coolify-k8s: ${path.relative(pkgDir, to)}`)
