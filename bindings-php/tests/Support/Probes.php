<?php

declare(strict_types=1);

namespace CoolifyK8s\Tests\Support;

/**
 * Runs PHP code in a separate process with the test-probes build of the extension
 * (`cargo build --features test-probes`, which adds `CoolifyK8s\panicProbe()` and
 * `CoolifyK8s\echoProbe()`); test.sh builds it and sets COOLIFY_K8S_PROBES_EXT.
 */
final class Probes
{
    /**
     * Runs `$code` and returns what it printed (stdout) and the exit status.
     *
     * @return array{stdout: string, stderr: string, status: int}
     */
    public static function run(string $code): array
    {
        $ext = getenv('COOLIFY_K8S_PROBES_EXT');
        if ($ext === false || !is_file($ext)) {
            throw new \RuntimeException(
                'COOLIFY_K8S_PROBES_EXT must name the test-probes build of the extension '
                . '(cargo build -p coolify_k8s --features test-probes); test.sh sets it',
            );
        }
        $process = proc_open(
            [PHP_BINARY, '-d', 'extension=' . $ext, '-d', 'display_errors=stderr', '-r', $code],
            [1 => ['pipe', 'w'], 2 => ['pipe', 'w']],
            $pipes,
            null,
            ['RUST_BACKTRACE' => '0'] + getenv(),
        );
        if (!is_resource($process)) {
            throw new \RuntimeException('cannot start ' . PHP_BINARY);
        }
        $stdout = stream_get_contents($pipes[1]);
        $stderr = stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);

        return ['stdout' => (string) $stdout, 'stderr' => (string) $stderr, 'status' => proc_close($process)];
    }
}
