<?php

declare(strict_types=1);

namespace CoolifyK8s\Tests;

use CoolifyK8s\CoolifyK8sException;
use CoolifyK8s\Tests\Support\Vectors;
use PHPUnit\Framework\TestCase;

use function CoolifyK8s\coordinate;
use function CoolifyK8s\plan;
use function CoolifyK8s\render;
use function CoolifyK8s\renderCompose;
use function CoolifyK8s\renderComposeYaml;
use function CoolifyK8s\renderYaml;
use function CoolifyK8s\verdict;

/** The extension's surface: module name, functions, the exception, and how PHP values are read. */
final class ExtensionTest extends TestCase
{
    private const EXAMPLE = 'render/01-example-dockerimage-www-redirect';

    public function testTheModuleIsCalledCoolifyK8s(): void
    {
        self::assertContains('coolify_k8s', get_loaded_extensions());
        $functions = ['render', 'renderYaml', 'verdict', 'plan', 'parseTop', 'checkCluster', 'parseKubeconfig', 'rewriteK3sKubeconfig', 'renderCompose', 'renderComposeYaml', 'coordinate'];
        foreach ($functions as $function) {
            self::assertTrue(function_exists("CoolifyK8s\\$function"), "CoolifyK8s\\$function");
        }
        self::assertSame((new \ReflectionExtension('coolify_k8s'))->getVersion(), phpversion('coolify_k8s'));
    }

    public function testTheExceptionIsAnExceptionPhpCanBuildAndExtend(): void
    {
        $previous = new \RuntimeException('cause');
        $problems = [['code' => 'c', 'path' => 'p', 'message' => 'm']];
        $e = new CoolifyK8sException('message', $problems, 7, $previous);
        $line = __LINE__ - 1;
        self::assertInstanceOf(\Exception::class, $e);
        self::assertSame('message', $e->getMessage());
        self::assertSame($problems, $e->getProblems());
        self::assertSame(7, $e->getCode());
        self::assertSame($previous, $e->getPrevious());
        self::assertSame(__FILE__, $e->getFile());
        self::assertSame($line, $e->getLine());

        $plain = new CoolifyK8sException();
        self::assertSame([], $plain->getProblems());
        self::assertSame('', $plain->getMessage());

        $sub = new class ('sub') extends CoolifyK8sException {
        };
        self::assertSame([], $sub->getProblems());
        self::assertSame('sub', $sub->getMessage());

        $this->expectException(\TypeError::class);
        new CoolifyK8sException('m', [], 0, new \stdClass()); // @phpstan-ignore-line
    }

    public function testProblemsAreThrownFromTheCallersLine(): void
    {
        try {
            render(['application' => ['uuid' => 'abc', 'ports_exposes' => 'http', 'docker_registry_image_name' => 'nginx']]);
            self::fail('no exception');
        } catch (CoolifyK8sException $e) {
            self::assertSame(__LINE__ - 3, $e->getLine());
            self::assertSame(__FILE__, $e->getFile());
            self::assertSame('invalid_port', $e->getProblems()[0]['code']);
            self::assertSame('application.ports_exposes[0]', $e->getProblems()[0]['path']);
        }
    }

    public function testABundleIsAnArrayOrText(): void
    {
        foreach ([5, 1.5, true, null, new \stdClass()] as $wrong) {
            try {
                render($wrong);
                self::fail('no TypeError for ' . get_debug_type($wrong));
            } catch (\TypeError $e) {
                self::assertSame(
                    'CoolifyK8s\render(): Argument #1 ($bundle) must be of type array|string, ' . get_debug_type($wrong) . ' given',
                    $e->getMessage(),
                );
            }
        }
        $this->expectException(\TypeError::class);
        verdict(5, ['now' => '2025-05-01T12:00:00Z']);
    }

    public function testEveryInputIsAnArrayOrText(): void
    {
        $calls = [
            'renderCompose' => static fn (mixed $v): mixed => renderCompose($v),
            'renderComposeYaml' => static fn (mixed $v): mixed => renderComposeYaml($v),
            'plan' => static fn (mixed $v): mixed => plan($v),
            'coordinate' => static fn (mixed $v): mixed => coordinate($v),
        ];
        $names = ['renderCompose' => 'input', 'renderComposeYaml' => 'input', 'plan' => 'action', 'coordinate' => 'input'];
        foreach ($calls as $function => $call) {
            foreach ([5, 1.5, true, null, new \stdClass()] as $wrong) {
                try {
                    $call($wrong);
                    self::fail("$function: no TypeError for " . get_debug_type($wrong));
                } catch (\TypeError $e) {
                    self::assertSame(
                        "CoolifyK8s\\$function(): Argument #1 (\${$names[$function]}) must be of type array|string, " . get_debug_type($wrong) . ' given',
                        $e->getMessage(),
                    );
                }
            }
        }
        try {
            coordinate([], 5);
            self::fail('no TypeError');
        } catch (\TypeError $e) {
            self::assertSame('CoolifyK8s\\coordinate(): Argument #2 ($now) must be of type DateTimeInterface|string|null, int given', $e->getMessage());
        }
    }

    /** @return iterable<string, array{mixed}> */
    public static function garbage(): iterable
    {
        yield 'empty array' => [[]];
        yield 'a list' => [[1, 2, 3]];
        yield 'empty text' => [''];
        yield 'blank text' => ["   \n"];
        yield 'broken JSON' => ['{"compose": '];
        yield 'broken YAML' => ['compose: [unclosed'];
        yield 'a YAML scalar' => ['just words'];
        yield 'JSON array text' => ['[1, 2, 3]'];
        yield 'wrong types' => [['compose' => ['a' => 1], 'uuid' => [1], 'spec' => 7, 'action' => 3, 'deployments' => 'x']];
        yield 'not UTF-8' => [['compose' => "caf\xe9"]];
        yield 'binary text' => ["\x00\xff\x01"];
    }

    /** @dataProvider garbage */
    public function testGarbageIsACoolifyK8sException(mixed $input): void
    {
        $calls = [
            'renderCompose' => static fn (): mixed => renderCompose($input),
            'renderComposeYaml' => static fn (): mixed => renderComposeYaml($input),
            'plan' => static fn (): mixed => plan($input),
            'coordinate' => static fn (): mixed => coordinate($input),
            'coordinate with a bad now' => static fn (): mixed => coordinate($input, 'noon'),
        ];
        foreach ($calls as $function => $call) {
            try {
                $call();
                self::fail("$function: no exception");
            } catch (CoolifyK8sException $e) {
                self::assertNotEmpty($e->getProblems(), $function);
                foreach ($e->getProblems() as $problem) {
                    self::assertSame(['code', 'path', 'message'], array_keys($problem), $function);
                }
            }
        }
    }

    public function testAnArrayAndItsJsonRenderTheSame(): void
    {
        $bundle = Vectors::inputArray(Vectors::root() . '/' . self::EXAMPLE);
        self::assertSame(renderYaml(json_encode($bundle, JSON_THROW_ON_ERROR)), renderYaml($bundle));
    }

    public function testAnEloquentModelAndStdClassAreReadAsJsonEncodeReadsThem(): void
    {
        $bundle = Vectors::inputArray(Vectors::root() . '/' . self::EXAMPLE);
        $expected = renderYaml($bundle);

        // An Eloquent model is JsonSerializable (its toArray()); a stdClass is its properties.
        $model = new class ($bundle['application']) implements \JsonSerializable {
            /** @param array<string, mixed> $attributes */
            public function __construct(private readonly array $attributes)
            {
            }

            public function jsonSerialize(): mixed
            {
                return $this->attributes;
            }
        };
        self::assertSame($expected, renderYaml(['application' => $model] + $bundle));
        $asObject = json_decode(json_encode($bundle['application'], JSON_THROW_ON_ERROR), false);
        self::assertSame($expected, renderYaml(['application' => $asObject] + $bundle));
    }

    public function testAnExceptionFromJsonSerializeIsTheOneThatPropagates(): void
    {
        $failing = new class () implements \JsonSerializable {
            public function jsonSerialize(): mixed
            {
                throw new \DomainException('from jsonSerialize');
            }
        };
        $this->expectException(\DomainException::class);
        $this->expectExceptionMessage('from jsonSerialize');
        render(['application' => $failing]);
    }

    /** @return iterable<string, array{mixed, string, string}> */
    public static function unreadable(): iterable
    {
        yield 'not UTF-8' => [['application' => ['name' => "caf\xe9"]], 'application.name', '`application.name` is not valid UTF-8 text'];
        yield 'NAN' => [['application' => ['limits_cpus' => NAN]], 'application.limits_cpus', '`application.limits_cpus` is not a finite number (NAN or INF)'];
        yield 'a list item' => [['environment_variables' => [['key' => 'A', 'value' => INF]]], 'environment_variables[0].value', '`environment_variables[0].value` is not a finite number (NAN or INF)'];
        yield 'a resource' => [['application' => ['name' => STDERR]], 'application.name', '`application.name` cannot be read as JSON (a Resource)'];
    }

    /** @dataProvider unreadable */
    public function testAValueWithoutAJsonFormIsAProblem(mixed $bundle, string $path, string $message): void
    {
        try {
            render($bundle);
            self::fail('no exception');
        } catch (CoolifyK8sException $e) {
            self::assertSame([['code' => 'invalid_value', 'path' => $path, 'message' => $message]], $e->getProblems());
        }
    }

    public function testARecursiveArrayIsAProblem(): void
    {
        $loop = [];
        $loop['again'] = &$loop;
        try {
            render(['application' => $loop]);
            self::fail('no exception');
        } catch (CoolifyK8sException $e) {
            self::assertSame('invalid_value', $e->getProblems()[0]['code']);
            self::assertStringContainsString('nested more than 512 levels deep', $e->getProblems()[0]['message']);
        }
    }

    public function testVerdictContextTakesTextOrDateTime(): void
    {
        $observed = ['apiVersion' => 'v1', 'kind' => 'List', 'items' => []];
        $asText = verdict($observed, ['now' => '2025-05-01T12:00:30Z', 'deployed_at' => '2025-05-01T12:00:00Z']);
        $asDates = verdict($observed, [
            'now' => new \DateTimeImmutable('2025-05-01 14:00:30', new \DateTimeZone('+02:00')),
            'deployed_at' => new \DateTime('2025-05-01T12:00:00Z'),
        ]);
        self::assertSame('starting:unknown', $asText['status']);
        self::assertSame($asText, $asDates);
    }

    public function testVerdictContextProblemsNameTheField(): void
    {
        try {
            verdict([], []);
            self::fail('no exception');
        } catch (CoolifyK8sException $e) {
            self::assertSame([['code' => 'invalid_context', 'path' => 'context', 'message' => 'missing field `now`']], $e->getProblems());
        }
        try {
            verdict([], ['now' => 'yesterday']);
            self::fail('no exception');
        } catch (CoolifyK8sException $e) {
            self::assertSame('context.now', $e->getProblems()[0]['path']);
        }
    }
}
