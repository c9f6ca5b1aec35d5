<?php

declare(strict_types=1);

namespace CoolifyK8s\Tests;

use CoolifyK8s\CoolifyK8sException;
use CoolifyK8s\Tests\Support\Vectors;
use PHPUnit\Framework\TestCase;

use function CoolifyK8s\render;
use function CoolifyK8s\renderYaml;

/**
 * Every vector in tests/vectors/render-errors/: render() and renderYaml() throw a
 * CoolifyK8sException whose getProblems() is problems.json, with the input as text and as a PHP
 * array (when it has one).
 */
final class RenderErrorVectorsTest extends TestCase
{
    public function testThereAreVectors(): void
    {
        self::assertNotEmpty(Vectors::cases('render-errors'), 'no vectors in ' . Vectors::root() . '/render-errors');
    }

    /** @return iterable<string, array{string, string, string}> */
    public static function cases(): iterable
    {
        foreach (Vectors::cases('render-errors') as $name => $dir) {
            foreach (['render', 'renderYaml'] as $function) {
                yield "$name $function (text)" => [$dir, 'text', $function];
                if (Vectors::inputArray($dir) !== null) {
                    yield "$name $function (array)" => [$dir, 'array', $function];
                }
            }
        }
    }

    /** @dataProvider cases */
    public function testThrowsTheCoresProblems(string $dir, string $form, string $function): void
    {
        $bundle = $form === 'array' ? Vectors::inputArray($dir) : Vectors::read(Vectors::inputFile($dir));
        $expected = Vectors::json("$dir/problems.json");
        try {
            $function === 'render' ? render($bundle) : renderYaml($bundle);
            self::fail('no exception');
        } catch (CoolifyK8sException $e) {
            self::assertSame($expected, $e->getProblems());
            $lines = array_map(static fn (array $p): string => "{$p['path']}: {$p['message']} [{$p['code']}]", $expected);
            self::assertSame(implode("\n", $lines), $e->getMessage());
        }
    }
}
