<?php

/*
 * Time per call of the extension's functions, for a few vectors, from a PHP array (what Coolify
 * passes) and from JSON text. Reports; asserts nothing.
 *
 *   php -d extension=/path/to/libcoolify_k8s.so tools/bench.php [SECONDS_PER_ROW]
 */

declare(strict_types=1);

use function CoolifyK8s\render;
use function CoolifyK8s\renderYaml;

$vectors = dirname(__DIR__, 2) . '/tests/vectors/render';
$cases = ['06-minimal-dockerimage', '01-example-dockerimage-www-redirect', '02-example-nixpacks-path-port-basicauth'];
$budget = (float) ($argv[1] ?? 1.0);

/** Median µs per call over 5 rounds of a time budget. */
function perCall(callable $call, float $budget): float
{
    $n = 1;
    $start = hrtime(true);
    while ((hrtime(true) - $start) / 1e9 < $budget / 10) {
        $call();
        $n++;
    }
    $rounds = [];
    for ($r = 0; $r < 5; $r++) {
        $t = hrtime(true);
        for ($i = 0; $i < $n; $i++) {
            $call();
        }
        $rounds[] = (hrtime(true) - $t) / 1e3 / $n;
    }
    sort($rounds);

    return $rounds[2];
}

printf("%-46s %14s %14s %14s %14s\n", 'vector (µs per call)', 'render(array)', 'renderYaml(a)', 'render(json)', 'renderYaml(j)');
foreach ($cases as $case) {
    $text = (string) file_get_contents("$vectors/$case/input.json");
    $array = json_decode($text, true, 512, JSON_THROW_ON_ERROR);
    printf(
        "%-46s %14.1f %14.1f %14.1f %14.1f\n",
        $case,
        perCall(static fn () => render($array), $budget),
        perCall(static fn () => renderYaml($array), $budget),
        perCall(static fn () => render($text), $budget),
        perCall(static fn () => renderYaml($text), $budget),
    );
}
