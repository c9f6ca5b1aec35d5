<?php

declare(strict_types=1);

namespace CoolifyK8s;

/**
 * Coolify's orchestrator operations for a Kubernetes destination, built on the `coolify_k8s`
 * extension: each operation asks the core for its command plan (`CoolifyK8s\plan()`), hands the
 * commands to the {@see CommandRunner} (Coolify's SSH `instant_remote_process()`), and reads
 * what they print with the core (`verdict()`, `parseTop()`). The commands, their order, quoting
 * and failure handling are the core's.
 *
 * Each operation takes the application's bundle (what `CoolifyK8s\render()` takes: Coolify's
 * `$application->toArray()` under `application`, its environment variables, storages and server
 * settings) where Coolify's `OrchestratorInterface` takes the `Application` model; building that
 * bundle is Coolify's side of the wiring.
 *
 * The `*Compose` operations do the same for a compose resource (a `dockercompose` application or
 * a one-click service): they take what `CoolifyK8s\renderCompose()` takes — the compose file
 * under `compose`, the resource's `uuid`, `variables`, `docker_compose_domains`, `server`, ... —
 * and act on all its workloads at once.
 */
final class KubernetesOrchestrator
{
    /** @var \Closure(): (\DateTimeInterface|string) */
    private readonly \Closure $now;

    /**
     * @param CommandRunner $runner runs the commands on the server that reaches the cluster
     * @param array{namespace?: string, kubeconfig?: string, context?: string} $target where
     *        kubectl points (`--kubeconfig=`, `--context=`, `-n`); the namespace defaults to the
     *        bundle's
     * @param (\Closure(): (\DateTimeInterface|string))|null $now the clock for status verdicts
     *        (the core reads none); the current time when not given
     */
    public function __construct(
        private readonly CommandRunner $runner,
        private readonly array $target = [],
        ?\Closure $now = null,
    ) {
        $this->now = $now ?? static fn (): \DateTimeInterface => new \DateTimeImmutable();
    }

    /**
     * The core's plan for one action on the application, with this orchestrator's target: for
     * callers that run the steps their own way (one by one, keeping `hidden` steps out of logs).
     *
     * @param array<string, mixed> $bundle
     * @param array<string, mixed> $options the action's own options (`replicas`, `tail`, ...)
     *
     * @return array{action: string, steps: list<array{command: string, description: string, fatal: bool, hidden: bool}>, warnings: list<array{code: string, path: string, message: string}>}
     *
     * @throws CoolifyK8sException when the bundle or the options have problems
     */
    public function plan(string $action, array $bundle, array $options = []): array
    {
        return plan(['action' => $action, 'bundle' => $bundle] + $options + $this->target);
    }

    /**
     * Deploys: the pre-deployment command (when set), server-side apply of the rendered objects,
     * rollout status (rolled back when it fails), prune of objects no longer rendered, the
     * post-deployment command (when set).
     *
     * @param array<string, mixed> $bundle
     * @param string|null $image the exact image reference to run (what the deploy job built and
     *        pushed); it becomes the bundle's `image`
     * @param array{timeout_seconds?: int, prune?: bool, claims?: bool, rollback?: bool} $options
     *
     * @throws CoolifyK8sException when the bundle has problems (nothing runs then)
     * @throws \RuntimeException when a command fails (from the runner)
     */
    public function deploy(array $bundle, ?string $image = null, array $options = []): bool
    {
        if ($image !== null) {
            $bundle['image'] = $image;
        }
        $this->run('deploy', $bundle, $options);

        return true;
    }

    /**
     * @param array<string, mixed> $bundle
     *
     * @throws CoolifyK8sException|\RuntimeException
     */
    public function scale(array $bundle, int $replicas): bool
    {
        $this->run('scale', $bundle, ['replicas' => $replicas]);

        return true;
    }

    /**
     * Scales to zero; every object stays.
     *
     * @param array<string, mixed> $bundle
     *
     * @throws CoolifyK8sException|\RuntimeException
     */
    public function stop(array $bundle): bool
    {
        $this->run('stop', $bundle);

        return true;
    }

    /**
     * A rolling restart of the application's pods.
     *
     * @param array<string, mixed> $bundle
     *
     * @throws CoolifyK8sException|\RuntimeException
     */
    public function restart(array $bundle): bool
    {
        $this->run('restart', $bundle);

        return true;
    }

    /**
     * Reads the application's Deployments, ReplicaSets, Pods, autoscalers and the namespace's
     * events, and returns the core's verdict: `status` in Coolify's words (`running:healthy`,
     * `degraded:unhealthy`, ...), `reason`, `message`, `replicas`, `rollout`, `pods`, `workloads`.
     *
     * @param array<string, mixed> $bundle
     * @param array<string, mixed> $context the verdict's context (`deployed_at`, `grace`,
     *        `pull_request`, `health_check`); `now` defaults to the clock
     *
     * @return array<string, mixed>
     *
     * @throws CoolifyK8sException|\RuntimeException
     */
    public function getStatus(array $bundle, array $context = []): array
    {
        // One run per step: each prints one JSON document; the verdict reads them as a list.
        $outputs = [];
        foreach ($this->plan('status', $bundle)['steps'] as $step) {
            $outputs[] = $this->runner->run([$step['command']]);
        }
        $context['now'] ??= ($this->now)();

        return verdict('[' . implode(',', $outputs) . ']', $context);
    }

    /**
     * The last `$lines` lines of every container of the application's pods, each line prefixed
     * with its pod and container.
     *
     * @param array<string, mixed> $bundle
     *
     * @throws CoolifyK8sException|\RuntimeException
     */
    public function getLogs(array $bundle, int $lines = 100): string
    {
        return $this->run('logs', $bundle, ['tail' => $lines]);
    }

    /**
     * Runs `$command` with `sh -c` in the application's newest ready pod and returns its output.
     *
     * @param array<string, mixed> $bundle
     *
     * @throws CoolifyK8sException|\RuntimeException (also when no pod is ready)
     */
    public function execute(array $bundle, string $command): string
    {
        return $this->run('exec', $bundle, ['command' => ['sh', '-c', $command]]);
    }

    /**
     * The application's pods' CPU and memory use (`kubectl top`, needs the metrics server):
     * `['pods' => [...], 'cpu_millicores' => ..., 'memory_bytes' => ...]`.
     *
     * @param array<string, mixed> $bundle
     *
     * @return array{pods: list<array<string, mixed>>, cpu_millicores: int, memory_bytes: int}
     *
     * @throws CoolifyK8sException|\RuntimeException
     */
    public function getResources(array $bundle): array
    {
        return parseTop($this->run('resources', $bundle));
    }

    /**
     * The core's plan for one action on a compose resource, with this orchestrator's target.
     *
     * @param array<string, mixed> $compose what `renderCompose()` takes
     * @param array<string, mixed> $options the action's own options (`tail`, `service`, ...)
     *
     * @return array{action: string, steps: list<array{command: string, description: string, fatal: bool, hidden: bool}>, warnings: list<array{code: string, path: string, message: string}>}
     *
     * @throws CoolifyK8sException when the compose resource or the options have problems
     */
    public function planCompose(string $action, array $compose, array $options = []): array
    {
        return plan(['action' => $action, 'compose' => $compose] + $options + $this->target);
    }

    /**
     * Deploys a compose resource: server-side apply of its objects, the rollout of each
     * Deployment and StatefulSet (each rolled back when it fails), prune of objects no longer
     * rendered.
     *
     * @param array<string, mixed> $compose
     * @param array{timeout_seconds?: int, prune?: bool, claims?: bool, rollback?: bool} $options
     *
     * @throws CoolifyK8sException when the compose resource has problems (nothing runs then)
     * @throws \RuntimeException when a command fails (from the runner)
     */
    public function deployCompose(array $compose, array $options = []): bool
    {
        $this->runCompose('deploy', $compose, $options);

        return true;
    }

    /**
     * Scales every Deployment and StatefulSet of the compose resource to zero; every object stays.
     *
     * @param array<string, mixed> $compose
     *
     * @throws CoolifyK8sException|\RuntimeException
     */
    public function stopCompose(array $compose): bool
    {
        $this->runCompose('stop', $compose);

        return true;
    }

    /**
     * Scales every Deployment and StatefulSet of the compose resource back to its rendered count.
     *
     * @param array<string, mixed> $compose
     *
     * @throws CoolifyK8sException|\RuntimeException
     */
    public function startCompose(array $compose): bool
    {
        $this->runCompose('start', $compose);

        return true;
    }

    /**
     * A rolling restart of every Deployment and StatefulSet of the compose resource.
     *
     * @param array<string, mixed> $compose
     *
     * @throws CoolifyK8sException|\RuntimeException
     */
    public function restartCompose(array $compose): bool
    {
        $this->runCompose('restart', $compose);

        return true;
    }

    /**
     * Scales one service of the compose resource (its Deployment or StatefulSet).
     *
     * @param array<string, mixed> $compose
     *
     * @throws CoolifyK8sException|\RuntimeException
     */
    public function scaleCompose(array $compose, string $service, int $replicas): bool
    {
        $this->runCompose('scale', $compose, ['service' => $service, 'replicas' => $replicas]);

        return true;
    }

    /**
     * Runs `$command` with `sh -c` in the newest ready pod of one service of the compose resource
     * and returns its output.
     *
     * @param array<string, mixed> $compose
     *
     * @throws CoolifyK8sException|\RuntimeException (also when no pod is ready)
     */
    public function executeCompose(array $compose, string $service, string $command): string
    {
        return $this->runCompose('exec', $compose, ['service' => $service, 'command' => ['sh', '-c', $command]]);
    }

    /**
     * Reads the compose resource's Deployments, StatefulSets, Jobs, ReplicaSets, Pods and the
     * namespace's events, and returns the core's verdict over all its services (Coolify's
     * aggregation; services with `exclude_from_hc` and one-shot Jobs are left out).
     *
     * @param array<string, mixed> $compose
     * @param array<string, mixed> $context the verdict's context; `now` defaults to the clock
     *
     * @return array<string, mixed>
     *
     * @throws CoolifyK8sException|\RuntimeException
     */
    public function getComposeStatus(array $compose, array $context = []): array
    {
        $outputs = [];
        foreach ($this->planCompose('status', $compose)['steps'] as $step) {
            $outputs[] = $this->runner->run([$step['command']]);
        }
        $context['now'] ??= ($this->now)();

        return verdict('[' . implode(',', $outputs) . ']', $context);
    }

    /**
     * The last `$lines` lines of the compose resource's pods, or of one service's.
     *
     * @param array<string, mixed> $compose
     *
     * @throws CoolifyK8sException|\RuntimeException
     */
    public function getComposeLogs(array $compose, int $lines = 100, ?string $service = null): string
    {
        return $this->runCompose('logs', $compose, ['tail' => $lines] + ($service === null ? [] : ['service' => $service]));
    }

    /**
     * Runs a compose plan's commands, in order, as one list.
     *
     * @param array<string, mixed> $compose
     * @param array<string, mixed> $options
     */
    private function runCompose(string $action, array $compose, array $options = []): string
    {
        return $this->runner->run(array_column($this->planCompose($action, $compose, $options)['steps'], 'command'));
    }

    /**
     * Runs a plan's commands, in order, as one list.
     *
     * @param array<string, mixed> $bundle
     * @param array<string, mixed> $options
     */
    private function run(string $action, array $bundle, array $options = []): string
    {
        return $this->runner->run(array_column($this->plan($action, $bundle, $options)['steps'], 'command'));
    }
}
