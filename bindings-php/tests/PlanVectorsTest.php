<?php

declare(strict_types=1);

namespace CoolifyK8s\Tests;

use CoolifyK8s\CoolifyK8sException;
use CoolifyK8s\Tests\Support\Json;
use CoolifyK8s\Tests\Support\Vectors;
use PHPUnit\Framework\TestCase;

use function CoolifyK8s\checkCluster;
use function CoolifyK8s\parseKubeconfig;
use function CoolifyK8s\parseTop;
use function CoolifyK8s\plan;
use function CoolifyK8s\rewriteK3sKubeconfig;

/**
 * Every vector in tests/vectors/plan/ (see its README): an action through plan() (as a PHP array
 * and as JSON text), or a command's output through its reader; the result is expected.json
 * (canonical JSON text) or expected.txt (exact), or the exception's problems are problems.json.
 */
final class PlanVectorsTest extends TestCase
{
    public function testThereAreVectors(): void
    {
        self::assertNotEmpty(Vectors::cases('plan'), 'no vectors in ' . Vectors::root() . '/plan');
    }

    /** @return iterable<string, array{string, string}> */
    public static function cases(): iterable
    {
        foreach (Vectors::cases('plan') as $name => $dir) {
            $input = Vectors::json("$dir/input.json");
            if (isset($input['parse'])) {
                yield "$name ({$input['parse']})" => [$dir, 'parse'];
            } else {
                yield "$name (array)" => [$dir, 'array'];
                yield "$name (text)" => [$dir, 'text'];
            }
        }
    }

    /** @dataProvider cases */
    public function testResultIsTheCores(string $dir, string $form): void
    {
        $call = match ($form) {
            'array' => static fn (): mixed => plan(Vectors::inputArray($dir)),
            'text' => static fn (): mixed => plan(Vectors::read("$dir/input.json")),
            'parse' => static fn (): mixed => self::parse(Vectors::json("$dir/input.json")),
        };
        if (is_file("$dir/problems.json")) {
            try {
                $call();
                self::fail('no exception');
            } catch (CoolifyK8sException $e) {
                self::assertSame(Vectors::json("$dir/problems.json"), $e->getProblems());
            }

            return;
        }
        if (is_file("$dir/expected.txt")) {
            self::assertSame(Vectors::read("$dir/expected.txt"), $call());

            return;
        }
        self::assertSame(Json::canonicalText(Vectors::read("$dir/expected.json")), Json::canonical($call()));
    }

    /** @param array<string, mixed> $input */
    private static function parse(array $input): mixed
    {
        return match ($input['parse']) {
            'resources' => parseTop($input['text']),
            'cluster-check' => checkCluster($input['text']),
            'kubeconfig' => parseKubeconfig($input['text'], $input['context'] ?? null),
            'k3s-kubeconfig' => rewriteK3sKubeconfig($input['text'], $input['public_address'] ?? ''),
        };
    }
}
