<?php

declare(strict_types=1);

namespace CoolifyK8s\Tests;

use CoolifyK8s\Tests\Support\Probes;
use PHPUnit\Framework\TestCase;

/**
 * The boundary itself, through the test-probes build in a separate PHP process: a Rust panic
 * becomes a CoolifyK8sException and the process lives on; PHP values survive both conversions
 * (PHP → JSON value → PHP) as json_encode sees them.
 */
final class ConversionTest extends TestCase
{
    public function testAPanicIsACoolifyK8sExceptionAndTheProcessLivesOn(): void
    {
        $run = Probes::run(<<<'PHP'
            try {
                CoolifyK8s\panicProbe();
                echo "no exception\n";
            } catch (CoolifyK8s\CoolifyK8sException $e) {
                echo json_encode($e->getProblems()), "\n";
            }
            $yaml = CoolifyK8s\renderYaml(['application' => ['uuid' => 'abc', 'docker_registry_image_name' => 'nginx', 'build_pack' => 'dockerimage']]);
            echo str_contains($yaml, 'kind: Deployment') ? "alive\n" : "broken\n";
            PHP);
        self::assertSame(0, $run['status'], $run['stderr']);
        self::assertSame(
            json_encode([[
                'code' => 'internal_error',
                'path' => '',
                'message' => 'coolify-k8s hit an internal error (panic: panic probe); please report it with the bundle that caused it',
            ]]) . "\nalive\n",
            $run['stdout'],
        );
        self::assertStringContainsString('panic probe', $run['stderr'], 'the panic hook still reports it');
    }

    public function testValuesSurviveBothConversions(): void
    {
        // Keys in sorted order: maps are read into serde_json's (sorted) map on the way in; the
        // way out keeps the order the core writes (see RenderVectorsTest for the CLI's order).
        $values = [
            'scalars' => ['a' => 1, 'b' => -2.5, 'c' => true, 'd' => false, 'e' => null, 'f' => 'text é ✓', 'g' => '', 'h' => PHP_INT_MAX],
            'empty list' => [],
            'empty object' => new \stdClass(),
            'nested empties' => ['a' => [], 'b' => new \stdClass(), 'c' => [[]], 'd' => [new \stdClass()]],
            'list' => [1, 'two', [3]],
            'map with integer keys' => [3 => 'a', 7 => 'b'],
            'object with list-like keys' => (object) ['0' => 'a', '1' => 'b'],
            'map with numeric string keys' => ['10' => 'x', 'x' => 'y'],
        ];
        $code = '$values = unserialize(' . var_export(serialize($values), true) . ');'
            . 'foreach ($values as $name => $value) {'
            . '  echo $name, "\t", json_encode($value), "\t", json_encode(CoolifyK8s\echoProbe($value)), "\n";'
            . '}';
        $run = Probes::run($code);
        self::assertSame(0, $run['status'], $run['stderr']);
        $lines = array_filter(explode("\n", $run['stdout']));
        self::assertCount(count($values), $lines);
        foreach ($lines as $line) {
            [$name, $in, $out] = explode("\t", $line);
            self::assertSame($in, $out, $name);
        }
    }

    public function testAnEmptyJsonObjectComesBackAsStdClass(): void
    {
        $run = Probes::run('var_export(CoolifyK8s\echoProbe(["emptyDir" => new stdClass(), "items" => []]));');
        self::assertSame(0, $run['status'], $run['stderr']);
        self::assertSame("array (\n  'emptyDir' => \n  (object) array(\n  ),\n  'items' => \n  array (\n  ),\n)", $run['stdout']);
    }

    public function testADateIsItsRfc3339Text(): void
    {
        $run = Probes::run('echo CoolifyK8s\echoProbe(new DateTimeImmutable("2025-05-01 14:00:30.25", new DateTimeZone("+02:00")));');
        self::assertSame(0, $run['status'], $run['stderr']);
        self::assertSame('2025-05-01T14:00:30+02:00', $run['stdout']);
    }
}
