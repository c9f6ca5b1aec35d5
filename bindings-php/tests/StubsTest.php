<?php

declare(strict_types=1);

namespace CoolifyK8s\Tests;

use PHPUnit\Framework\TestCase;

/** stubs/coolify_k8s.php is what tools/stubs.php generates from the loaded extension. */
final class StubsTest extends TestCase
{
    public function testStubsMatchTheExtension(): void
    {
        require_once dirname(__DIR__) . '/tools/stubs.php';
        self::assertSame(
            \CoolifyK8s\Tools\stubs('coolify_k8s'),
            file_get_contents(dirname(__DIR__) . '/stubs/coolify_k8s.php'),
            'stale stubs: php -d extension=... tools/stubs.php > stubs/coolify_k8s.php',
        );
    }
}
