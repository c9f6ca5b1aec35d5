// How TypeScript code uses coolify-k8s; type-checked with `tsc --noEmit --strict` and run by
// test/types.test.js.
import { render, renderYaml, verdict, CoolifyK8sError } from '..'
import type { Bundle, Manifest, Problem, Rendered, Verdict, VerdictContext } from '..'

export function main(): void {
  const bundle: Bundle = {
    application: {
      uuid: 'abc123',
      name: 'web',
      build_pack: 'dockerimage',
      docker_registry_image_name: 'nginx',
      ports_exposes: '80',
      fqdn: 'https://web.example.com',
    },
  }

  const rendered: Rendered = render(bundle)
  const kinds: string[] = rendered.manifests.map((m: Manifest) => String(m.kind))
  const warnings: Problem[] = rendered.warnings
  if (!kinds.includes('Deployment') || !Array.isArray(warnings)) throw new Error('no Deployment')

  const yaml: string = renderYaml(JSON.stringify(bundle))
  if (yaml !== renderYaml(bundle)) throw new Error('text and object differ')

  try {
    render({ application: { uuid: 'abc123', ports_exposes: 'not-a-port' } })
    throw new Error('expected a CoolifyK8sError')
  } catch (err) {
    if (!(err instanceof CoolifyK8sError)) throw err
    const code: 'COOLIFY_K8S_INVALID' | 'COOLIFY_K8S_INTERNAL' = err.code
    const paths: string[] = err.problems.map((p: Problem) => p.path)
    if (code !== 'COOLIFY_K8S_INVALID' || paths.length === 0) throw new Error('unexpected error shape')
  }

  const context: VerdictContext = { now: new Date('2025-05-01T12:00:30Z'), deployedAt: '2025-05-01T12:00:00Z', grace: 120 }
  const v: Verdict = verdict({ apiVersion: 'v1', kind: 'List', items: [] }, context)
  if (v.status !== 'starting:unknown') throw new Error(`unexpected status ${String(v.status)}`)
  const fromText: Verdict = verdict('apiVersion: v1\nkind: List\nitems: []\n', { now: '2025-05-01T12:10:00Z' })
  if (typeof fromText.reason !== 'string') throw new Error('no reason')
}
