<?php

declare(strict_types=1);

namespace CoolifyK8s;

/**
 * The {@see CommandRunner} for Coolify: hands the commands to Coolify's
 * `instant_remote_process($commands, $server)`, which runs them over SSH on the server and
 * throws when one fails.
 */
final class InstantRemoteProcessRunner implements CommandRunner
{
    /**
     * @param object $server Coolify's `App\Models\Server` the commands run on
     */
    public function __construct(private readonly object $server)
    {
    }

    public function run(array $commands): string
    {
        return (string) \instant_remote_process($commands, $this->server);
    }
}
