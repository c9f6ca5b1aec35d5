<?php

declare(strict_types=1);

namespace CoolifyK8s\Tests;

use CoolifyK8s\CoolifyK8sException;
use CoolifyK8s\InstantRemoteProcessRunner;
use CoolifyK8s\KubernetesOrchestrator;
use CoolifyK8s\Tests\Support\FakeCommandRunner;
use CoolifyK8s\Tests\Support\Json;
use CoolifyK8s\Tests\Support\Vectors;
use PHPUnit\Framework\TestCase;

use function CoolifyK8s\plan;
use function CoolifyK8s\renderYaml;

/**
 * The orchestrator's operations with a fake runner that records the commands and replays
 * recorded kubectl output: each operation runs exactly the core's plan, and reads the output
 * with the core.
 */
final class OrchestratorTest extends TestCase
{
    private const UUID = 'q4w8c0k0o4sgs0cgc8kk0so8';

    /** @return array<string, mixed> */
    private static function bundle(): array
    {
        $bundle = Vectors::inputArray(Vectors::root() . '/render/06-minimal-dockerimage');
        self::assertNotNull($bundle);

        return $bundle;
    }

    /**
     * @param array<string, mixed> $options
     *
     * @return list<string>
     */
    private static function planned(string $action, array $options = [], ?array $bundle = null): array
    {
        return array_column(plan(['action' => $action, 'bundle' => $bundle ?? self::bundle()] + $options)['steps'], 'command');
    }

    public function testDeployRunsTheCoresDeployPlanWithTheImage(): void
    {
        $runner = new FakeCommandRunner();
        $image = 'ghcr.io/acme/web@sha256:' . str_repeat('a', 64);
        self::assertTrue((new KubernetesOrchestrator($runner))->deploy(self::bundle(), $image));

        $withImage = ['image' => $image] + self::bundle();
        self::assertSame(self::planned('deploy', [], $withImage), $runner->commands);
        $apply = array_values(array_filter($runner->commands, static fn (string $c): bool => str_contains($c, ' apply --server-side ')));
        self::assertCount(1, $apply);
        self::assertMatchesRegularExpression('/^printf %s ([A-Za-z0-9+\/=]+) \| base64 -d \| kubectl /', $apply[0]);
        preg_match('/^printf %s (\S+) /', $apply[0], $m);
        self::assertSame(renderYaml($withImage), base64_decode($m[1], true));
    }

    public function testTheApplyCommandCarriesTheYamlThroughAShell(): void
    {
        $dir = sys_get_temp_dir() . '/coolify-k8s-apply-' . getmypid();
        @mkdir($dir);
        // A kubectl that records its arguments and what it reads on stdin.
        file_put_contents("$dir/kubectl", "#!/bin/sh\nprintf '%s\\n' \"\$*\" > \"$dir/args\"\ncat > \"$dir/stdin\"\n");
        chmod("$dir/kubectl", 0755);
        [$command] = self::planned('apply');

        exec('PATH=' . escapeshellarg($dir) . ':$PATH bash -c ' . escapeshellarg($command), $out, $status);
        self::assertSame(0, $status);
        self::assertStringContainsString('apply --server-side --field-manager=coolify', (string) file_get_contents("$dir/args"));
        self::assertSame(renderYaml(self::bundle()), file_get_contents("$dir/stdin"));
        array_map('unlink', glob("$dir/*") ?: []);
        rmdir($dir);
    }

    public function testABundleWithProblemsRunsNothing(): void
    {
        $runner = new FakeCommandRunner();
        try {
            (new KubernetesOrchestrator($runner))->deploy(['application' => ['uuid' => 'abc', 'ports_exposes' => 'http']]);
            self::fail('no exception');
        } catch (CoolifyK8sException $e) {
            self::assertSame('invalid_port', $e->getProblems()[0]['code']);
        }
        self::assertSame([], $runner->commands);
    }

    public function testScaleStopRestartRunTheirPlans(): void
    {
        $runner = new FakeCommandRunner();
        $orchestrator = new KubernetesOrchestrator($runner);
        self::assertTrue($orchestrator->scale(self::bundle(), 3));
        self::assertTrue($orchestrator->stop(self::bundle()));
        self::assertTrue($orchestrator->restart(self::bundle()));

        self::assertSame(
            [...self::planned('scale', ['replicas' => 3]), ...self::planned('stop'), ...self::planned('restart')],
            $runner->commands,
        );
        self::assertStringContainsString('scale deployment/' . self::UUID . ' --replicas=3', $runner->commands[0]);
        self::assertStringContainsString('scale deployment/' . self::UUID . ' --replicas=0', $runner->commands[1]);
        self::assertStringContainsString('rollout restart deployment/' . self::UUID, $runner->commands[2]);
    }

    public function testTheTargetReachesEveryKubectlCall(): void
    {
        $runner = new FakeCommandRunner();
        (new KubernetesOrchestrator($runner, ['kubeconfig' => '/data/coolify/kube/prod.yaml', 'context' => 'prod']))
            ->scale(self::bundle(), 2);
        self::assertStringContainsString('kubectl --kubeconfig=/data/coolify/kube/prod.yaml --context=prod ', $runner->commands[0]);
    }

    public function testGetStatusReadsTheClusterStepByStepAndJudges(): void
    {
        $case = Vectors::root() . '/status/10-serving-healthy';
        $context = Vectors::json("$case/context.json");
        $runner = new FakeCommandRunner([
            ' get deployment,replicaset,pod,hpa ' => Vectors::read("$case/input.json"),
            ' get events ' => '{"apiVersion": "v1", "kind": "List", "items": []}',
        ]);
        $now = $context['now'];
        unset($context['now']);

        $status = (new KubernetesOrchestrator($runner, [], static fn (): string => $now))->getStatus(self::bundle(), $context);

        self::assertSame(self::planned('status'), $runner->commands);
        self::assertSame(Json::canonicalText(Vectors::read("$case/expected.json")), Json::canonical($status));
        self::assertSame('running:healthy', $status['status']);
    }

    public function testGetStatusDefaultsNowToTheClock(): void
    {
        $runner = new FakeCommandRunner([' get ' => '{"apiVersion": "v1", "kind": "List", "items": []}']);
        $status = (new KubernetesOrchestrator($runner))->getStatus(self::bundle(), ['deployed_at' => new \DateTimeImmutable('-10 seconds')]);
        self::assertSame('AwaitingObjects', $status['reason']);
    }

    public function testGetLogsReturnsWhatKubectlPrinted(): void
    {
        $logs = "[pod/" . self::UUID . "-7d4b9c-x2x9k/hello] listening on :80\n";
        $runner = new FakeCommandRunner([' logs ' => $logs]);
        self::assertSame($logs, (new KubernetesOrchestrator($runner))->getLogs(self::bundle(), 50));
        self::assertSame(self::planned('logs', ['tail' => 50]), $runner->commands);
        self::assertStringContainsString('--tail=50', $runner->commands[0]);
    }

    public function testExecuteRunsTheCommandWithShInAReadyPod(): void
    {
        $runner = new FakeCommandRunner([' exec ' => "42\n"]);
        self::assertSame("42\n", (new KubernetesOrchestrator($runner))->execute(self::bundle(), 'php artisan tinker --execute="echo 42;"'));
        self::assertSame(self::planned('exec', ['command' => ['sh', '-c', 'php artisan tinker --execute="echo 42;"']]), $runner->commands);
    }

    public function testGetResourcesReadsKubectlTop(): void
    {
        $case = Vectors::root() . '/plan/p01-top';
        $runner = new FakeCommandRunner([' top pods ' => Vectors::json("$case/input.json")['text']]);
        $usage = (new KubernetesOrchestrator($runner))->getResources(self::bundle());
        self::assertSame(self::planned('resources'), $runner->commands);
        self::assertSame(Json::canonicalText(Vectors::read("$case/expected.json")), Json::canonical($usage));
    }

    public function testPlanHandsOutTheStepsWithTheirFlags(): void
    {
        $plan = (new KubernetesOrchestrator(new FakeCommandRunner(), ['context' => 'prod']))->plan('apply', self::bundle());
        self::assertSame('apply', $plan['action']);
        self::assertTrue($plan['steps'][0]['hidden'], 'the apply step carries the env Secret');
        self::assertStringContainsString('--context=prod', $plan['steps'][0]['command']);
    }

    public function testInstantRemoteProcessRunnerHandsCommandsToCoolify(): void
    {
        require_once __DIR__ . '/Support/instant_remote_process.php';
        $server = new \stdClass();
        $output = (new InstantRemoteProcessRunner($server))->run(['echo a', 'echo b']);
        self::assertSame('ran 2', $output);
        self::assertSame([[['echo a', 'echo b'], $server]], $GLOBALS['instant_remote_process_calls']);
    }

    /** @return array<string, mixed> */
    private static function compose(): array
    {
        $input = Vectors::json(Vectors::root() . '/plan/c01-compose-deploy/input.json');

        return $input['compose'];
    }

    public function testComposeOperationsRunTheCoresComposePlans(): void
    {
        $runner = new FakeCommandRunner();
        $orchestrator = new KubernetesOrchestrator($runner, ['context' => 'prod']);
        self::assertTrue($orchestrator->deployCompose(self::compose(), ['prune' => false]));
        self::assertTrue($orchestrator->stopCompose(self::compose()));
        self::assertTrue($orchestrator->startCompose(self::compose()));
        self::assertTrue($orchestrator->restartCompose(self::compose()));
        $orchestrator->getComposeLogs(self::compose(), 20, 'db');
        self::assertTrue($orchestrator->scaleCompose(self::compose(), 'web', 2));
        $orchestrator->executeCompose(self::compose(), 'db', 'pg_isready');

        $expected = [];
        foreach ([['deploy', ['prune' => false]], ['stop', []], ['start', []], ['restart', []], ['logs', ['tail' => 20, 'service' => 'db']], ['scale', ['service' => 'web', 'replicas' => 2]], ['exec', ['service' => 'db', 'command' => ['sh', '-c', 'pg_isready']]]] as [$action, $options]) {
            $plan = plan(['action' => $action, 'compose' => self::compose(), 'context' => 'prod'] + $options);
            array_push($expected, ...array_column($plan['steps'], 'command'));
        }
        self::assertSame($expected, $runner->commands);
        self::assertStringContainsString('scale deployments.apps,statefulsets.apps -l coolify.serviceId=st4ck0k8s', $runner->commands[3]);
        self::assertStringContainsString(',app.kubernetes.io/name=db --tail=20 --prefix </dev/null', implode("\n", $runner->commands));
        self::assertStringContainsString(' -c db -- sh -c pg_isready ', (string) end($runner->commands));
    }

    public function testGetComposeStatusJudgesEveryWorkloadOfTheStack(): void
    {
        $case = Vectors::root() . '/status/compose-stack-serving';
        $context = Vectors::json("$case/context.json");
        $runner = new FakeCommandRunner([
            ' get deployments.apps,statefulsets.apps,jobs.batch,replicasets.apps,pods ' => Vectors::read("$case/input.json"),
            ' get events ' => '{"apiVersion": "v1", "kind": "List", "items": []}',
        ]);
        $now = $context['now'];
        unset($context['now']);

        $status = (new KubernetesOrchestrator($runner, [], static fn (): string => $now))->getComposeStatus(self::compose(), $context);

        self::assertSame(Json::canonicalText(Vectors::read("$case/expected.json")), Json::canonical($status));
        self::assertSame('running:healthy', $status['status']);
    }

    public function testAComposeResourceWithProblemsRunsNothing(): void
    {
        $runner = new FakeCommandRunner();
        try {
            (new KubernetesOrchestrator($runner))->deployCompose(['uuid' => 'x', 'compose' => "services:\n  web: {}\n"]);
            self::fail('no exception');
        } catch (CoolifyK8sException $e) {
            self::assertSame('missing_image', $e->getProblems()[0]['code']);
        }
        self::assertSame([], $runner->commands);
    }
}
