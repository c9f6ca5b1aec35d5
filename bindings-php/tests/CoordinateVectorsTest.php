<?php

declare(strict_types=1);

namespace CoolifyK8s\Tests;

use CoolifyK8s\CoolifyK8sException;
use CoolifyK8s\Tests\Support\Json;
use CoolifyK8s\Tests\Support\Vectors;
use PHPUnit\Framework\TestCase;

use function CoolifyK8s\coordinate;

/**
 * Every scenario in tests/vectors/coordinate/, poll after poll as its README says: each poll's
 * input is the scenario's keys but `polls`, overlaid with the poll's but `step`, with `status`
 * from the previous decision unless the poll gives one. From JSON text (serde_json's pretty
 * print, keys sorted) the outcomes, printed as the CLI prints them, are expected.json byte for
 * byte; from PHP arrays they are the same but for the line and column a text parse names.
 */
final class CoordinateVectorsTest extends TestCase
{
    public function testThereAreVectors(): void
    {
        self::assertNotEmpty(Vectors::cases('coordinate'), 'no vectors in ' . Vectors::root() . '/coordinate');
    }

    /** @return iterable<string, array{string}> */
    public static function cases(): iterable
    {
        foreach (Vectors::cases('coordinate') as $name => $dir) {
            yield $name => [$dir];
        }
    }

    /** @dataProvider cases */
    public function testFromTextTheOutcomesAreTheClisBytes(string $dir): void
    {
        $outcomes = self::outcomes(Json::decodeObjects(Vectors::read("$dir/input.json")), true);
        self::assertSame(Vectors::read("$dir/expected.json"), Json::cliBytes(Json::sorted($outcomes)));
    }

    /** @dataProvider cases */
    public function testFromArraysTheOutcomesAreTheSame(string $dir): void
    {
        $outcomes = self::outcomes(Json::decodeObjects(Vectors::read("$dir/input.json")), false);
        self::assertSame(
            self::withoutPosition(Vectors::read("$dir/expected.json")),
            self::withoutPosition(Json::cliBytes(Json::sorted($outcomes))),
        );
    }

    public function testNowIsAnArgumentToo(): void
    {
        $at = '2025-01-20T10:00:00Z';
        $input = self::firstPoll();
        $expected = coordinate($input + ['now' => $at]);
        self::assertSame($expected, coordinate($input, $at));
        self::assertSame($expected, coordinate($input + ['now' => '2000-01-01T00:00:00Z'], new \DateTimeImmutable($at)));
        self::assertSame($expected, coordinate(json_encode($input, JSON_THROW_ON_ERROR), new \DateTime('2025-01-20 12:00:00', new \DateTimeZone('+02:00'))));
        self::assertSame($expected, coordinate($input + ['now' => new \DateTimeImmutable($at)], null));
        try {
            coordinate($input);
            self::fail('no exception');
        } catch (CoolifyK8sException $e) {
            self::assertSame([['code' => 'missing_field', 'path' => 'now', 'message' => 'is required: the time of the decision (RFC 3339)']], $e->getProblems());
        }
    }

    public function testABadInputAndABadNowAreReportedTogether(): void
    {
        try {
            coordinate(self::firstPoll(), 'noon');
            self::fail('no exception');
        } catch (CoolifyK8sException $e) {
            self::assertSame([['invalid_input', 'now']], array_map(static fn (array $p): array => [$p['code'], $p['path']], $e->getProblems()));
        }
        try {
            coordinate('{', 'noon');
            self::fail('no exception');
        } catch (CoolifyK8sException $e) {
            self::assertCount(2, $e->getProblems());
        }
    }

    /**
     * One `['step', 'decision']` or `['step', 'problems']` per poll. The scenario is decoded with
     * JSON objects as `stdClass`, so that an empty object stays `{}`.
     *
     * @return list<array<string, mixed>>
     */
    private static function outcomes(\stdClass $scenario, bool $asText): array
    {
        $previous = null;
        $outcomes = [];
        foreach ($scenario->polls as $poll) {
            $input = get_object_vars($scenario);
            unset($input['polls']);
            foreach (get_object_vars($poll) as $key => $value) {
                if ($key !== 'step') {
                    $input[$key] = $value;
                }
            }
            if (!property_exists($poll, 'status') && $previous !== null) {
                $input['status'] = $previous;
            }
            $outcome = property_exists($poll, 'step') ? ['step' => $poll->step] : [];
            try {
                $decision = coordinate($asText ? rtrim(Json::cliBytes(Json::sorted($input)), "\n") : $input);
                $previous = $decision['status'];
                $outcome['decision'] = $decision;
            } catch (CoolifyK8sException $e) {
                $outcome['problems'] = $e->getProblems();
            }
            $outcomes[] = $outcome;
        }

        return $outcomes;
    }

    /** @return array<string, mixed> */
    private static function firstPoll(): array
    {
        $scenario = Vectors::json(array_values(Vectors::cases('coordinate'))[0] . '/input.json');

        return ['spec' => $scenario['spec'], 'deployments' => $scenario['polls'][0]['deployments']];
    }

    private static function withoutPosition(string $json): string
    {
        return (string) preg_replace('/ at line \d+ column \d+"/', '"', $json);
    }

    public function testAnEmptyArrayOfMatchLabelsIsNoLabels(): void
    {
        // PHP has one empty array for `[]` and `{}`: the core reads an empty list as no labels.
        $decision = \CoolifyK8s\coordinate([
            'spec' => ['labelSelector' => ['matchLabels' => [], 'matchExpressions' => [['key' => 'tier', 'operator' => 'Exists']]]],
            'deployments' => [],
        ], '2025-01-20T10:00:00Z');
        self::assertIsArray($decision);
    }
}
