<?php

declare(strict_types=1);

namespace CoolifyK8s;

/**
 * Runs shell commands on the server that reaches the cluster.
 *
 * In Coolify this is its SSH helper `instant_remote_process()` (see
 * {@see InstantRemoteProcessRunner}); in tests, a fake that records the commands and replays
 * recorded kubectl output.
 */
interface CommandRunner
{
    /**
     * Runs the commands in order, as one `bash -se` script the way Coolify's
     * `instant_remote_process()` does (a failing command stops the rest; the core ends the
     * commands of its non-fatal steps in `|| true`), and returns their output.
     *
     * @param list<string> $commands shell commands, each one complete in itself
     *
     * @throws \RuntimeException when a command fails
     */
    public function run(array $commands): string;
}
