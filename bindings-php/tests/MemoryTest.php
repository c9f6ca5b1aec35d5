<?php

declare(strict_types=1);

namespace CoolifyK8s\Tests;

use CoolifyK8s\Tests\Support\Vectors;
use PHPUnit\Framework\TestCase;

use function CoolifyK8s\render;

/** 100,000 render() calls in one process: memory stays flat. */
final class MemoryTest extends TestCase
{
    private const CALLS = 100_000;

    public function testRssStaysFlat(): void
    {
        $bundle = Vectors::inputArray(Vectors::root() . '/render/01-example-dockerimage-www-redirect');
        self::assertNotNull($bundle);
        for ($i = 0; $i < 1_000; $i++) {
            render($bundle);
        }
        gc_collect_cycles();
        $rssBefore = self::rss();
        $heapBefore = memory_get_usage();
        $start = hrtime(true);
        for ($i = 0; $i < self::CALLS; $i++) {
            $rendered = render($bundle);
        }
        $seconds = (hrtime(true) - $start) / 1e9;
        unset($rendered);
        gc_collect_cycles();
        $rssAfter = self::rss();
        $heapAfter = memory_get_usage();

        fwrite(STDERR, sprintf(
            "\n[memory] %d render() calls: RSS %.1f MiB -> %.1f MiB (%+.2f MiB), Zend heap %d -> %d bytes, %.1f µs/call\n",
            self::CALLS,
            $rssBefore / 1048576,
            $rssAfter / 1048576,
            ($rssAfter - $rssBefore) / 1048576,
            $heapBefore,
            $heapAfter,
            $seconds * 1e6 / self::CALLS,
        ));
        // A leak of 20 bytes per call would show as 2 MB.
        self::assertLessThan(2 * 1048576, $rssAfter - $rssBefore);
        self::assertLessThan(64 * 1024, abs($heapAfter - $heapBefore));
    }

    private static function rss(): int
    {
        preg_match('/^VmRSS:\s+(\d+) kB/m', (string) file_get_contents('/proc/self/status'), $m);

        return (int) $m[1] * 1024;
    }
}
