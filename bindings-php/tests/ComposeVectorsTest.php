<?php

declare(strict_types=1);

namespace CoolifyK8s\Tests;

use CoolifyK8s\CoolifyK8sException;
use CoolifyK8s\Tests\Support\Json;
use CoolifyK8s\Tests\Support\Vectors;
use PHPUnit\Framework\TestCase;

use function CoolifyK8s\renderCompose;
use function CoolifyK8s\renderComposeYaml;

/**
 * Every vector in tests/vectors/compose/ through the extension gives the CLI's output (`coolify-k8s
 * compose`): the YAML byte for byte, the manifests equal to `--output json` after a canonical JSON
 * dump (and, re-encoded with two-space indentation, its exact bytes), the warnings equal. Every
 * vector in tests/vectors/compose-errors/: the same problems.
 *
 * Each case runs with the input file's text (JSON or YAML) and, when it is JSON, with the input
 * as a PHP array.
 */
final class ComposeVectorsTest extends TestCase
{
    public function testThereAreVectors(): void
    {
        self::assertNotEmpty(Vectors::cases('compose'), 'no vectors in ' . Vectors::root() . '/compose');
        self::assertNotEmpty(Vectors::cases('compose-errors'), 'no vectors in ' . Vectors::root() . '/compose-errors');
    }

    /** @return iterable<string, array{string, string}> */
    public static function cases(): iterable
    {
        return self::forms('compose');
    }

    /** @return iterable<string, array{string, string}> */
    public static function errorCases(): iterable
    {
        return self::forms('compose-errors');
    }

    /** @dataProvider cases */
    public function testYamlIsTheClisBytes(string $dir, string $form): void
    {
        self::assertSame(Vectors::read("$dir/expected.yaml"), renderComposeYaml(self::input($dir, $form)));
    }

    /** @dataProvider cases */
    public function testManifestsAreTheClisJson(string $dir, string $form): void
    {
        $rendered = renderCompose(self::input($dir, $form));
        self::assertSame(['manifests', 'warnings'], array_keys($rendered));

        $expected = Vectors::read("$dir/expected.json");
        self::assertSame(
            Json::canonical(Json::decodeObjects($expected)->items),
            Json::canonical($rendered['manifests']),
        );
        self::assertSame(
            $expected,
            Json::cliBytes(['apiVersion' => 'v1', 'kind' => 'List', 'items' => $rendered['manifests']]),
        );
    }

    /** @dataProvider cases */
    public function testWarningsAreTheCores(string $dir, string $form): void
    {
        self::assertSame(Vectors::json("$dir/warnings.json"), renderCompose(self::input($dir, $form))['warnings']);
    }

    /** @dataProvider errorCases */
    public function testProblemsAreTheCores(string $dir, string $form): void
    {
        $expected = Vectors::json("$dir/problems.json");
        self::assertNotEmpty($expected);
        foreach (['renderCompose', 'renderComposeYaml'] as $function) {
            try {
                $function === 'renderCompose' ? renderCompose(self::input($dir, $form)) : renderComposeYaml(self::input($dir, $form));
                self::fail("$function: no exception");
            } catch (CoolifyK8sException $e) {
                self::assertSame($expected, $e->getProblems(), $function);
                $lines = array_map(static fn (array $p): string => "{$p['path']}: {$p['message']} [{$p['code']}]", $expected);
                self::assertSame(implode("\n", $lines), $e->getMessage(), $function);
            }
        }
    }

    public function testAnArrayAndItsJsonOrYamlTextRenderTheSame(): void
    {
        $input = [
            'uuid' => 'k8w3sdf0o4c',
            'variables' => ['POSTGRES_PASSWORD' => 's3cret'],
            'compose' => "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD}\n",
        ];
        $yaml = '';
        foreach ($input as $key => $value) {
            $yaml .= $key . ': ' . json_encode($value, JSON_THROW_ON_ERROR) . "\n";
        }
        self::assertSame(renderCompose(json_encode($input, JSON_THROW_ON_ERROR)), renderCompose($input));
        self::assertSame(renderComposeYaml($yaml), renderComposeYaml($input));
        self::assertStringContainsString('kind: Deployment', renderComposeYaml($input));
    }

    /** @return iterable<string, array{string, string}> */
    private static function forms(string $kind): iterable
    {
        foreach (Vectors::cases($kind) as $name => $dir) {
            yield "$name (text)" => [$dir, 'text'];
            if (Vectors::inputArray($dir) !== null) {
                yield "$name (array)" => [$dir, 'array'];
            }
        }
    }

    /** @return array<mixed>|string */
    private static function input(string $dir, string $form): array|string
    {
        return $form === 'array' ? Vectors::inputArray($dir) : Vectors::read(Vectors::inputFile($dir));
    }
}
