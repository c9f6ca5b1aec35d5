<?php

declare(strict_types=1);

namespace CoolifyK8s\Tests;

use CoolifyK8s\Tests\Support\Json;
use CoolifyK8s\Tests\Support\Vectors;
use PHPUnit\Framework\TestCase;

use function CoolifyK8s\render;
use function CoolifyK8s\renderYaml;

/**
 * Every vector in tests/vectors/render/ through the extension gives the CLI's output: the YAML
 * byte for byte, the manifests equal to `--output json` after a canonical JSON dump (and, re-encoded
 * with two-space indentation, its exact bytes), the warnings equal.
 *
 * Each case runs twice: with the input file's text (JSON or YAML), and with the input as a PHP
 * array (`json_decode($text, true)`, what Coolify passes). YAML inputs have no PHP-array form
 * (PHP has no YAML reader by default), so they run with their text only.
 */
final class RenderVectorsTest extends TestCase
{
    public function testThereAreVectors(): void
    {
        self::assertNotEmpty(Vectors::cases('render'), 'no vectors in ' . Vectors::root() . '/render');
    }

    /** @return iterable<string, array{string, string}> */
    public static function cases(): iterable
    {
        foreach (Vectors::cases('render') as $name => $dir) {
            yield "$name (text)" => [$dir, 'text'];
            if (Vectors::inputArray($dir) !== null) {
                yield "$name (array)" => [$dir, 'array'];
            }
        }
    }

    /** @dataProvider cases */
    public function testYamlIsTheClisBytes(string $dir, string $form): void
    {
        self::assertSame(Vectors::read("$dir/expected.yaml"), renderYaml(self::bundle($dir, $form)));
    }

    /** @dataProvider cases */
    public function testManifestsAreTheClisJson(string $dir, string $form): void
    {
        $rendered = render(self::bundle($dir, $form));
        self::assertSame(['manifests', 'warnings'], array_keys($rendered));

        $expected = Vectors::read("$dir/expected.json");
        self::assertSame(
            Json::canonical(Json::decodeObjects($expected)->items),
            Json::canonical($rendered['manifests']),
        );
        // Stronger: re-encoded the way serde_json prints, they are the CLI's exact bytes.
        self::assertSame(
            $expected,
            Json::cliBytes(['apiVersion' => 'v1', 'kind' => 'List', 'items' => $rendered['manifests']]),
        );
    }

    /** @dataProvider cases */
    public function testWarningsAreTheCores(string $dir, string $form): void
    {
        self::assertSame(Vectors::json("$dir/warnings.json"), render(self::bundle($dir, $form))['warnings']);
    }

    /** @return array<mixed>|string */
    private static function bundle(string $dir, string $form): array|string
    {
        return $form === 'array' ? Vectors::inputArray($dir) : Vectors::read(Vectors::inputFile($dir));
    }
}
