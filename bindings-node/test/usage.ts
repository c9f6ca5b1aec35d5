// How TypeScript code uses coolify-k8s; type-checked with `tsc --noEmit --strict` and run by
// test/types.test.js.
import { render, renderYaml, verdict, renderCompose, plan, coordinate, CoolifyK8sError } from '..'
import type { Bundle, ComposeInput, Decision, Manifest, Plan, Problem, Rendered, Step, Verdict, VerdictContext } from '..'

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

  const compose: ComposeInput = { uuid: 'k8w3sdf0o4c', compose: 'services:\n  web:\n    image: nginx:1.27\n' }
  const composed: Rendered = renderCompose(compose)
  if (!composed.manifests.some((m: Manifest) => m.kind === 'Deployment')) throw new Error('no compose Deployment')

  const scale: Plan = plan({ action: 'scale', replicas: 3, bundle })
  const commands: string[] = scale.steps.filter((s: Step) => !s.hidden).map((s: Step) => s.command)
  // commands[0] === 'kubectl -n default scale deployment/abc123 --replicas=3 </dev/null'
  if (commands[0] !== 'kubectl -n default scale deployment/abc123 --replicas=3 </dev/null') throw new Error(`unexpected ${commands[0]}`)

  const selector = { labelSelector: { matchLabels: { component: 'web' } } }
  const decision: Decision = coordinate({ spec: selector, deployments: [] }, new Date('2025-05-01T12:00:00Z'))
  // decision.status is passed back in as `status` on the next poll
  if (decision.status.conditions[0].reason !== 'AllDeploymentsReady') throw new Error('not ready')
}
