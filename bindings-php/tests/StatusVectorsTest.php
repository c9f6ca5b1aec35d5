<?php

declare(strict_types=1);

namespace CoolifyK8s\Tests;

use CoolifyK8s\CoolifyK8sException;
use CoolifyK8s\Tests\Support\Json;
use CoolifyK8s\Tests\Support\Vectors;
use PHPUnit\Framework\TestCase;

use function CoolifyK8s\verdict;

/**
 * Every vector in tests/vectors/status/: verdict() gives expected.json (canonical JSON text), or
 * throws its `problems`, with kubectl's output as text and as a PHP array (when it has one).
 */
final class StatusVectorsTest extends TestCase
{
    public function testThereAreVectors(): void
    {
        self::assertNotEmpty(Vectors::cases('status'), 'no vectors in ' . Vectors::root() . '/status');
    }

    /** @return iterable<string, array{string, string}> */
    public static function cases(): iterable
    {
        foreach (Vectors::cases('status') as $name => $dir) {
            yield "$name (text)" => [$dir, 'text'];
            if (Vectors::inputArray($dir) !== null) {
                yield "$name (array)" => [$dir, 'array'];
            }
        }
    }

    /** @dataProvider cases */
    public function testVerdictIsTheCores(string $dir, string $form): void
    {
        $observed = $form === 'array' ? Vectors::inputArray($dir) : Vectors::read(Vectors::inputFile($dir));
        $context = Vectors::json("$dir/context.json");
        $expected = Vectors::read("$dir/expected.json");
        $problems = Vectors::json("$dir/expected.json")['problems'] ?? null;
        if ($problems !== null) {
            try {
                verdict($observed, $context);
                self::fail('no exception');
            } catch (CoolifyK8sException $e) {
                self::assertSame($problems, $e->getProblems());
            }

            return;
        }
        self::assertSame(Json::canonicalText($expected), Json::canonical(verdict($observed, $context)));
    }
}
