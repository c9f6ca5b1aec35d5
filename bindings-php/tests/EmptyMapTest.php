<?php

declare(strict_types=1);

namespace CoolifyK8s\Tests;

use CoolifyK8s\Tests\Support\Vectors;
use PHPUnit\Framework\TestCase;

use function CoolifyK8s\renderYaml;

/**
 * PHP has one empty array, and json_encode writes it `[]`: an empty map from Coolify
 * (`$application->toArray()`, or its JSON API) arrives as an empty list. The core reads an empty
 * list in these object-valued settings as "not set".
 */
final class EmptyMapTest extends TestCase
{
    /** @return iterable<string, array{string}> */
    public static function mapFields(): iterable
    {
        foreach (['kubernetes_node_selector', 'kubernetes_pod_labels', 'kubernetes_service_annotations', 'kubernetes_affinity'] as $field) {
            yield $field => [$field];
        }
    }

    /** @dataProvider mapFields */
    public function testAnEmptyPhpArrayMeansNotSet(string $field): void
    {
        $dir = Vectors::root() . '/render/06-minimal-dockerimage';
        $bundle = Vectors::inputArray($dir);
        $bundle['application'][$field] = [];
        self::assertSame(file_get_contents($dir . '/expected.yaml'), renderYaml($bundle));
    }
}
